import BulkheadKernel

/// How a request ended.
public enum RequestOutcome: UInt8, Sendable, CaseIterable, Codable {
    case success
    /// Not done by the service's timeout (its work continues, as on real servers).
    case timeout
    /// Sent to a container that had died before the balancer noticed.
    case deadReplica
    /// Sent to a machine that could not be reached (connect timeout).
    case unreachable
    /// In flight in a container that was OOM-killed.
    case oomKilled
    /// A downstream call failed.
    case downstreamFailure
    /// The balancer had no replica it believed healthy.
    case noHealthyReplica
    /// Arrived at a load balancer that was down (`lb-failure`, before a standby took over).
    case lbDown
    /// In flight in a container that crashed (`container-crash`).
    case crashed
    /// Failed by a bad version of the service (`release`).
    case badRelease
    /// In flight in a container whose machine crashed or was killed (`machine-crash`,
    /// `correlated`, `chaos-monkey`).
    case machineFailure

    /// Stable name used in outputs.
    public var name: String {
        switch self {
        case .success: "success"
        case .timeout: "timeout"
        case .deadReplica: "dead-replica"
        case .unreachable: "unreachable"
        case .oomKilled: "oom-killed"
        case .downstreamFailure: "downstream-failure"
        case .noHealthyReplica: "no-healthy-replica"
        case .lbDown: "lb-down"
        case .crashed: "crashed"
        case .badRelease: "bad-release"
        case .machineFailure: "machine-failure"
        }
    }
}

/// Why a container died.
public enum KillReason: UInt8, Sendable, Codable {
    /// Exceeded its own memory limit (`isolation.memory: limits`).
    case oomLimit
    /// Chosen by the machine's OOM killer when the machine ran out of memory (`isolation.memory: none`).
    case oomMachine
    /// Its machine crashed or was killed.
    case machineFailure
    /// Crashed by itself (`container-crash`).
    case crash
}

/// One machine's state averaged over one simulated minute.
public struct MachineSample: Sendable {
    /// Mean busy cores over the minute.
    public var busyCores: Double
    /// Mean memory in use (bytes) over the minute.
    public var memoryUsed: Double
    public init(busyCores: Double, memoryUsed: Double) {
        self.busyCores = busyCores
        self.memoryUsed = memoryUsed
    }
}

/// Receives the model's events. Metrics are observers: the engine never computes a statistic.
/// Called on the simulation's own thread, in simulated-time order (except that a timeout is
/// reported at its deadline, which is also when it happens).
public protocol ModelObserver: AnyObject {
    /// A request to `service` ended at `end`. `external` is true for requests that arrived from a
    /// load balancer, false for downstream calls.
    func requestFinished(service: Int, start: SimInstant, end: SimInstant, outcome: RequestOutcome, external: Bool)
    /// A container was killed. `innocent` is true when the machine's OOM killer chose a container
    /// other than the one whose allocation overflowed the machine.
    func containerKilled(container: Int, machine: Int, reason: KillReason, at: SimInstant, innocent: Bool)
    /// Called at the end of every simulated minute `minute` (0-based), with one sample per machine.
    func minuteEnded(minute: Int, machines: [MachineSample])
    /// A fault struck (see `FaultConfig`).
    func incidentStarted(_ incident: Incident)
    /// Incident `id` is over (the machine is back, the rack reachable again).
    func incidentEnded(id: Int, at: SimInstant)
    /// Flow fidelity: `count` requests to `service` ended at `end` with `outcome`, each with
    /// latency `latency` (meaningful for successes). Equivalent to `count` calls of
    /// `requestFinished`, which the default implementation makes.
    func requestsFinished(
        service: Int, end: SimInstant, latency: SimDuration, count: Int, outcome: RequestOutcome, external: Bool)
    /// Flow fidelity: `counts[i]` successful requests to `service` ended at `end`, each with
    /// latency `latencies[i]` (a minute's latency bins at once). Equivalent to a
    /// `requestsFinished` per bin with a positive count, in order, which the default
    /// implementation makes.
    func requestsSucceeded(service: Int, end: SimInstant, latencies: [SimDuration], counts: [Int], external: Bool)
}

extension ModelObserver {
    public func incidentStarted(_ incident: Incident) {}
    public func incidentEnded(id: Int, at: SimInstant) {}
    public func requestsSucceeded(
        service: Int, end: SimInstant, latencies: [SimDuration], counts: [Int], external: Bool
    ) {
        for i in counts.indices where counts[i] > 0 {
            requestsFinished(
                service: service, end: end, latency: latencies[i], count: counts[i], outcome: .success, external: external)
        }
    }
    public func requestsFinished(
        service: Int, end: SimInstant, latency: SimDuration, count: Int, outcome: RequestOutcome, external: Bool
    ) {
        let start = SimInstant(nanoseconds: end.nanoseconds - latency.nanoseconds)
        for _ in 0..<max(0, count) {
            requestFinished(service: service, start: start, end: end, outcome: outcome, external: external)
        }
    }
}
