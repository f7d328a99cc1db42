// swift-tools-version: 6.0

import PackageDescription

// Adapters between EdgeRouting and the packages a Swift server already uses. Each adapter is its own
// library target with only the dependencies it needs, so that depending on one builds nothing of the
// others.
let package = Package(
    name: "Integrations",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EdgeRoutingHTTPTypes", targets: ["EdgeRoutingHTTPTypes"]),
        .library(name: "EdgeRoutingMetrics", targets: ["EdgeRoutingMetrics"]),
    ],
    dependencies: [
        // Named explicitly: SwiftPM would otherwise name a path dependency after its folder, which
        // differs between checkouts (see TOOLCHAIN.md).
        .package(name: "EdgeRouting", path: "../.."),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    ],
    targets: [
        .target(
            name: "EdgeRoutingHTTPTypes",
            dependencies: [
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "EdgeRoutingHTTPTypesTests",
            dependencies: [
                "EdgeRoutingHTTPTypes",
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "EdgeRoutingTestSupport", package: "EdgeRouting"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .target(
            name: "EdgeRoutingMetrics",
            dependencies: [
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "EdgeRoutingMetricsTests",
            dependencies: [
                "EdgeRoutingMetrics",
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "EdgeRoutingTestSupport", package: "EdgeRouting"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
