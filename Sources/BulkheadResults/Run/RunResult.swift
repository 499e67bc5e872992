/// The measured outcome of one simulation run: plain values, deterministic orderings
/// (services, machines and containers in configuration order, tenants sorted by name,
/// time-series rows by minute then entity).
///
/// Every quantity excludes the warm-up (see ``MetricsCollector``). Latencies are in seconds,
/// utilisations and ratios are fractions (0…1, utilisation may exceed 1 only if the model
/// over-reports), rates are per simulated second. Nothing here depends on wall-clock time.
public struct RunResult: Codable, Sendable, Equatable {
    public var scenario: String
    public var seed: UInt64
    public var policy: String
    /// Simulated seconds of warm-up excluded from every statistic.
    public var warmupSeconds: Double
    /// Simulated seconds of the whole run (including warm-up).
    public var durationSeconds: Double
    /// Number of post-warm-up minutes for which the model reported `minuteEnded`.
    public var minutesMeasured: Int
    /// Events the simulation kernel processed (deterministic for a seed).
    public var eventsProcessed: Int
    /// Requests that arrived from a load balancer (external requests only).
    public var requests: RequestTotals
    /// Downstream calls between services (internal requests only).
    public var internalRequests: RequestTotals
    /// Failures of external requests by cause.
    public var failuresByCause: FailureCounts
    /// Requests still in flight when the run ended (all services, external and internal).
    public var inFlightAtEnd: Int
    public var services: [ServiceResult]
    public var tenants: [TenantResult]
    public var machines: [MachineResult]
    public var cluster: ClusterResult
    public var kills: KillTotals
    public var containers: [ContainerResult]
    public var timeSeries: TimeSeries
    /// Faults injected during the run (see `FaultConfig`); their measured impact is computed
    /// against a twin run by the experiments layer.
    public var incidents: [IncidentRecord] = []
    /// The measured impact of each incident against the fault-free twin (set by the experiments
    /// layer; empty without faults or when the twin was not run).
    public var incidentImpacts: [IncidentImpact] = []
    /// Re-placements and time to restore per service under dynamic infrastructure (empty under
    /// static infrastructure).
    public var rescheduling: [ReschedulingResult] = []
    /// Tenants' latency over each hog incident's window (or over the windows a twin run watched).
    public var windowLatencies: [WindowLatency] = []
    /// OOM kills after warm-up, in order.
    public var killLog: [KillEvent] = []
    /// The measured damage of each hog against the hog-free twin (set by the experiments layer).
    public var hogImpacts: [HogImpact] = []
    /// Batch jobs started during the run (batch hogs), in start order.
    public var batchJobs: [BatchJobResult] = []
    /// Replica counts over time and scaling figures per autoscaled service (empty without autoscaling).
    public var autoscaling: [AutoscalingResult] = []

    public init(scenario: String, seed: UInt64, policy: String, warmupSeconds: Double, durationSeconds: Double,
                minutesMeasured: Int, eventsProcessed: Int, requests: RequestTotals, internalRequests: RequestTotals,
                failuresByCause: FailureCounts, inFlightAtEnd: Int, services: [ServiceResult], tenants: [TenantResult],
                machines: [MachineResult], cluster: ClusterResult, kills: KillTotals, containers: [ContainerResult],
                timeSeries: TimeSeries) {
        self.scenario = scenario; self.seed = seed; self.policy = policy; self.warmupSeconds = warmupSeconds
        self.durationSeconds = durationSeconds; self.minutesMeasured = minutesMeasured
        self.eventsProcessed = eventsProcessed; self.requests = requests; self.internalRequests = internalRequests
        self.failuresByCause = failuresByCause; self.inFlightAtEnd = inFlightAtEnd; self.services = services
        self.tenants = tenants; self.machines = machines; self.cluster = cluster; self.kills = kills
        self.containers = containers; self.timeSeries = timeSeries
    }
}

/// Counts of requests by how they ended.
public struct RequestTotals: Codable, Sendable, Equatable {
    public var total: Int
    public var succeeded: Int
    public var failed: Int
    public init(total: Int, succeeded: Int, failed: Int) {
        self.total = total; self.succeeded = succeeded; self.failed = failed
    }
}

