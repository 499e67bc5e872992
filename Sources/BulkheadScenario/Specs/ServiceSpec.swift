/// A service: a tenant's replicated container deployment that serves requests.
public struct ServiceSpec: Sendable, Equatable, Codable {
    public var name: String
    public var tenant: String
    /// Only racks with this role host the service; `nil` for general-purpose racks.
    public var role: String?
    /// Number of containers (≥ 0).
    public var replicas: Int
    public var resources: ResourcesSpec
    public var work: WorkSpec
    /// Memory use model; `nil` in the file means base 0 and perRequest 0.
    public var memory: MemorySpec?
    /// Downstream calls made by every request, in file order.
    public var calls: [CallSpec]
    /// Nanoseconds after which a request is abandoned; `nil` means no timeout.
    public var timeout: Int64?
    public var slo: SLOSpec?
    /// At most k replicas per machine / rack; `nil` means unconstrained.
    public var antiAffinity: AntiAffinitySpec?
    /// PodTopologySpread-style constraint; `nil` means none.
    public var topologySpread: TopologySpreadSpec?
    /// Replica count changing over the run; `nil` means a fixed `replicas`.
    public var autoscaling: AutoscalingSpec? = nil
    /// A fixed placement (`pinnedTo`): replica i runs on the machine named `pinnedTo[i]`
    /// (`<rack>-<k>`); one name per replica. `nil`: the placement policy chooses.
    public var pinnedTo: [String]? = nil

    public init(
        name: String, tenant: String, role: String? = nil, replicas: Int, resources: ResourcesSpec,
        work: WorkSpec, memory: MemorySpec? = nil, calls: [CallSpec] = [], timeout: Int64? = nil,
        slo: SLOSpec? = nil, antiAffinity: AntiAffinitySpec? = nil, topologySpread: TopologySpreadSpec? = nil
    ) {
        self.antiAffinity = antiAffinity
        self.topologySpread = topologySpread
        self.name = name
        self.tenant = tenant
        self.role = role
        self.replicas = replicas
        self.resources = resources
        self.work = work
        self.memory = memory
        self.calls = calls
        self.timeout = timeout
        self.slo = slo
    }
}

/// Kubernetes-style requests (reserved, used for placement and shares) and limits (caps).
public struct ResourcesSpec: Sendable, Equatable, Codable {
    /// Requested cores.
    public var requestsCPU: Double
    /// Requested bytes.
    public var requestsMemory: Double
    /// CPU cap in cores; `nil` means none.
    public var limitsCPU: Double?
    /// Memory cap in bytes; `nil` means none.
    public var limitsMemory: Double?
    /// CFS bandwidth period of this service's containers (ns; `nil`: the scenario's).
    public var limitsCPUPeriod: Int64?
    /// CFS burst (`cpu.cfs_burst_us`): CPU time (ns) a container may carry over from periods it
    /// did not use its whole quota in; `nil` means none.
    public var limitsCPUBurst: Int64?
    /// Requested GPUs: below 1 a share of one GPU (0.5), else whole GPUs (2); `nil` means none.
    public var requestsGPU: Double?
    /// Requested named extended resources (`example.com/fpga: 1`); `nil` means none.
    public var requestsExtended: [String: Double]?

    public init(
        requestsCPU: Double, requestsMemory: Double, limitsCPU: Double? = nil, limitsMemory: Double? = nil,
        limitsCPUPeriod: Int64? = nil, limitsCPUBurst: Int64? = nil
    ) {
        self.requestsCPU = requestsCPU
        self.requestsMemory = requestsMemory
        self.limitsCPU = limitsCPU
        self.limitsMemory = limitsMemory
        self.limitsCPUPeriod = limitsCPUPeriod
        self.limitsCPUBurst = limitsCPUBurst
    }
}

/// The work one request costs.
public struct WorkSpec: Sendable, Equatable, Codable {
    /// CPU-seconds per request.
    public var cpu: DistributionSpec

    public init(cpu: DistributionSpec) {
        self.cpu = cpu
    }
}

/// Memory use of one container: a fixed base plus an amount per in-flight request.
public struct MemorySpec: Sendable, Equatable, Codable {
    /// Bytes.
    public var base: Double
    /// Bytes per in-flight request.
    public var perRequest: Double

    public init(base: Double = 0, perRequest: Double = 0) {
        self.base = base
        self.perRequest = perRequest
    }
}

/// A downstream call made (sequentially) while serving each request.
public struct CallSpec: Sendable, Equatable, Codable {
    public var service: String
    /// Calls per request (≥ 1, default 1).
    public var count: Int

    public init(service: String, count: Int = 1) {
        self.service = service
        self.count = count
    }
}

/// Service-level objectives, used for reporting.
public struct SLOSpec: Sendable, Equatable, Codable {
    /// 99th-percentile latency target in nanoseconds (`slo.latency.p99`).
    public var latencyP99: Int64?
    /// Fraction of requests that must succeed, in (0, 1].
    public var availability: Double?

    public init(latencyP99: Int64? = nil, availability: Double? = nil) {
        self.latencyP99 = latencyP99
        self.availability = availability
    }
}
