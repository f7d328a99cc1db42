// swift-tools-version: 6.0

import PackageDescription

// The main demo and the YAML/JSON file layer. This package resolves only what they use (swift-argument-parser
// and Yams), so the README's first command builds no networking stack. The SwiftNIO proxy lives in its own
// nested package, `Proxy/`.
let package = Package(
    name: "Examples",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "failover-demo", targets: ["FailoverDemo"]),
        .library(name: "EdgeRoutingFiles", targets: ["EdgeRoutingFiles"]),
    ],
    dependencies: [
        // Named explicitly: SwiftPM would otherwise name a path dependency after its folder, which
        // differs between checkouts (see TOOLCHAIN.md).
        .package(name: "EdgeRouting", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
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
    ],
    swiftLanguageModes: [.v6]
)
