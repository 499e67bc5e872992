// Model benchmarks: a whole run of the reference scenario, and loading it.
//
// `scenarios/gilt-japan.yaml` with `duration=10m, warmup=0s` (00:00–00:10 of the Tokyo day, the
// night rate): compile → place → simulate with the metrics observer → result, via
// `Runner.run`, the same path as `bulkhead run`. Runs are deterministic (seed 42), so the malloc
// count of a run is a property of the code, and the gate on it is tight (see README.md).

import Benchmark
import BulkheadRunner
import BulkheadScenario
import Foundation

/// Finds `scenarios/<name>` in the repository:
/// 1. `$BULKHEAD_ROOT/scenarios/<name>` when that variable is set;
/// 2. relative to this source file (`#filePath` is `<root>/Benchmarks/Benchmarks/ModelBenchmarks/…`),
///    which holds whenever the benchmark was built from this checkout;
/// 3. the working directory and its parents (the plugin runs benchmarks from `Benchmarks/`).
func scenarioPath(_ name: String, filePath: String = #filePath) throws -> String {
    let fm = FileManager.default
    var candidates: [URL] = []
    if let root = ProcessInfo.processInfo.environment["BULKHEAD_ROOT"], !root.isEmpty {
        candidates.append(URL(fileURLWithPath: root))
    }
    candidates.append(
        URL(fileURLWithPath: filePath)
            .deletingLastPathComponent()  // ModelBenchmarks/
            .deletingLastPathComponent()  // Benchmarks/Benchmarks/
            .deletingLastPathComponent()  // Benchmarks/
            .deletingLastPathComponent())  // repository root
    var dir = URL(fileURLWithPath: fm.currentDirectoryPath)
    while true {
        candidates.append(dir)
        let parent = dir.deletingLastPathComponent()
        if parent.path == dir.path { break }
        dir = parent
    }
    for root in candidates {
        let path = root.appendingPathComponent("scenarios").appendingPathComponent(name).path
        if fm.fileExists(atPath: path) { return path }
    }
    throw ScenarioNotFound(name: name, searched: candidates.map(\.path))
}

struct ScenarioNotFound: Error, CustomStringConvertible {
    let name: String
    let searched: [String]
    var description: String {
        "scenarios/\(name) not found (set BULKHEAD_ROOT to the repository root); searched: \(searched.joined(separator: ", "))"
    }
}

let overrides = ["duration=10m", "warmup=0s"]

let benchmarks: @Sendable () -> Void = {
    let ungated: BenchmarkThresholds = .init(relative: [:], absolute: [:])

    // One simulated run (the scenario is loaded once, in setup). `throughput` is runs/s, so two
    // custom metrics carry what `bulkhead bench model` prints: events per run and events per
    // wall-second of the simulation proper (`Runner.Output.wallSeconds`, compile/placement excluded).
    let events = BenchmarkMetric.custom("Simulated events", polarity: .prefersLarger, useScalingFactor: false)
    let eventRate = BenchmarkMetric.custom("Simulated events per s", polarity: .prefersLarger, useScalingFactor: false)
    Benchmark(
        "Runner.run-gilt-japan-10m",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal, events, eventRate],
            warmupIterations: 1,
            scalingFactor: .one,
            maxDuration: .seconds(10),
            maxIterations: 20,
            thresholds: [
                .wallClock: ungated, .throughput: ungated,
                events: ungated, eventRate: ungated,
                // The run is deterministic (seed 42) but its malloc count still moves by ~2% between
                // processes (per-process hash seeding changes Set/Dictionary growth): 5% tolerance.
                // A per-event or per-request allocation would add 10-100x the whole budget.
                .mallocCountTotal: .init(relative: [.p90: 5.0]),
            ]
        )
    ) { benchmark, scenario in
        do {
            let out = try Runner.run(scenario)
            benchmark.measurement(events, out.events)
            benchmark.measurement(eventRate, Int(Double(out.events) / max(out.wallSeconds, 1e-9)))
            blackHole(out.events)
        } catch {
            benchmark.error("Runner.run failed: \(error)")
        }
    } setup: {
        try ScenarioLoader.load(path: try scenarioPath("gilt-japan.yaml"), overrides: overrides)
    }

    // Parsing and validating the YAML (Yams + the scenario decoder), for scale against the run.
    Benchmark(
        "ScenarioLoader.load-gilt-japan",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal],
            warmupIterations: 1,
            scalingFactor: .one,
            maxDuration: .seconds(2),
            maxIterations: 200,
            thresholds: [
                .wallClock: ungated, .throughput: ungated,
                .mallocCountTotal: .init(relative: [.p90: 2.0]),
            ]
        )
    ) { benchmark, path in
        do {
            blackHole(try ScenarioLoader.load(path: path, overrides: overrides))
        } catch {
            benchmark.error("ScenarioLoader.load failed: \(error)")
        }
    } setup: {
        try scenarioPath("gilt-japan.yaml")
    }
}
