/// Run-level hogging figures: `summary.json` → `hogging` (all zero without hogs).
public struct HoggingSummary: Codable, Sendable, Hashable {
    public struct Spread: Codable, Sendable, Hashable {
        public var max: Double
        public var p95: Double
        public init(max: Double, p95: Double) {
            self.max = max
            self.p95 = p95
        }
    }
    public struct Mean: Codable, Sendable, Hashable {
        public var max: Double
        public var mean: Double
        public init(max: Double, mean: Double) {
            self.max = max
            self.mean = mean
        }
    }

    /// Hog activations measured.
    public var hogs: Int
    /// Over every (hog, other tenant) pair with a defined inflation: max and p95 (nearest rank).
    public var victimP99Inflation: Spread
    /// Victim tenants per hog activation.
    public var victimTenantsPerHog: Mean
    /// Innocent OOM kills inside hog windows, above the twin's (other tenants' containers).
    public var innocentOOMKills: Int
    /// The run's batch jobs; nil (left out) without batch hogs.
    public var batch: [BatchJobResult]?
    /// The run's workflows; nil (left out) without workflow hogs.
    public var workflows: [WorkflowResult]?

    public init(
        hogs: Int, victimP99Inflation: Spread, victimTenantsPerHog: Mean, innocentOOMKills: Int,
        batch: [BatchJobResult]?, workflows: [WorkflowResult]? = nil
    ) {
        self.hogs = hogs
        self.victimP99Inflation = victimP99Inflation
        self.victimTenantsPerHog = victimTenantsPerHog
        self.innocentOOMKills = innocentOOMKills
        self.batch = batch
        self.workflows = workflows
    }

    /// The figures of `impacts`, with the run's batch jobs and workflows.
    /// - Complexity: O(pairs log pairs) for the p95.
    public init(impacts: [HogImpact], batch: [BatchJobResult] = [], workflows: [WorkflowResult] = []) {
        let inflations = impacts.flatMap { $0.others.compactMap(\.p99Inflation) }.sorted()
        let p95 =
            inflations.isEmpty
            ? 0 : inflations[min(inflations.count - 1, Int((0.95 * Double(inflations.count)).rounded(.up)) - 1)]
        let counts = impacts.map { Double($0.victims.count) }
        self.init(
            hogs: impacts.count, victimP99Inflation: Spread(max: inflations.last ?? 0, p95: p95),
            victimTenantsPerHog: Mean(
                max: counts.max() ?? 0, mean: counts.isEmpty ? 0 : counts.reduce(0, +) / Double(counts.count)),
            innocentOOMKills: impacts.reduce(0) { $0 + $1.others.reduce(0) { $0 + $1.innocentOOMKills } },
            batch: batch.isEmpty ? nil : batch, workflows: workflows.isEmpty ? nil : workflows)
    }
}
