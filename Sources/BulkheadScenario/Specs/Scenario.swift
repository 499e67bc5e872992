/// A fully validated scenario: the cluster, its traffic and its services, with every unit normalised.
///
/// Durations and times of day are `Int64` nanoseconds, CPU is cores, memory is bytes,
/// rates are per second and percentages are fractions.
public struct Scenario: Sendable, Equatable, Codable {
    public var name: String
    /// Seed for the run's random streams (default 1).
    public var seed: UInt64
    /// Simulated time to run, in nanoseconds.
    public var duration: Int64
    /// Leading part of `duration` excluded from statistics, in nanoseconds (default 0).
    public var warmup: Int64
    /// Machine types in file order.
    public var machineTypes: [MachineTypeSpec]
    public var racks: [RackSpec]
    /// Upper bound on containers placed on one machine; `nil` means no bound.
    public var maxContainersPerMachine: Int?
    public var loadBalancers: [LoadBalancerSpec]
    public var services: [ServiceSpec]
    public var placement: PlacementSpec
    public var isolation: IsolationSpec
    /// Expressions over the run's `summary.json` metrics that `bulkhead check` verifies (default none).
    public var guarantees: [GuaranteeSpec]
    /// Faults injected during the run (default none). See `FaultSpec`.
    public var faults: [FaultSpec] = []
    /// Releases (staged rollouts of new versions) during the run (default none). See `ReleaseSpec`.
    public var releases: [ReleaseSpec] = []
    /// Tenant placement rules (`tenants: { NAME: { dedicated, avoidTenants } }`, default none), in file order.
    public var tenants: [TenantSpec] = []
    /// `infrastructure:` — nil: static (nothing reschedules lost containers).
    public var infrastructure: InfrastructureSpec?
    /// Resource hogs (default none). See `HogSpec`.
    public var hogs: [HogSpec] = []
    /// Per-service sensitivity to co-located work (default none: no interference beyond CPU time).
    public var interference: [InterferenceSpec] = []
    /// `fidelity:` — request-level (default) or flow-level simulation.
    public var fidelity: FidelitySpec = .request
    /// Non-fatal findings (for example a service that no route or call reaches). Not part of the JSON echo.
    public var warnings: [Diagnostic]

    public init(
        name: String, seed: UInt64 = 1, duration: Int64, warmup: Int64 = 0,
        machineTypes: [MachineTypeSpec], racks: [RackSpec], maxContainersPerMachine: Int? = nil,
        loadBalancers: [LoadBalancerSpec], services: [ServiceSpec],
        placement: PlacementSpec = PlacementSpec(), isolation: IsolationSpec = IsolationSpec(),
        guarantees: [GuaranteeSpec] = [], warnings: [Diagnostic] = []
    ) {
        self.name = name
        self.seed = seed
        self.duration = duration
        self.warmup = warmup
        self.machineTypes = machineTypes
        self.racks = racks
        self.maxContainersPerMachine = maxContainersPerMachine
        self.loadBalancers = loadBalancers
        self.services = services
        self.placement = placement
        self.isolation = isolation
        self.guarantees = guarantees
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case name, seed, duration, warmup, machineTypes, racks, maxContainersPerMachine
        case loadBalancers, services, placement, isolation, guarantees, faults, releases, tenants, infrastructure, hogs
        case interference, fidelity
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            seed: try c.decode(UInt64.self, forKey: .seed),
            duration: try c.decode(Int64.self, forKey: .duration),
            warmup: try c.decode(Int64.self, forKey: .warmup),
            machineTypes: try c.decode([MachineTypeSpec].self, forKey: .machineTypes),
            racks: try c.decode([RackSpec].self, forKey: .racks),
            maxContainersPerMachine: try c.decodeIfPresent(Int.self, forKey: .maxContainersPerMachine),
            loadBalancers: try c.decode([LoadBalancerSpec].self, forKey: .loadBalancers),
            services: try c.decode([ServiceSpec].self, forKey: .services),
            placement: try c.decode(PlacementSpec.self, forKey: .placement),
            isolation: try c.decode(IsolationSpec.self, forKey: .isolation),
            guarantees: try c.decodeIfPresent([GuaranteeSpec].self, forKey: .guarantees) ?? [])
        faults = try c.decodeIfPresent([FaultSpec].self, forKey: .faults) ?? []
        releases = try c.decodeIfPresent([ReleaseSpec].self, forKey: .releases) ?? []
        tenants = try c.decodeIfPresent([TenantSpec].self, forKey: .tenants) ?? []
        infrastructure = try c.decodeIfPresent(InfrastructureSpec.self, forKey: .infrastructure)
        hogs = try c.decodeIfPresent([HogSpec].self, forKey: .hogs) ?? []
        interference = try c.decodeIfPresent([InterferenceSpec].self, forKey: .interference) ?? []
        fidelity = try c.decodeIfPresent(FidelitySpec.self, forKey: .fidelity) ?? .request
    }

    /// The synthesized encoding, except that `releases` is left out when empty: the JSON of a
    /// scenario without releases (and the digest of a sweep's base scenario) stays what it was
    /// before releases had their own key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(seed, forKey: .seed)
        try c.encode(duration, forKey: .duration)
        try c.encode(warmup, forKey: .warmup)
        try c.encode(machineTypes, forKey: .machineTypes)
        try c.encode(racks, forKey: .racks)
        try c.encodeIfPresent(maxContainersPerMachine, forKey: .maxContainersPerMachine)
        try c.encode(loadBalancers, forKey: .loadBalancers)
        try c.encode(services, forKey: .services)
        try c.encode(placement, forKey: .placement)
        try c.encode(isolation, forKey: .isolation)
        try c.encode(guarantees, forKey: .guarantees)
        try c.encode(faults, forKey: .faults)
        if !releases.isEmpty { try c.encode(releases, forKey: .releases) }
        try c.encode(tenants, forKey: .tenants)
        try c.encodeIfPresent(infrastructure, forKey: .infrastructure)
        try c.encode(hogs, forKey: .hogs)
        try c.encode(interference, forKey: .interference)
        // Written only when not the default, so that the JSON of a request-level scenario (and a
        // sweep's digest) is what it was before the key existed.
        if fidelity != .request { try c.encode(fidelity, forKey: .fidelity) }
    }

    /// The machine type with this name, if any.
    public func machineType(named name: String) -> MachineTypeSpec? {
        machineTypes.first { $0.name == name }
    }

    /// The zones named by the racks, in order of first appearance (empty: no zones).
    public var zones: [String] {
        var seen = Set<String>()
        return racks.compactMap(\.zone).filter { seen.insert($0).inserted }
    }

    /// The service with this name, if any.
    public func service(named name: String) -> ServiceSpec? {
        services.first { $0.name == name }
    }
}

