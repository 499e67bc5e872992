// swift-tools-version: 6.1
import PackageDescription

// libFuzzer target for Bulkhead's input parsers (scripts/fuzz.sh builds and runs it). Its own
// package, so that the root package never links a binary without `main`: BulkheadScenario's
// sources are compiled here from the root package's folder (a symbolic link), with only Yams.
let package = Package(
    name: "BulkheadFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(url: "https://github.com/jpsim/Yams", from: "6.2.2")],
    targets: [
        .target(name: "BulkheadScenario", dependencies: ["Yams"], path: "Sources/BulkheadScenario"),
        .executableTarget(
            name: "BulkheadFuzz", dependencies: ["BulkheadScenario"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
