// swift-tools-version: 6.2

import PackageDescription

// EdgeRouting inside a Hummingbird 2 application: a middleware that routes each request through an
// EdgeRouter to the ingress gateways with AsyncHTTPClient, retrying with the router's back-off and
// reporting every attempt's outcome. Its own package, because Hummingbird and AsyncHTTPClient take
// minutes to build and nothing else in Examples/ needs them.
let package = Package(
    name: "HummingbirdEdgeExample",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "HummingbirdEdge", targets: ["HummingbirdEdge"]),
        .executable(name: "hummingbird-edge", targets: ["HummingbirdEdgeCommand"]),
    ],
    dependencies: [
        // Named explicitly: SwiftPM would otherwise name a path dependency after its folder, which
        // differs between checkouts (see TOOLCHAIN.md).
        .package(name: "EdgeRouting", path: "../.."),
        .package(name: "Integrations", path: "../Integrations"),
        // Without the default traits: the example needs neither swift-configuration nor full Foundation.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "HummingbirdEdge",
            dependencies: [
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "EdgeRoutingHTTPTypes", package: "Integrations"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "HummingbirdEdgeCommand",
            dependencies: [
                "HummingbirdEdge",
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "HummingbirdEdgeTests",
            dependencies: [
                "HummingbirdEdge",
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "EdgeRoutingTestSupport", package: "EdgeRouting"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
