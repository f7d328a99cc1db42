// swift-tools-version: 6.0

import PackageDescription

// envoy-config: EdgeRouting as a control plane. The exporter (EnvoyExport) turns the edge Gateway, the
// edge's location, the topology and the router settings into Envoy v3 configuration; the CLI writes a
// static bootstrap or a directory of file-based xDS resources that a running Envoy follows. A package of
// its own so that neither the main demo nor the proxy resolves anything for it.
let package = Package(
    name: "EnvoyConfig",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "envoy-config", targets: ["EnvoyConfigCommand"]),
        .library(name: "EnvoyExport", targets: ["EnvoyExport"]),
    ],
    dependencies: [
        // Named explicitly: SwiftPM would otherwise name a path dependency after its folder, which
        // differs between checkouts (see TOOLCHAIN.md).
        .package(name: "EdgeRouting", path: "../.."),
        .package(name: "Examples", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "EnvoyExport",
            dependencies: [.product(name: "EdgeRouting", package: "EdgeRouting")]
        ),
        .executableTarget(
            name: "EnvoyConfigCommand",
            dependencies: [
                "EnvoyExport",
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "EdgeRoutingFiles", package: "Examples"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Unit tests of the exporter and the CLI, and (in `Envoy/`) the tests against a real Envoy 1.40.
        .testTarget(
            name: "EnvoyConfigTests",
            dependencies: [
                "EnvoyExport",
                "EnvoyConfigCommand",
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "EdgeRoutingFiles", package: "Examples"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
