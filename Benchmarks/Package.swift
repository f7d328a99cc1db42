// swift-tools-version: 6.1

import PackageDescription

// The benchmarks of EdgeRouting, with ordo-one/benchmark (`package-benchmark`). A nested package, so
// that the root package keeps zero dependencies (see Documentation/PERFORMANCE.md):
//
//     swift package --package-path Benchmarks benchmark
//     swift package --package-path Benchmarks benchmark thresholds check
//     Benchmarks/callgrind.sh
let package = Package(
    name: "EdgeRoutingBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named explicitly: SwiftPM would otherwise name a path dependency after its folder, which
        // differs between checkouts.
        .package(name: "EdgeRouting", path: ".."),
        // The malloc interposer counts allocations without jemalloc.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "EdgeRoutingBenchmarks",
            dependencies: [
                .product(name: "EdgeRouting", package: "EdgeRouting"),
                .product(name: "EdgeRoutingTestSupport", package: "EdgeRouting"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EdgeRoutingBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        // One hot operation N times, for callgrind's exact instruction counts (Benchmarks/callgrind.sh).
        // Shares the benchmarks' fixtures through symbolic links. Outside Benchmarks/: the benchmark
        // plugin runs every executable target there as a benchmark, and this one takes arguments.
        .executableTarget(
            name: "EdgeRoutingCallgrind",
            dependencies: [
                .product(name: "EdgeRouting", package: "EdgeRouting")
            ],
            path: "Callgrind/EdgeRoutingCallgrind"
        ),
    ],
    swiftLanguageModes: [.v6]
)
