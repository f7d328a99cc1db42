// swift-tools-version: 6.0

import PackageDescription

let package = Package(
    name: "EdgeRouting",
    // `Synchronization` (Atomic, Mutex) needs these releases on Apple platforms.
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .library(name: "EdgeRouting", targets: ["EdgeRouting"]),
        .library(name: "EdgeRoutingTestSupport", targets: ["EdgeRoutingTestSupport"]),
    ],
    targets: [
        .target(
            name: "EdgeRouting",
            exclude: ["EdgeRouting.docc"]
        ),
        .target(
            name: "EdgeRoutingTestSupport",
            dependencies: ["EdgeRouting"]
        ),
        .testTarget(
            name: "EdgeRoutingTests",
            dependencies: ["EdgeRouting", "EdgeRoutingTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "EdgeRoutingTestSupportTests", dependencies: ["EdgeRoutingTestSupport", "EdgeRouting"]),
    ],
    swiftLanguageModes: [.v6]
)

// The same settings for every target, as swift-log does. Strictness that would need
// `unsafeFlags` (warnings as errors) is passed by `.ci/run` instead.
for target in package.targets {
    var settings = target.swiftSettings ?? []
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
