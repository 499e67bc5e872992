/// One release (`releases:` in a scenario): a staged rollout of a new version of `service` from
/// `at` on `day` — its plan (`stages`), what a bad version does (`bad`) and when it is rolled back.
public struct ReleaseSpec: Sendable, Equatable, Codable {
    public enum Stage: Sendable, Equatable, Codable {
        /// `{ dark-canary: { share: 1%, soak: 10m } }`
        case darkCanary(share: Double, soak: Int64)
        /// `{ canary: { soak: 2h } }`
        case canary(soak: Int64)
        /// `{ release: { batch: 2, interval: 5m } }`: rolling update of the remaining replicas.
        case release(batch: Int, interval: Int64)
    }
    /// The service released.
    public var service: String
    /// Time of day (ns since midnight) and day (0-based) of the start.
    public var at: Int64
    public var day: Int
    public var stages: [Stage]
    /// Probability that the new version is bad (drawn once per release).
    public var badProbability: Double
    /// Fraction of the requests a bad replica fails.
    public var errorRate: Double
    /// CPU work multiplier of a bad replica.
    public var cpuFactor: Double
    /// Error rate over `rollbackWindow` above which the release is rolled back; nil: never.
    public var rollbackErrorRate: Double?
    public var rollbackWindow: Int64

    public init(
        service: String, at: Int64, day: Int = 0, stages: [Stage], badProbability: Double,
        errorRate: Double = 0, cpuFactor: Double = 1, rollbackErrorRate: Double? = nil,
        rollbackWindow: Int64 = 300_000_000_000
    ) {
        self.service = service
        self.at = at
        self.day = day
        self.stages = stages
        self.badProbability = badProbability
        self.errorRate = errorRate
        self.cpuFactor = cpuFactor
        self.rollbackErrorRate = rollbackErrorRate
        self.rollbackWindow = rollbackWindow
    }
}
