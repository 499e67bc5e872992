// swift-tools-version: 6.1
import PackageDescription

// Module graph (docs/architecture.md): CGSL → BulkheadStochastic; BulkheadKernel is a leaf;
// BulkheadScenario and BulkheadResults (every output schema) depend on nothing of ours;
// BulkheadModel builds on Stochastic + Kernel; BulkheadPlacement and BulkheadMetrics on the model,
// producing Results types; BulkheadRunner turns a scenario into runs (compile, place, simulate +
// twin); BulkheadExperiments builds compare/sweep/plan/check on the runner; BulkheadReport renders
// Results types only; the CLI is thin and declares every module it imports.
let package = Package(
    name: "Bulkhead",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bulkhead", targets: ["bulkhead"]),
        .executable(name: "bulkhead-testbed-worker", targets: ["bulkhead-testbed-worker"]),
        .library(
            name: "Bulkhead",
            targets: [
                "BulkheadExperiments", "BulkheadRunner", "BulkheadReport", "BulkheadResults", "BulkheadKernel",
                "BulkheadStochastic", "BulkheadScenario", "BulkheadModel", "BulkheadPlacement", "BulkheadMetrics", "BulkheadImport",
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
        .target(name: "BulkheadPlacement", dependencies: ["BulkheadModel", "BulkheadStochastic", "BulkheadResults"]),
        .target(name: "BulkheadResults"),
        .target(
            name: "BulkheadMetrics",
            dependencies: [
                "BulkheadModel", "BulkheadKernel", "BulkheadResults",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(name: "BulkheadReport", dependencies: ["BulkheadResults"]),
        .target(
            name: "BulkheadRunner",
            dependencies: [
                "BulkheadScenario", "BulkheadModel", "BulkheadPlacement", "BulkheadMetrics", "BulkheadResults",
                "BulkheadStochastic", "BulkheadKernel",
            ]
        ),
        // Trace importers (`bulkhead import`): public traces → scenario text. Pure file parsing.
        .target(name: "BulkheadImport", dependencies: ["BulkheadStochastic"]),
        .target(
            name: "BulkheadExperiments",
            dependencies: [
                "BulkheadRunner", "BulkheadScenario", "BulkheadPlacement", "BulkheadResults", "BulkheadStochastic",
                "BulkheadImport", "BulkheadModel", .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The real-kernel testbed (`bulkhead testbed`): cgroups, worker processes, kernel vs model.
        .target(
            name: "BulkheadTestbed",
            dependencies: ["BulkheadRunner", "BulkheadModel", "BulkheadScenario", "BulkheadResults", "BulkheadStochastic", "BulkheadKernel"]
        ),
        // Its worker: requests as threads burning CPU time, and spinners (C: nothing but the work
        // and two clocks in the measured threads).
        .executableTarget(name: "bulkhead-testbed-worker"),
        .executableTarget(
            name: "bulkhead",
            dependencies: [
                "BulkheadTestbed", "BulkheadExperiments", "BulkheadImport", "BulkheadRunner", "BulkheadReport", "BulkheadResults", "BulkheadScenario",
                "BulkheadModel", "BulkheadPlacement", "BulkheadKernel", "BulkheadStochastic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixtures shared by several test targets (not a product).
        .target(
            name: "BulkheadTestSupport",
            dependencies: [
                "BulkheadRunner", "BulkheadMetrics", "BulkheadResults", "BulkheadModel", "BulkheadScenario",
                "BulkheadStochastic", "BulkheadKernel",
            ],
            path: "Tests/BulkheadTestSupport"
        ),
        .testTarget(name: "BulkheadStochasticTests", dependencies: ["BulkheadStochastic"]),
        .testTarget(
            name: "BulkheadTestbedTests",
            dependencies: [
                "BulkheadTestbed", "BulkheadTestSupport", "BulkheadRunner", "BulkheadScenario", "BulkheadModel",
                "BulkheadKernel",
            ]
        ),
        .testTarget(name: "BulkheadKernelTests", dependencies: ["BulkheadKernel"]),
        .testTarget(name: "BulkheadScenarioTests", dependencies: ["BulkheadScenario"]),
        .testTarget(
            name: "BulkheadModelTests",
            dependencies: [
                "BulkheadModel", "BulkheadRunner", "BulkheadMetrics", "BulkheadResults", "BulkheadScenario",
                "BulkheadPlacement", "BulkheadStochastic", "BulkheadKernel", "BulkheadTestSupport",
            ]
        ),
        .testTarget(
            name: "BulkheadPlacementTests",
            dependencies: ["BulkheadPlacement", "BulkheadModel", "BulkheadStochastic", "BulkheadKernel", "BulkheadTestSupport"]),
        .testTarget(
            name: "BulkheadMetricsTests",
            dependencies: [
                "BulkheadMetrics", "BulkheadResults", "BulkheadModel", "BulkheadKernel", "BulkheadTestSupport",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .testTarget(name: "BulkheadResultsTests", dependencies: ["BulkheadResults"]),
        .testTarget(
            name: "BulkheadImportTests",
            dependencies: [
                "BulkheadImport", "BulkheadScenario", "BulkheadRunner", "BulkheadPlacement", "BulkheadModel",
                "BulkheadExperiments", "BulkheadTestSupport",
            ]),
        .testTarget(
            name: "BulkheadRunnerTests",
            dependencies: [
                "BulkheadRunner", "BulkheadResults", "BulkheadReport", "BulkheadScenario", "BulkheadTestSupport",
                "BulkheadPlacement", "BulkheadModel", "BulkheadStochastic",
            ]
        ),
        .testTarget(
            name: "BulkheadExperimentsTests",
            dependencies: [
                "BulkheadExperiments", "BulkheadRunner", "BulkheadResults", "BulkheadReport", "BulkheadScenario",
                "BulkheadTestSupport",
            ]
        ),
        .testTarget(name: "BulkheadReportTests", dependencies: ["BulkheadReport", "BulkheadResults", "BulkheadTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
