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
/// multiplies their CPU work by `cpuFactor`. Every `rollbackWindow` the release's error rate
/// (bad-release failures and timeouts of requests on updated replicas, over requests they
/// admitted in the window) is compared with `rollbackErrorRate`; above it, every updated replica
/// returns to the old version at once. Updating a replica costs nothing (no restart is modelled).
///
/// Stream names carry the suffix `#n` when n > 0, where n is the release's index counted after
/// the faults (`faults.count` + its index in `releases`): the number it had when releases were
/// entries at the end of `faults:`, so that their streams keep their names.
public struct ReleaseConfig: Sendable {
    public enum Stage: Sendable, Equatable {
        case darkCanary(share: Double, soak: SimDuration)
        case canary(soak: SimDuration)
        case rollingUpdate(batch: Int, interval: SimDuration)
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
    public init(
        service: Int, at: SimInstant, stages: [Stage], badProbability: Double, errorRate: Double,
        cpuFactor: Double, rollbackErrorRate: Double?, rollbackWindow: SimDuration
    ) {
        self.service = service
        self.at = at
        self.stages = stages
        self.badProbability = badProbability
        self.errorRate = errorRate
        self.cpuFactor = cpuFactor
        self.rollbackErrorRate = rollbackErrorRate
        self.rollbackWindow = rollbackWindow
    }
}