/// Failed requests by cause; JSON keys are `RequestOutcome.name` (`timeout`, `dead-replica`, …).
public struct FailureCounts: Codable, Sendable, Equatable {
    public var timeout: Int = 0
    public var deadReplica: Int = 0
    public var unreachable: Int = 0
    public var oomKilled: Int = 0
    public var downstreamFailure: Int = 0
    public var noHealthyReplica: Int = 0
    public var lbDown: Int = 0
    public var crashed: Int = 0
    public var badRelease: Int = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case timeout
        case deadReplica = "dead-replica"
        case unreachable
        case oomKilled = "oom-killed"
        case downstreamFailure = "downstream-failure"
        case noHealthyReplica = "no-healthy-replica"
        case lbDown = "lb-down"
        case crashed
        case badRelease = "bad-release"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func v(_ k: CodingKeys) throws -> Int { try c.decodeIfPresent(Int.self, forKey: k) ?? 0 }
        timeout = try v(.timeout); deadReplica = try v(.deadReplica); unreachable = try v(.unreachable)
        oomKilled = try v(.oomKilled); downstreamFailure = try v(.downstreamFailure)
        noHealthyReplica = try v(.noHealthyReplica); lbDown = try v(.lbDown); crashed = try v(.crashed)
        badRelease = try v(.badRelease)
    }

    /// The sum of all causes.
    public var total: Int {
        timeout + deadReplica + unreachable + oomKilled + downstreamFailure + noHealthyReplica + lbDown + crashed
            + badRelease
    }

    /// (cause name, count) in a fixed order, for tables and CSV columns.
    public var byName: [(name: String, count: Int)] {
        [("timeout", timeout), ("dead-replica", deadReplica), ("unreachable", unreachable),
         ("oom-killed", oomKilled), ("downstream-failure", downstreamFailure),
         ("no-healthy-replica", noHealthyReplica), ("lb-down", lbDown), ("crashed", crashed),
         ("bad-release", badRelease)]
    }

    /// Adds `n` failures of the cause numbered `raw` (a `RequestOutcome` raw value; 0 = success is ignored).
    package mutating func add(raw: Int, _ n: Int) {
        switch raw {
        case 1: timeout += n
        case 2: deadReplica += n
        case 3: unreachable += n
        case 4: oomKilled += n
        case 5: downstreamFailure += n
        case 6: noHealthyReplica += n
        case 7: lbDown += n
        case 8: crashed += n
        case 9: badRelease += n
        default: break
        }
    }

    package mutating func add(_ o: FailureCounts) {
        timeout += o.timeout; deadReplica += o.deadReplica; unreachable += o.unreachable
        oomKilled += o.oomKilled; downstreamFailure += o.downstreamFailure; noHealthyReplica += o.noHealthyReplica
        lbDown += o.lbDown; crashed += o.crashed; badRelease += o.badRelease
    }
}

/// Latency of successful requests, in seconds. Values come from an HdrHistogram with three
/// significant digits (relative error ≤ 0.1 %), except `mean`, which is exact.
public struct LatencySummary: Codable, Sendable, Equatable {
    /// Number of successful requests measured.
    public var count: Int
    public var mean: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double
    public init(count: Int, mean: Double, p50: Double, p90: Double, p99: Double, p999: Double, max: Double) {
        self.count = count; self.mean = mean; self.p50 = p50; self.p90 = p90; self.p99 = p99
        self.p999 = p999; self.max = max
    }
}

/// One service: everything it received (external requests and downstream calls).
public struct ServiceResult: Codable, Sendable, Equatable {
    public var name: String
    public var tenant: String
    public var requests: Int
    public var succeeded: Int
    public var failed: Int
    public var externalRequests: Int
    public var internalRequests: Int
    public var failuresByCause: FailureCounts
    public var inFlightAtEnd: Int
    /// Nil when the service had no successful request after warm-up.
    public var latency: LatencySummary?
    public var sloLatencyP99: Double?
    public var sloAvailability: Double?
    /// Minutes whose p99 exceeded `sloLatencyP99` or whose success ratio fell below `sloAvailability`.
    public var sloBadMinutes: Int
    /// failures / (requests × (1 − sloAvailability)); nil without an availability target or when
    /// the target is 1 (no budget). 0 when there were no requests.
    public var errorBudgetUsed: Double?
    /// Containers of this service killed after warm-up.
    public var kills: Int
    public var replicas: Int

