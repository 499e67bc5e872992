import BulkheadKernel
import BulkheadStochastic

/// A fault the model injects, split as OpenDC does into *when* (`timing`), *who* (`victims`) and
/// *what* (`effect`). The scenario's fault kinds are combinations of the three (the static
/// constructors below); the model applies an effect in one place and undoes it in one place
/// (Faults/Simulation+Faults.swift).
///
/// Supported combinations: a per-victim timing (`renewal`, `poisson`) needs per-victim victims
/// (`eachMachine` for machine effects, `eachReplica` for `containerCrash`); `once` and `periodic`
/// take the other victims, resolved when the fault strikes; `balancerDown` needs a `balancer`.
public struct FaultConfig: Sendable {
    public var timing: FaultTiming
    public var victims: FaultVictims
    public var effect: FaultEffect

    public init(timing: FaultTiming, victims: FaultVictims, effect: FaultEffect) {
        self.timing = timing
        self.victims = victims
        self.effect = effect
    }

    /// Stable kind name used in outputs (incidents) and in stream names.
    public var kind: String {
        switch effect {
        case .crash: if case .rackFraction = victims { "correlated" } else { "machine-crash" }
        case .unreachable: if case .zone = victims { "zone-outage" } else { "rack-outage" }
        case .replace: "chaos-monkey"
        case .balancerDown: "lb-failure"
        case .containerCrash: "container-crash"
        }
    }
}

extension FaultConfig {
    /// A machine crashes at `at`; its containers die and their in-flight requests fail. It comes
    /// back after `repairAfter` (nil: never) and its containers restart after their start-up time.
    public static func machineCrash(machine: Int, at: SimInstant, repairAfter: SimDuration?) -> FaultConfig {
        FaultConfig(timing: .once(at: at, lasting: repairAfter), victims: .machine(machine), effect: .crash)
    }

    /// Each of `machines` fails independently: time to failure from `mtbf`, repair time from
    /// `mttr`, alternating (an alternating renewal process), from the stream
    /// `faults/machine-crash/<machine name>`.
    public static func randomMachineCrash(machines: [Int], mtbf: Distribution, mttr: Distribution) -> FaultConfig {
        FaultConfig(
            timing: .renewal(timeToFailure: mtbf, timeToRepair: mttr), victims: .eachMachine(machines),
            effect: .crash)
    }

    /// Every machine of `rack` becomes unreachable (a top-of-rack switch failure) for `duration`:
    /// containers keep running but receive nothing; requests sent there fail after the
    /// balancer's connect timeout.
    public static func rackOutage(rack: Int, at: SimInstant, duration: SimDuration) -> FaultConfig {
        FaultConfig(timing: .once(at: at, lasting: duration), victims: .rack(rack), effect: .unreachable)
    }

    /// Every `every`, starting at `first`, the oldest running machine is killed and a fresh,
    /// empty machine replaces it after `replaceAfter` (Netflix's Chaos Monkey as the reference
    /// platform ran it). Under static infrastructure the killed machine's containers are gone.
    public static func chaosMonkey(first: SimInstant, every: SimDuration, replaceAfter: SimDuration) -> FaultConfig {
        FaultConfig(
            timing: .periodic(first: first, every: every, lasting: replaceAfter), victims: .oldestMachine,
            effect: .replace)
    }

    /// External balancer `balancer` stops at `at` for `duration`: every request it receives fails
    /// (`lb-down`). With a standby (`replicas ≥ 2` on the balancer) traffic flows again after the
    /// balancer's `failoverTime` (VRRP/keepalived-style takeover).
    public static func lbFailure(balancer: Int, at: SimInstant, duration: SimDuration) -> FaultConfig {
        FaultConfig(timing: .once(at: at, lasting: duration), victims: .balancer(balancer), effect: .balancerDown)
    }

    /// Every container of `service` placed at the start crashes at exponential intervals of mean
    /// 1/`rate` seconds (stream `faults/container-crash/<service>/<replica>`); in-flight requests
    /// fail (`crashed`) and it restarts after the CrashLoopBackOff delay plus its start-up time.
    public static func containerCrash(service: Int, rate: Double) -> FaultConfig {
        FaultConfig(
            timing: .poisson(ratePerSecond: rate), victims: .eachReplica(service: service),
            effect: .containerCrash)
    }

    /// At `at`, `fraction` of the machines of `rack` (at least one; which ones from the stream
    /// `faults/correlated/<rack>`) crash together, and come back after `duration`.
    public static func correlated(rack: Int, fraction: Double, at: SimInstant, duration: SimDuration) -> FaultConfig {
        FaultConfig(
            timing: .once(at: at, lasting: duration), victims: .rackFraction(rack: rack, fraction: fraction),
            effect: .crash)
    }
}

/// When a fault strikes, and when its effect is undone.
public enum FaultTiming: Sendable {
    /// Once at `at`; undone after `lasting` (nil: never).
    case once(at: SimInstant, lasting: SimDuration?)
    /// At `first`, then every `every` (while within the run); each occurrence undone after `lasting`.
    case periodic(first: SimInstant, every: SimDuration, lasting: SimDuration)
    /// Per victim, an alternating renewal process: up for a time drawn from `timeToFailure`, down
    /// for one drawn from `timeToRepair` (seconds), from the victim's own stream. A failure due
    /// while the victim is already down is absorbed.
    case renewal(timeToFailure: Distribution, timeToRepair: Distribution)
    /// Per victim, at exponential intervals of mean 1/`ratePerSecond` from the victim's own
    /// stream; the victim undoes the effect itself (a crashed container restarts). A strike due
    /// while the victim is not running is absorbed.
    case poisson(ratePerSecond: Double)
}

/// Who a fault hits.
public enum FaultVictims: Sendable {
    /// One machine (index into `ClusterConfig.machines`).
    case machine(Int)
    /// Each of these machines on its own (with a per-victim timing).
    case eachMachine([Int])
    /// Every machine of a rack (index into `ClusterConfig.racks`).
    case rack(Int)
    /// Every machine of a zone (index into `ClusterConfig.zones`).
    case zone(Int)
    /// `fraction` of a rack's machines (rounded, at least one), drawn when it strikes from the
    /// fault's stream with a partial Fisher–Yates shuffle.
    case rackFraction(rack: Int, fraction: Double)
    /// The running machine that started longest ago (ties: the first in rack order).
    case oldestMachine
    /// An external load balancer (index into `ClusterConfig.balancers`).
    case balancer(Int)
    /// Each container of a service placed at the start, on its own (with a per-victim timing).
    case eachReplica(service: Int)
}

/// What a fault does to its victims, and how it is undone.
public enum FaultEffect: String, Sendable {
    /// The machines power off (their containers die); undone: they power on and their containers
    /// restart after their start-up time.
    case crash
    /// The machines cannot be reached (containers keep running, receive nothing); undone:
    /// reachable again.
    case unreachable
    /// The machines are killed; undone: a fresh, empty machine takes each one's place.
    case replace
    /// The balancer fails every request it receives; undone after the fault's duration, or after
    /// the balancer's failover time when it has a standby.
    case balancerDown
    /// The container dies and restarts after the CrashLoopBackOff delay; the restart undoes it.
    case containerCrash
}
