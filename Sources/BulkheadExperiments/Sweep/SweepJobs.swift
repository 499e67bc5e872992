import BulkheadScenario
import Foundation
import Yams

/// Batch-system descriptions of a sweep: one shard per array task, so that a scheduler people
/// already run (Kubernetes, Slurm) spreads the cells over machines. Both run
/// `bulkhead sweep SWEEP --shard i/N --jobs 1` per task; cells are idempotent (complete cells are
/// skipped), so a retried or resubmitted task never redoes finished work.
public enum SweepJobs {
    /// Where and how the tasks run.
    public struct Options: Sendable {
        /// Number of shards = array tasks (default: one per cell).
        public var shards: Int?
        /// Tasks running at once (nil: as many as the scheduler allows).
        public var parallelism: Int?
        /// Kubernetes: the container image whose entrypoint is `bulkhead`.
        public var image = "bulkhead:latest"
        /// Kubernetes: the PersistentVolumeClaim the results go to (mounted at /results).
        public var resultsClaim = "bulkhead-results"
        /// Kubernetes: retries of one index before it counts as failed (`backoffLimitPerIndex`).
        public var retriesPerIndex = 2
        /// Slurm: the bulkhead executable on the compute nodes.
        public var binary = "bulkhead"
        /// Slurm: the sweep folder on the shared filesystem (absolute).
        public var out = ""
        public init() {}
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The shard count: `options.shards`, else one per cell; at least 1, at most the cells.
    static func shards(_ plan: SweepPlan, _ options: Options) throws(Failure) -> Int {
        let n = options.shards ?? plan.cells.count
        guard n >= 1, n <= plan.cells.count else {
            throw Failure(description: "--shards must be between 1 and the sweep's \(plan.cells.count) cells")
        }
        return n
    }

    /// A name Kubernetes accepts (RFC 1123 label: lower-case letters, digits and '-').
    static func dnsLabel(_ s: String) -> String {
        let mapped = s.lowercased().map { c -> Character in c.isASCII && (c.isLetter || c.isNumber) ? c : "-" }
        let trimmed = String(mapped).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return String(("bulkhead-" + trimmed).prefix(52))
    }

    /// The sweep file as the pods see it: `scenario:` pointing at the scenario's copy next to it.
    static func podSweepFile(_ plan: SweepPlan, scenarioKey: String) throws -> String {
        let text = try String(contentsOfFile: plan.spec.file, encoding: .utf8)
        guard var node = try Yams.compose(yaml: text), case .mapping(var mapping) = node else {
            throw Failure(description: "\(plan.spec.file) is not a YAML mapping")
        }
        mapping["scenario"] = Node(scenarioKey)
        node = .mapping(mapping)
        return try Yams.serialize(node: node)
    }
}