    public init(name: String, tenant: String, requests: Int, succeeded: Int, failed: Int, externalRequests: Int,
                internalRequests: Int, failuresByCause: FailureCounts, inFlightAtEnd: Int, latency: LatencySummary?,
                sloLatencyP99: Double?, sloAvailability: Double?, sloBadMinutes: Int, errorBudgetUsed: Double?,
                kills: Int, replicas: Int) {
        self.name = name; self.tenant = tenant; self.requests = requests; self.succeeded = succeeded
        self.failed = failed; self.externalRequests = externalRequests; self.internalRequests = internalRequests
        self.failuresByCause = failuresByCause; self.inFlightAtEnd = inFlightAtEnd; self.latency = latency
        self.sloLatencyP99 = sloLatencyP99; self.sloAvailability = sloAvailability
        self.sloBadMinutes = sloBadMinutes; self.errorBudgetUsed = errorBudgetUsed; self.kills = kills
        self.replicas = replicas
    }
}

/// One tenant: the aggregate of its services (latency from their merged histograms).
public struct TenantResult: Codable, Sendable, Equatable {
    public var name: String
    /// Its services, in configuration order.
    public var services: [String]
    public var requests: Int
    public var succeeded: Int
    public var failed: Int
    public var externalRequests: Int
    public var failuresByCause: FailureCounts
    public var latency: LatencySummary?
    public var sloBadMinutes: Int
    /// Σ failures / Σ requests × (1 − availability) over its services that have an availability
    /// target below 1; nil when none has.
    public var errorBudgetUsed: Double?
    public var kills: Int

    public init(name: String, services: [String], requests: Int, succeeded: Int, failed: Int, externalRequests: Int,
                failuresByCause: FailureCounts, latency: LatencySummary?, sloBadMinutes: Int,
                errorBudgetUsed: Double?, kills: Int) {
        self.name = name; self.services = services; self.requests = requests; self.succeeded = succeeded
        self.failed = failed; self.externalRequests = externalRequests; self.failuresByCause = failuresByCause
        self.latency = latency; self.sloBadMinutes = sloBadMinutes; self.errorBudgetUsed = errorBudgetUsed
        self.kills = kills
    }
}

/// Mean and peak of a utilisation over the measured minutes (fractions of capacity).
public struct Utilization: Codable, Sendable, Equatable {
    public var mean: Double
    /// The highest 1-minute mean.
    public var peak: Double
    public init(mean: Double, peak: Double) { self.mean = mean; self.peak = peak }
}

/// One machine.
public struct MachineResult: Codable, Sendable, Equatable {
    public var name: String
    public var rack: String
    public var type: String
    public var cpu: Double
    public var memory: Double
    public var containers: Int
    /// Σ CPU / memory requests of the containers placed on it.
    public var cpuRequested: Double
    public var memoryRequested: Double
    public var cpuUtilization: Utilization
    public var memoryUtilization: Utilization
    /// Containers killed on this machine (all reasons) and OOM kills of innocent containers.
    public var oomKills: Int
    public var innocentOOMKills: Int

    public init(name: String, rack: String, type: String, cpu: Double, memory: Double, containers: Int,
                cpuRequested: Double, memoryRequested: Double, cpuUtilization: Utilization,
                memoryUtilization: Utilization, oomKills: Int, innocentOOMKills: Int) {
        self.name = name; self.rack = rack; self.type = type; self.cpu = cpu; self.memory = memory
        self.containers = containers; self.cpuRequested = cpuRequested; self.memoryRequested = memoryRequested
        self.cpuUtilization = cpuUtilization; self.memoryUtilization = memoryUtilization
        self.oomKills = oomKills; self.innocentOOMKills = innocentOOMKills
    }
}

