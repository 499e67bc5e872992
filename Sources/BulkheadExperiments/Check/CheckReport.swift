import BulkheadResults
import BulkheadScenario
import Foundation

/// Everything `bulkhead check` found: each replication's guarantee verdicts and, with a baseline,
/// the comparison of replication 0 with it.
public struct CheckReport: Sendable {
    /// One simulated replication.
    public struct Replication: Sendable {
        public var index: Int
        /// The replication's summary (what `--write-baseline` stores for replication 0).
        public var summary: RunSummary
        public var tree: MetricTree
        /// One per guarantee, in scenario order.
        public var outcomes: [GuaranteeOutcome]
        /// Wall-clock seconds of the simulation (not part of any deterministic output).
        public var wallSeconds: Double
    }

    public var scenario: String
    public var guarantees: [GuaranteeSpec]
    /// Ordered by replication index, whatever order they finished in.
    public var replications: [Replication]
    /// Empty without a baseline.
    public var baseline: [BaselineFinding] = []

    /// Every outcome, ordered by guarantee then replication.
    public var outcomes: [GuaranteeOutcome] {
        guarantees.indices.flatMap { g in replications.map { $0.outcomes[g] } }
    }

    public var failedOutcomes: [GuaranteeOutcome] { outcomes.filter { !$0.passed } }
    public var regressions: [BaselineFinding] { baseline.filter(\.regressed) }

    /// True when every guarantee held in every replication and nothing regressed.
    public var passed: Bool { failedOutcomes.isEmpty && regressions.isEmpty }
}
