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
        /// `{ blue-green: { onNoCapacity: abort, retry: 30s, batch: 1, interval: 5m } }`: a second
        /// full set of replicas, then the switch; `batch`/`interval` are the rolling fallback's.
        case blueGreen(onNoCapacity: NoCapacity, retry: Int64, batch: Int, interval: Int64)
    }
    /// What a blue-green stage does when the second set does not fit.
    public enum NoCapacity: String, Sendable, Equatable, Codable, CaseIterable {
        /// Give the release up: the placed new replicas are removed, the old set keeps serving.
        case abort
        /// Keep the placed new replicas and retry the others every `retry` until all fit.
        case wait
        /// Remove the placed new replicas and update the old ones in place, `batch` at a time.
        case rolling
    }
    /// A replica's own restart cost when it is updated (`restart:`).
    public struct Restart: Sendable, Equatable, Codable {
        /// From start until ready (ns).
        public var startup: Int64
        /// CPU work multiplier (cold caches) for `warmupDuration` ns after it takes traffic.
        public var warmupFactor: Double
        public var warmupDuration: Int64
        /// How long a replica taken out of the pools may finish its in-flight requests (ns).
        public var drain: Int64
        public init(startup: Int64, warmupFactor: Double = 1, warmupDuration: Int64 = 0, drain: Int64 = 30_000_000_000) {
            self.startup = startup
            self.warmupFactor = warmupFactor
            self.warmupDuration = warmupDuration
            self.drain = drain
        }
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
    /// How often (ns) the error rate over the last `rollbackWindow` is evaluated: nil for tumbling
    /// windows (every `rollbackWindow`); a divisor of `rollbackWindow` for sliding ones.
    public var rollbackEvery: Int64?
    /// The restart cost of updating a replica; nil: updates are free (in place, no restart) —
    /// except under blue-green, whose new replicas always start (with `Restart`'s defaults).
    public var restart: Restart?

    public init(
        service: String, at: Int64, day: Int = 0, stages: [Stage], badProbability: Double,
        errorRate: Double = 0, cpuFactor: Double = 1, rollbackErrorRate: Double? = nil,
        rollbackWindow: Int64 = 300_000_000_000, rollbackEvery: Int64? = nil
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
        self.rollbackEvery = rollbackEvery
    }

    /// Whether a stage is `blue-green`.
    public var isBlueGreen: Bool { stages.contains { if case .blueGreen = $0 { true } else { false } } }
}
