import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation

/// A comparison of *variants* of one scenario instead of placement policies: each variant is the
/// scenario with its own overrides (an isolation setting, a limit, a burst…), run with the same
/// seeds and replications — common random numbers: replication r draws the same arrivals and
/// work in every variant — and summarised exactly as policies are (means, CIs, paired differences,
/// winners). Outputs name each variant where a policy comparison names the policy.
extension Comparison {
    /// One variant: its name and the scenario with its overrides applied.
    public struct Variant: Sendable {
        public var name: String
        public var scenario: Scenario
        public init(name: String, scenario: Scenario) {
            self.name = name
            self.scenario = scenario
        }
    }

    /// Parses `NAME: key=value; key=value` (the CLI's `--variant`) into a name and its overrides.
    /// - Returns: nil when there is no `NAME:` or no override.
    public static func parseVariant(_ text: String) -> (name: String, overrides: [String])? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = text[..<colon].trimmingCharacters(in: .whitespaces)
        let overrides = text[text.index(after: colon)...].split(separator: ";")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !name.isEmpty, !overrides.isEmpty else { return nil }
        return (name, overrides)
    }

    /// Runs every variant × replication (replication r of every variant with the same seed and
    /// streams) on `jobs` threads, each variant with its scenario's own placement policy.
    /// - Throws: `.noPolicies` without variants, `.duplicatePolicy` for a repeated name,
    ///   `.baselineNotCompared`, `.replications`, `.jobs`, or `.run` for the first failed run.
    /// - Complexity: variants × replications simulations.
    public static func run(
        variants: [Variant], replications: Int, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        baseline: String? = nil, seed: UInt64? = nil, confidence: Double = 0.95,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(ComparisonError) -> PolicyComparison {
        let names = variants.map(\.name)
        guard !names.isEmpty else { throw .noPolicies }
        for (i, n) in names.enumerated() where names[..<i].contains(n) { throw .duplicatePolicy(n, sameAs: n) }
        guard replications >= 1 else { throw .replications(replications) }
        guard jobs >= 1 else { throw .jobs(jobs) }
        let base = baseline ?? names[0]
        guard names.contains(base) else { throw .baselineNotCompared(base, policies: names) }
        let seed = seed ?? variants[0].scenario.seed
        let runs = try runAll(names: names, replications: replications, jobs: jobs, progress: progress) { v, r in
            let variant = variants[v]
            return runOne(
                variant.scenario, seed: seed, policy: variant.scenario.placement.policy, replication: r
            ).map {
                var m = $0
                m.policy = variant.name
                return m
            }
        }
        return summarise(
            scenario: variants[0].scenario.name, seed: seed, policies: names, baseline: base, runs: runs,
            confidence: confidence)
    }
}
