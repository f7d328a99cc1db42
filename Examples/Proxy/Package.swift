// swift-tools-version: 6.0

import PackageDescription

// edge-proxy, the SwiftNIO reverse proxy that embeds EdgeRouter, and ingress-stub, the ingress gateway it
// is tested against. A package of its own so that the main demo (`Examples/`) resolves no networking stack.
let package = Package(
    name: "EdgeProxy",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "edge-proxy", targets: ["EdgeProxy"]),
        .executable(name: "ingress-stub", targets: ["IngressStub"]),
        .library(name: "ProxyKit", targets: ["ProxyKit"]),
    ],
    dependencies: [
        // Named explicitly: SwiftPM would otherwise name a path dependency after its folder, which
        // differs between checkouts (see TOOLCHAIN.md).
        .package(name: "EdgeRouting", path: "../.."),
        .package(name: "Examples", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(
            name: "ProxyKit",
            dependencies: [
                .product(name: "EdgeRoutingFiles", package: "Examples"),
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "EdgeProxy",
            dependencies: [
                "ProxyKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "IngressStub",
            dependencies: [
                "ProxyKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "EdgeProxyTests",
            dependencies: [
                "ProxyKit",
                .product(name: "EdgeRoutingFiles", package: "Examples"),
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
