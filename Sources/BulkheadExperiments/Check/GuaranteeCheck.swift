import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation

/// Runs a scenario's replications in parallel and evaluates its guarantees on each.
public enum GuaranteeCheck {
    /// Simulates replications `0..<replications` of `scenario` (replication r uses
    /// `Runner.Options(replication: r)`: the same seed, a different reproducible set of streams),
    /// at most `jobs` at a time, and evaluates every guarantee on each replication's summary.
    ///
    /// - Parameters:
    ///   - baseline: a stored `summary.json` to compare replication 0 with (same seed and streams,
    ///     so a difference comes from a change of model or scenario, not from sampling noise).
    ///   - tolerance: allowed relative move in the bad direction (0.05 = 5 %).
    /// - Returns: the report, replications in index order.
    /// - Complexity: R simulations, run `jobs` at a time.
    public static func run(
        _ scenario: Scenario, replications: Int, jobs: Int, options: Runner.Options = .init(),
        baseline: MetricTree? = nil, tolerance: Double = 0
    ) throws -> CheckReport {
        precondition(replications >= 1, "GuaranteeCheck.run: replications must be at least 1")
        let slots = Slots(count: replications)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, replications))) { _ in
            while let r = slots.next() {
                var o = options
                o.replication = r
                do {
                    let output = try Runner.run(scenario, options: o)
                    let summary = RunSummary(output.result)
                    let tree = try MetricTree(summary)
                    let outcomes = GuaranteeEvaluator.evaluate(scenario.guarantees, replication: r, on: tree)
                    slots.store(
                        r,
                        .success(
                            .init(
                                index: r, summary: summary, tree: tree, outcomes: outcomes,
                                wallSeconds: output.wallSeconds)))
                } catch {
                    slots.store(r, .failure(error))
                }
            }
        }
        let done = try slots.results.map { try $0!.get() }
        var report = CheckReport(scenario: scenario.name, guarantees: scenario.guarantees, replications: done)
        if let baseline {
            report.baseline = BaselineComparison.compare(
                scenario.guarantees, current: done[0].tree,
                baseline: baseline, tolerance: tolerance)
        }
        return report
    }

    /// Work distribution and result slots shared by the worker threads (guarded by a lock).
    private final class Slots: @unchecked Sendable {
        private let lock = NSLock()
        private var cursor = 0
        private let count: Int
        private(set) var results: [Result<CheckReport.Replication, any Error>?]

        init(count: Int) {
            self.count = count
            results = Array(repeating: nil, count: count)
        }

        /// The next replication to run, or nil when all are taken.
        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard cursor < count else { return nil }
            cursor += 1
            return cursor - 1
        }

        func store(_ r: Int, _ result: Result<CheckReport.Replication, any Error>) {
            lock.lock()
            defer { lock.unlock() }
            results[r] = result
        }
    }
}