/// A kind of machine: its capacity and, optionally, its price.
public struct MachineTypeSpec: Sendable, Equatable, Codable {
    public var name: String
    /// Cores.
    public var cpu: Double
    /// Bytes.
    public var memory: Double
    /// Currency units per hour, if given.
    public var costPerHour: Double?
    /// GPU devices (each shareable in 1000 milli-shares); `nil` means none.
    public var gpu: Int?
    /// Named extended resources offered (`example.com/fpga: 2`); `nil` means none.
    public var extended: [String: Double]?

    public init(
        name: String, cpu: Double, memory: Double, costPerHour: Double? = nil, gpu: Int? = nil,
        extended: [String: Double]? = nil
    ) {
        self.name = name
        self.cpu = cpu
        self.memory = memory
        self.costPerHour = costPerHour
        self.gpu = gpu
        self.extended = extended
    }
}

/// A rack of identical machines.
public struct RackSpec: Sendable, Equatable, Codable {
    public var name: String
    /// Name of a ``MachineTypeSpec``.
    public var type: String
    /// Number of machines (at least 1).
    public var machines: Int
    /// Only services with this role are placed here; `nil` for general-purpose racks.
    public var role: String?
    /// The zone (failure domain above racks) holding this rack; `nil` in clusters without zones.
    public var zone: String?

    public init(name: String, type: String, machines: Int, role: String? = nil, zone: String? = nil) {
        self.name = name
        self.type = type
        self.machines = machines
        self.role = role
        self.zone = zone
    }
}

/// How containers are spread over machines. The placement module validates policy names.
public struct PlacementSpec: Sendable, Equatable, Codable {
    public var policy: String
    /// Multipliers on what requests may add up to per machine; `nil` means none (1, 1).
    public var overcommit: OvercommitSpec?
    /// Machines per service shard for `shuffle-shard`; `nil` means 4.
    public var shardSize: Int?
    /// A composed policy (`policy` is then `custom`): the hard filters kept (nil = all) …
    public var filters: [FilterSpec]?
    /// … and the weighted scorers (nil = a preset `policy`).
    public var scorers: [ScorerSpec]?

    public init(
        policy: String = "spread", overcommit: OvercommitSpec? = nil, shardSize: Int? = nil,
        filters: [FilterSpec]? = nil, scorers: [ScorerSpec]? = nil
    ) {
        self.policy = policy
        self.overcommit = overcommit
        self.shardSize = shardSize
        self.filters = filters
        self.scorers = scorers
    }
}

/// How strongly containers on one machine are isolated from each other.
public struct IsolationSpec: Sendable, Equatable, Codable {
    public var cpu: CPUIsolation
    public var memory: MemoryIsolation
    /// CFS bandwidth period under `quota` (ns; `nil`: Linux's default, 100 ms); a service's
    /// `resources.limits.cpuPeriod` overrides it.
    public var cpuPeriod: Int64?

    public init(cpu: CPUIsolation = .shares, memory: MemoryIsolation = .limits, cpuPeriod: Int64? = nil) {
        self.cpu = cpu
        self.memory = memory
        self.cpuPeriod = cpuPeriod
    }
}

/// CPU isolation: none, proportional shares (by request), CFS bandwidth control by limit per
/// period (`quota`), the limit as a long-run rate cap (`quota-fluid`, faster, smoother), or
/// exclusive cores (`pinned`: a container with a limit owns that many cores).
public enum CPUIsolation: String, Sendable, Equatable, Codable, CaseIterable {
    case none, shares, quota
    case quotaFluid = "quota-fluid"
    case pinned
}

/// Memory isolation: none (a machine's memory is a shared pool) or per-container limits.
public enum MemoryIsolation: String, Sendable, Equatable, Codable, CaseIterable {
    case none, limits
}

/// Dynamic infrastructure: lost containers are re-placed by the placement policy.
public struct InfrastructureSpec: Sendable, Equatable, Codable {
    /// Nanoseconds until the rescheduler notices a lost container (default 30 s).
    public var detectAfter: Int64
    /// Nanoseconds from re-placement until the container takes traffic (default 20 s).
    public var startupTime: Int64
    public init(detectAfter: Int64 = 30_000_000_000, startupTime: Int64 = 20_000_000_000) {
        self.detectAfter = detectAfter
        self.startupTime = startupTime
    }
}
