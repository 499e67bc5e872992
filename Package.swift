// swift-tools-version: 6.1
import PackageDescription

// Module graph (docs/architecture.md): CGSL → BulkheadStochastic; BulkheadKernel is a leaf;
// BulkheadScenario depends on nothing of ours; BulkheadModel builds on Stochastic + Kernel;
// BulkheadRunner turns a scenario into runs (compile, place, simulate + twin); BulkheadExperiments
// builds compare/sweep/plan/check on the runner; the CLI is thin and declares every module it imports.
let package = Package(
    name: "Bulkhead",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bulkhead", targets: ["bulkhead"]),
        .library(
            name: "Bulkhead",
            targets: [
                "BulkheadExperiments", "BulkheadRunner", "BulkheadReport", "BulkheadKernel", "BulkheadStochastic",
                "BulkheadScenario", "BulkheadModel", "BulkheadPlacement", "BulkheadMetrics",
            ]
        ),
        
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(name: "BulkheadStochastic", dependencies: ["CGSL"]),
        .target(name: "BulkheadKernel"),
        .target(name: "BulkheadScenario", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "BulkheadModel", dependencies: ["BulkheadStochastic", "BulkheadKernel"]),
        .target(name: "BulkheadPlacement", dependencies: ["BulkheadModel"]),
        .target(
            name: "BulkheadMetrics",
            dependencies: ["BulkheadModel", "BulkheadKernel", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        .target(name: "BulkheadReport", dependencies: ["BulkheadMetrics"]),
        .target(
            name: "BulkheadRunner",
            dependencies: ["BulkheadScenario", "BulkheadModel", "BulkheadPlacement", "BulkheadMetrics", "BulkheadStochastic", "BulkheadKernel"]
        ),
        .target(
            name: "BulkheadExperiments",
            dependencies: [
                "BulkheadRunner", "BulkheadScenario", "BulkheadModel", "BulkheadPlacement", "BulkheadMetrics",
                "BulkheadStochastic", .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "bulkhead",
            dependencies: [
                "BulkheadExperiments", "BulkheadRunner", "BulkheadReport", "BulkheadScenario", "BulkheadMetrics",
                "BulkheadModel", "BulkheadPlacement", "BulkheadKernel", "BulkheadStochastic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "BulkheadStochasticTests", dependencies: ["BulkheadStochastic"]),
        .testTarget(name: "BulkheadKernelTests", dependencies: ["BulkheadKernel"]),
        .testTarget(name: "BulkheadScenarioTests", dependencies: ["BulkheadScenario"]),
        .testTarget(
            name: "BulkheadModelTests",
            dependencies: [
                "BulkheadExperiments", "BulkheadRunner", "BulkheadModel", "BulkheadScenario", "BulkheadStochastic",
                "BulkheadKernel", "BulkheadMetrics", "BulkheadReport", "BulkheadPlacement",
            ]
        ),
        .testTarget(name: "BulkheadPlacementTests", dependencies: ["BulkheadPlacement", "BulkheadModel"]),
        .testTarget(name: "BulkheadMetricsTests", dependencies: ["BulkheadMetrics", "BulkheadReport", "BulkheadModel"]),
    ],
    swiftLanguageModes: [.v6]
)
