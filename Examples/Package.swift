// swift-tools-version: 6.0

import PackageDescription

let package = Package(
    name: "Examples",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "failover-demo", targets: ["FailoverDemo"]),
        .library(name: "EdgeRoutingFiles", targets: ["EdgeRoutingFiles"]),
        .executable(name: "edge-proxy", targets: ["EdgeProxy"]),
        .executable(name: "ingress-stub", targets: ["IngressStub"]),
        .library(name: "ProxyKit", targets: ["ProxyKit"]),
    ],
    dependencies: [
        // Named explicitly: SwiftPM would otherwise name a path dependency after its folder, which
        // differs between checkouts (see TOOLCHAIN.md).
        .package(name: "EdgeRouting", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(
            name: "EdgeRoutingFiles",
            dependencies: [
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "FailoverDemo",
            dependencies: [
                "EdgeRoutingFiles",
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "EdgeRoutingTestSupport", package: "EdgeRouting"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "EdgeRoutingFilesTests",
            dependencies: ["EdgeRoutingFiles", .product(name: "EdgeRouting", package: "EdgeRouting")],
            exclude: ["Documents"]
        ),
        .testTarget(
            name: "FailoverDemoTests",
            dependencies: [
                "FailoverDemo",
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "EdgeRoutingTestSupport", package: "EdgeRouting"),
            ]
        ),
        // The SwiftNIO reverse proxy that embeds EdgeRouter, and the ingress stub it is tested against.
        .target(
            name: "ProxyKit",
            dependencies: [
                "EdgeRoutingFiles",
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
                "EdgeRoutingFiles",
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