/// Cluster-wide machine figures, over *used* machines (those with at least one container).
public struct ClusterResult: Codable, Sendable, Equatable {
    public var machinesTotal: Int
    /// Machines with at least one container.
    public var machinesUsed: Int
    /// Σ requests of placed containers / Σ capacity of used machines (0 when none is used).
    public var cpuAllocation: Double
    public var memoryAllocation: Double
    /// `mean`: capacity-weighted mean over minutes of Σ busy / Σ capacity of used machines.
    /// `peak`: the highest 1-minute utilisation of any single used machine.
    public var cpuUtilization: Utilization
    public var memoryUtilization: Utilization

    public init(machinesTotal: Int, machinesUsed: Int, cpuAllocation: Double, memoryAllocation: Double,
                cpuUtilization: Utilization, memoryUtilization: Utilization) {
        self.machinesTotal = machinesTotal; self.machinesUsed = machinesUsed; self.cpuAllocation = cpuAllocation
        self.memoryAllocation = memoryAllocation; self.cpuUtilization = cpuUtilization
        self.memoryUtilization = memoryUtilization
    }
}

/// Container kills after warm-up.
public struct KillTotals: Codable, Sendable, Equatable {
    public var total: Int
    /// Killed for exceeding their own memory limit.
    public var oomLimit: Int
    /// Chosen by a machine's OOM killer.
    public var oomMachine: Int
    /// Machine-OOM kills of a container other than the one whose allocation overflowed the machine.
    public var innocent: Int
    public init(total: Int, oomLimit: Int, oomMachine: Int, innocent: Int) {
        self.total = total; self.oomLimit = oomLimit; self.oomMachine = oomMachine; self.innocent = innocent
    }
}

/// One container of the placement, with its kills.
public struct ContainerResult: Codable, Sendable, Equatable {
    /// Index in `Placement.containers`.
    public var container: Int
    public var service: String
    public var tenant: String
    public var replica: Int
    public var machine: String
    public var rack: String
    public var kills: Int
    public init(container: Int, service: String, tenant: String, replica: Int, machine: String, rack: String,
                kills: Int) {
        self.container = container; self.service = service; self.tenant = tenant; self.replica = replica
        self.machine = machine; self.rack = rack; self.kills = kills
    }
}

/// Per-minute rows. `minute` m covers simulated time [m, m+1) minutes.
public struct TimeSeries: Codable, Sendable, Equatable {
    /// Ordered by minute, then service in configuration order.
    public var services: [ServiceMinute]
    /// Ordered by minute, then machine in configuration order.
    public var machines: [MachineMinute]
    public init(services: [ServiceMinute], machines: [MachineMinute]) {
        self.services = services; self.machines = machines
    }
}

public struct ServiceMinute: Codable, Sendable, Equatable {
    public var minute: Int
    public var service: String
    public var requests: Int
    /// Requests per simulated second over the measured part of the minute.
    public var rate: Double
    public var failures: Int
    /// Latency percentiles of the minute's successes (seconds); nil without successes.
    public var p50: Double?
    public var p99: Double?
    public var sloBad: Bool
    public init(minute: Int, service: String, requests: Int, rate: Double, failures: Int, p50: Double?,
                p99: Double?, sloBad: Bool) {
        self.minute = minute; self.service = service; self.requests = requests; self.rate = rate
        self.failures = failures; self.p50 = p50; self.p99 = p99; self.sloBad = sloBad
    }
}

public struct MachineMinute: Codable, Sendable, Equatable {
    public var minute: Int
    public var machine: String
    public var cpuUtilization: Double
    public var memoryUtilization: Double
    public init(minute: Int, machine: String, cpuUtilization: Double, memoryUtilization: Double) {
        self.minute = minute; self.machine = machine; self.cpuUtilization = cpuUtilization
        self.memoryUtilization = memoryUtilization
    }
}

/// One injected fault: what, where, when (seconds since the start of the run).
public struct IncidentRecord: Codable, Sendable, Equatable {
    public var id: Int
    public var kind: String
    public var target: String
    public var start: Double
    /// nil when it was not over by the end of the run.
    public var end: Double?
    /// The tenant that caused it (resource hogs); nil for faults.
    public var tenant: String? = nil
    public init(id: Int, kind: String, target: String, start: Double, end: Double?) {
        self.id = id; self.kind = kind; self.target = target; self.start = start; self.end = end
    }
}

