import BulkheadKernel

/// A rollout of a new version of one service through stages, with automatic rollback.
///
/// Replica 0 (the first container of the service) is the canary. A stage list is run in order:
/// `darkCanary` updates the canary, takes it out of every balancer pool and sends it only `share`
/// of the service's requests (internal traffic) for `soak`; `canary` updates it (if not yet) and
/// puts it back in the pools with live traffic for `soak`; `rollingUpdate` updates the replicas not
/// yet updated, `batch` at a time every `interval`. Whether the version is bad is drawn once from
/// the stream `faults/release/<service>` (`badProbability`). A bad version fails `errorRate` of the
/// requests its replicas admit (`bad-release`, from `faults/release/<service>/errors`) and
/// multiplies their CPU work by `cpuFactor`. Every `rollbackEvery` the release's error rate over
/// the last `rollbackWindow` (bad-release failures and timeouts of requests on updated replicas,
/// over requests they admitted in the window) is compared with `rollbackErrorRate`; above it,
/// every updated replica returns to the old version at once. `rollbackEvery == rollbackWindow`
/// gives tumbling windows; a divisor of it sliding ones. Updating a replica costs nothing (no restart is modelled).
///
/// Stream names carry the suffix `#n` when n > 0, where n is the release's index counted after
/// the faults (`faults.count` + its index in `releases`): the number it had when releases were
/// entries at the end of `faults:`, so that their streams keep their names.
public struct ReleaseConfig: Sendable {
    public enum Stage: Sendable, Equatable {
        case darkCanary(share: Double, soak: SimDuration)
        case canary(soak: SimDuration)
        case rollingUpdate(batch: Int, interval: SimDuration)
        /// A second set of replicas, then the switch; `batch`/`interval`: the rolling fallback.
        case blueGreen(onNoCapacity: NoCapacity, retry: SimDuration, batch: Int, interval: SimDuration)
    }
    /// What a blue-green stage does when its new set does not fit (see `ReleaseSpec.NoCapacity`).
    public enum NoCapacity: String, Sendable, Equatable {
        case abort, wait, rolling
    }
    /// An updated replica's own cost: start-up, cold-cache CPU factor, drain grace.
    public struct Restart: Sendable, Equatable {
        public var startup: SimDuration
        public var warmupFactor: Double
        public var warmupDuration: SimDuration
        public var drain: SimDuration
        public init(startup: SimDuration, warmupFactor: Double, warmupDuration: SimDuration, drain: SimDuration) {
            self.startup = startup
            self.warmupFactor = warmupFactor
            self.warmupDuration = warmupDuration
            self.drain = drain
        }
    }
    public var service: Int
    public var at: SimInstant
    public var stages: [Stage]
    public var badProbability: Double
    public var errorRate: Double
    public var cpuFactor: Double
    /// nil: no automatic rollback.
    public var rollbackErrorRate: Double?
    public var rollbackWindow: SimDuration
    /// The evaluation step: `rollbackWindow` (tumbling) or a divisor of it (sliding).
    public var rollbackEvery: SimDuration
    /// nil: updates in place cost nothing (a blue-green stage then uses the cluster's start-up
    /// time, no warm-up and a 30 s drain).
    public var restart: Restart?
    public init(
        service: Int, at: SimInstant, stages: [Stage], badProbability: Double, errorRate: Double,
        cpuFactor: Double, rollbackErrorRate: Double?, rollbackWindow: SimDuration, rollbackEvery: SimDuration? = nil,
        restart: Restart? = nil
    ) {
        self.service = service
        self.at = at
        self.stages = stages
        self.badProbability = badProbability
        self.errorRate = errorRate
        self.cpuFactor = cpuFactor
        self.rollbackErrorRate = rollbackErrorRate
        self.rollbackWindow = rollbackWindow
        self.rollbackEvery = rollbackEvery ?? rollbackWindow
        self.restart = restart
        precondition(
            self.rollbackEvery.nanoseconds > 0 && rollbackWindow.nanoseconds % self.rollbackEvery.nanoseconds == 0,
            "release of service \(service): rollbackEvery must divide rollbackWindow")
    }

    /// The blue-green stage, if the release has one (it is the last stage).
    public var blueGreen: (onNoCapacity: NoCapacity, retry: SimDuration, batch: Int, interval: SimDuration)? {
        guard case .blueGreen(let mode, let retry, let batch, let interval) = stages.last else { return nil }
        return (mode, retry, batch, interval)
    }

    /// Whether the release's deploy is measured (`Releases.Deploy`): it restarts replicas.
    public var isMeasuredDeploy: Bool { restart != nil || blueGreen != nil }

    /// Evaluation steps per rollback window (1: tumbling windows).
    public var rollbackSteps: Int { Int(rollbackWindow.nanoseconds / rollbackEvery.nanoseconds) }
}
