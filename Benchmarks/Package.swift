// swift-tools-version: 6.3
// (ordo-one/benchmark 1.38.1's own manifest is tools-version 6.3, so ours must be too.)
import PackageDescription

// Bulkhead's benchmark suite: its own package (as swift-nio and swift-configuration do), so that the
// root package and its CI never resolve or build package-benchmark. Run with
//   cd Benchmarks && swift package benchmark
// See README.md in this folder.
let package = Package(
    name: "BulkheadBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Bulkhead", path: ".."),
        // Only the MallocInterposer trait: it gives the malloc* metrics on Swift 6.3+. Naming the trait
        // also turns off the default RuntimeInterposer trait (ARC hooks), whose package is not needed.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Bulkhead", package: "Bulkhead"),
            ],
            path: "Benchmarks/KernelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SamplerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Bulkhead", package: "Bulkhead"),
            ],
            path: "Benchmarks/SamplerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ModelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Bulkhead", package: "Bulkhead"),
            ],
            path: "Benchmarks/ModelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PlacementBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Bulkhead", package: "Bulkhead"),
            ],
            path: "Benchmarks/PlacementBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
