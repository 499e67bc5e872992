import BulkheadKernel
import BulkheadStochastic

/// A fault the model injects, split as OpenDC does into *when* (a time or a distribution),
/// *who* (a machine, a rack, the oldest machine) and *what* (crash, unreachable, replace).
public enum FaultConfig: Sendable {
    /// A machine crashes at `at`; its containers die and their in-flight requests fail. It comes
    /// back after `repairAfter` (nil: never) and its containers restart after their start-up time.
    case machineCrash(machine: Int, at: SimInstant, repairAfter: SimDuration?)
    /// Each of `machines` fails independently: time to failure from `mtbf`, repair time from
    /// `mttr`, alternating (an alternating renewal process), from the stream
    /// `faults/machine-crash/<machine name>`.
    case randomMachineCrash(machines: [Int], mtbf: Distribution, mttr: Distribution)
    /// Every machine of `rack` becomes unreachable (a top-of-rack switch failure) for `duration`:
    /// containers keep running but receive nothing; requests sent there fail after the
    /// balancer's connect timeout.
    case rackOutage(rack: Int, at: SimInstant, duration: SimDuration)
    /// Every `every`, starting at `first`, the oldest running machine is killed and a fresh,
    /// empty machine replaces it after `replaceAfter` (Netflix's Chaos Monkey as the reference
    /// platform ran it). Under static infrastructure the killed machine's containers are gone.
    case chaosMonkey(first: SimInstant, every: SimDuration, replaceAfter: SimDuration)
    /// External balancer `balancer` stops at `at` for `duration`: every request it receives fails
    /// (`lb-down`). With a standby (`replicas ≥ 2` on the balancer) traffic flows again after the
    /// balancer's `failoverTime` (VRRP/keepalived-style takeover).
    case lbFailure(balancer: Int, at: SimInstant, duration: SimDuration)
    /// Every container of `service` crashes at exponential intervals of mean 1/`rate` seconds
    /// (stream `faults/container-crash/<service>/<replica>`); in-flight requests fail (`crashed`)
    /// and it restarts after the CrashLoopBackOff delay plus its start-up time.
    case containerCrash(service: Int, rate: Double)
    /// At `at`, `fraction` of the machines of `rack` (at least one; which ones from the stream
    /// `faults/correlated/<rack>`) crash together, and come back after `duration`.
    case correlated(rack: Int, fraction: Double, at: SimInstant, duration: SimDuration)
    /// A staged rollout of a new version of a service (see `ReleaseConfig`).
    case release(ReleaseConfig)

    /// Stable kind name used in outputs.
    public var kind: String {
        switch self {
        case .machineCrash, .randomMachineCrash: "machine-crash"
        case .rackOutage: "rack-outage"
        case .chaosMonkey: "chaos-monkey"
        case .lbFailure: "lb-failure"
        case .containerCrash: "container-crash"
        case .correlated: "correlated"
        case .release: "release"
        }
    }
}

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
    public init(service: Int, at: SimInstant, stages: [Stage], badProbability: Double, errorRate: Double,
                cpuFactor: Double, rollbackErrorRate: Double?, rollbackWindow: SimDuration) {
        self.service = service; self.at = at; self.stages = stages; self.badProbability = badProbability
        self.errorRate = errorRate; self.cpuFactor = cpuFactor; self.rollbackErrorRate = rollbackErrorRate
        self.rollbackWindow = rollbackWindow
    }
}

/// One injected fault, as the observer sees it.
public struct Incident: Sendable, Hashable, Codable {
    public var id: Int
    public var kind: String
    /// The machine or rack hit.
    public var target: String
    public var start: SimInstant
    /// nil while not over (at the end of the run, or a machine never repaired).
    public var end: SimInstant?
    /// The tenant that caused it (resource hogs), nil for faults.
    public var tenant: String? = nil
    public init(id: Int, kind: String, target: String, start: SimInstant, end: SimInstant? = nil) {
        self.id = id; self.kind = kind; self.target = target; self.start = start; self.end = end
    }
}

extension SimInstant: Codable {
    public init(from decoder: any Decoder) throws { self.init(nanoseconds: try Int64(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try nanoseconds.encode(to: encoder) }
}
