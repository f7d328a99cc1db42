// swift-tools-version: 6.0

import PackageDescription

let package = Package(
    name: "Examples",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "failover-demo", targets: ["FailoverDemo"])
    ],
    dependencies: [
        // Named explicitly: SwiftPM would otherwise name a path dependency after its folder, which
        // differs between checkouts (see TOOLCHAIN.md).
        .package(name: "EdgeRouting", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "FailoverDemo",
            dependencies: [.product(name: "EdgeRouting", package: "EdgeRouting")]
        )
    ],
    swiftLanguageModes: [.v6]
)
