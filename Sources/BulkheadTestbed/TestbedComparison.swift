import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation

/// The kernel and the model side by side: `runs` runs of a scenario at seeds seed, seed+1, …,
/// each once on the real kernel (`TestbedRun`) and once in the request engine with the same
/// seed — the very same requests (arrivals and CPU work) —, and per service the medians over the
/// runs. Written as `testbed.json`; printed as a table.
public struct TestbedComparison: Codable, Sendable {
    public struct Side: Codable, Sendable {
        public var mean: Double
        public var p99: Double
        /// Throttled periods / periods (nil without a CPU quota).
        public var throttledRatio: Double?
    }

    public struct ServiceRow: Codable, Sendable {
        public var service: String
        public var requests: Int
        /// Medians over the runs.
        public var kernel: Side
        public var model: Side
        /// Per run, for the spread.
        public var kernelMeans: [Double]
        public var kernelP99s: [Double]
        public var modelMeans: [Double]
        public var modelP99s: [Double]
        /// model / kernel − 1 of the medians.
        public var meanError: Double
        public var p99Error: Double
        /// Median over the runs of the kernel's CPU time per request beyond its work (seconds).
        public var overheadPerRequest: Double
    }

    public var scenario: String
    public var isolation: String
    public var runs: Int
    public var seeds: [UInt64]
    public var services: [ServiceRow]
    /// Steal time of each kernel run (fraction of CPU time).
    public var steal: [Double]
    public var kernelRuns: [KernelMeasurement]

    /// Runs the comparison; `progress` hears about each step.
    public static func run(
        _ scenario: Scenario, seed: UInt64, runs: Int, worker: String, hostCPUs: Int,
        progress: (String) -> Void
    ) throws -> TestbedComparison {
        let config = try ScenarioCompiler.compile(scenario)
        var kernel: [KernelMeasurement] = []
        var model: [[ServiceResult]] = []
        var seeds: [UInt64] = []
        for k in 0..<runs {
            let s = seed &+ UInt64(k)
            seeds.append(s)
            let plan = try TestbedPlan.make(config: config, seed: s, hostCPUs: hostCPUs)
            progress("run \(k + 1)/\(runs) (seed \(s)): kernel, \(String(format: "%.0f", Double(plan.duration) * 1e-9)) s …")
            kernel.append(try TestbedRun.run(plan, worker: worker))
            progress("run \(k + 1)/\(runs) (seed \(s)): model …")
            let out = try Runner.run(scenario, options: .init(seed: s, measureIncidents: false))
            model.append(out.result.services)
        }
        var rows: [ServiceRow] = []
        for (i, svc) in config.services.enumerated() {
            let kMeans = kernel.map { $0.services[i].mean }
            let kP99 = kernel.map { $0.services[i].p99 }
            let mMeans = model.map { $0[i].latency?.mean ?? 0 }
            let mP99 = model.map { $0[i].latency?.p99 ?? 0 }
            guard kernel.allSatisfy({ $0.services[i].requests > 0 }) else { continue }
            let kRatio: Double? =
                svc.cpuLimit == nil || config.cpuIsolation == .pinned
                ? nil
                : median(kernel.map { Double($0.services[i].throttledPeriods) / Double(max(1, $0.services[i].periods)) })
            let mRatio = model.compactMap { $0[i].cpuThrottling?.throttledRatio }
            let kSide = Side(mean: median(kMeans), p99: median(kP99), throttledRatio: kRatio)
            let mSide = Side(mean: median(mMeans), p99: median(mP99), throttledRatio: mRatio.isEmpty ? nil : median(mRatio))
            rows.append(
                ServiceRow(
                    service: svc.name, requests: kernel.map { $0.services[i].requests }.reduce(0, +) / runs,
                    kernel: kSide, model: mSide, kernelMeans: kMeans, kernelP99s: kP99, modelMeans: mMeans,
                    modelP99s: mP99, meanError: mSide.mean / kSide.mean - 1, p99Error: mSide.p99 / kSide.p99 - 1,
                    overheadPerRequest: median(kernel.map { $0.services[i].overheadPerRequest })))
        }
        return TestbedComparison(
            scenario: scenario.name, isolation: scenario.isolation.cpu.rawValue, runs: runs, seeds: seeds,
            services: rows, steal: kernel.map(\.stealFraction), kernelRuns: kernel)
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The per-service table: kernel and model medians, the model's error, throttled ratios.
    public var table: String {
        func ms(_ x: Double) -> String { String(format: "%.2f", x * 1000) }
        func pct(_ x: Double) -> String { String(format: "%+.1f%%", x * 100) }
        func ratio(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
        var lines = [
            "\(scenario) (isolation \(isolation)), \(runs) run\(runs == 1 ? "" : "s"), medians; steal "
                + steal.map { String(format: "%.2f%%", $0 * 100) }.joined(separator: ", "),
            "service               requests  mean ms kernel/model (err)     p99 ms kernel/model (err)      throttled kernel/model  overhead µs/req",
        ]
        for r in services {
            lines.append(
                r.service.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
                    + String(r.requests).leftPad(9) + "  "
                    + "\(ms(r.kernel.mean)) / \(ms(r.model.mean)) (\(pct(r.meanError)))".padding(
                        toLength: 29, withPad: " ", startingAt: 0)
                    + "  "
                    + "\(ms(r.kernel.p99)) / \(ms(r.model.p99)) (\(pct(r.p99Error)))".padding(
                        toLength: 29, withPad: " ", startingAt: 0)
                    + "  \(ratio(r.kernel.throttledRatio)) / \(ratio(r.model.throttledRatio))".padding(
                        toLength: 24, withPad: " ", startingAt: 0)
                    + String(format: "%.0f", r.overheadPerRequest * 1e6))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
