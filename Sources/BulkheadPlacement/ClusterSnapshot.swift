import BulkheadModel

/// One container to place: replica `replica` of service `service`, requesting `request`.
public struct ContainerRequest: Sendable, Hashable {
    public var service: Int
    public var replica: Int
    public var request: Resources
    public var role: String?
    /// GPUs requested (`.none` for most containers).
    public var gpu: GPURequest
    /// Named extended resources requested, indexed as `ClusterConfig.extendedResources` (may be empty).
    public var extended: [Double]
    public init(
        service: Int, replica: Int, request: Resources, role: String?, gpu: GPURequest = .none, extended: [Double] = []
    ) {
        self.service = service
        self.replica = replica
        self.request = request
        self.role = role
        self.gpu = gpu
        self.extended = extended
    }

    /// Replica `replica` of service `service` of `config`, with every resource it requests.
    public init(service: Int, replica: Int, of config: ClusterConfig) {
        let svc = config.services[service]
        self.init(
            service: service, replica: replica, request: Resources(cpu: svc.cpuRequest, memory: svc.memoryRequest),
            role: svc.role, gpu: svc.gpuRequest, extended: svc.extendedRequests)
    }
}

/// The cluster as the placement pipeline sees it: per-machine capacity (after overcommit), what is
/// already allocated, container counts, roles, racks, health, and how many replicas of each service
/// sit on each machine and rack (for anti-affinity and topology spread). Filters and scorers only
/// read it; the placer's private copy is updated after each decision (`assign`).
///
/// All arithmetic that decides "fits" and "score" lives here, so the indexed placer and the
/// naive oracle (`Placer.placeNaive`) make bit-identical decisions.
public struct ClusterSnapshot: Sendable {
    /// Relative tolerance of the fit test: a request fits if `allocated + request ≤ capacity·(1 + 1e-9)`
    /// (evaluated as `limit − allocated ≥ request`). Absorbs the rounding of sums such as
    /// 36.6 + 26.8 + 36.6 = 100.0 that fill a machine exactly.
    public static let relativeTolerance = 1e-9

    /// Schedulable capacity: physical capacity × `ClusterConfig.overcommit`.
    public let capacity: [Resources]
    /// `capacity · (1 + relativeTolerance)`, precomputed.
    public let limit: [Resources]
    public internal(set) var allocated: [Resources]
    public internal(set) var containerCount: [Int]
    public let roles: [String?]
    public let healthy: [Bool]
    public let maxContainersPerMachine: Int
    /// Rack index of each machine.
    public let rack: [Int]
    /// Number of rack indices (≥ every `rack[m] + 1`).
    public let rackCount: Int
    /// Zone index of each machine (0 for every machine when the cluster has no zones: one zone).
    public let zone: [Int]
    /// Number of zone indices (≥ 1).
    public let zoneCount: Int
    /// Position of each machine in the placement order "(zone, rack, machine index)": every tie
    /// between machines goes to the lowest rank. Without zones (every machine in zone 0) equal to the
    /// machine index when machines are listed rack by rack (as `ScenarioCompiler` does). Zones
    /// first so that a zone's machines are a contiguous range of every `CapacityIndex`.
    public let rank: [Int]
    /// Machines in rank order.
    public let machinesInOrder: [Int]
    /// Per-service constraints (from `ClusterConfig.Service`).
    public let antiAffinity: [ClusterConfig.AntiAffinity]
    public let spread: [[ClusterConfig.TopologySpread]]
    /// Replicas of service s on machine m, keyed `s · machineCount + m` (sparse).
    public internal(set) var onMachine: [Int: Int32] = [:]
    /// Replicas of service s in rack r at `s · rackCount + r`.
    public internal(set) var onRack: [Int32]
    /// Replicas of service s in zone z at `s · zoneCount + z` (empty unless some service spreads
    /// over zones: the counts are only kept where they are read).
    public internal(set) var onZone: [Int32]
    /// Per service: racks and machines that are eligible topology domains (healthy, matching role),
    /// as indices into `eligibleRacks` / `eligibleMachines` (shared by services of one role).
    let roleGroup: [Int]
    let eligibleRacks: [[Int]]
    let eligibleZones: [[Int]]
    let eligibleMachines: [[Int]]

    public var machineCount: Int { capacity.count }

    /// Tenant rules (`ClusterConfig.tenantRules`), by tenant index (tenants numbered in order of
    /// first appearance among the services). Only tracked when some rule exists.
    public let tenantRulesActive: Bool
    /// Tenant index of each service.
    public let tenantOf: [Int]
    /// Per tenant: dedicated?
    public let dedicatedTenant: [Bool]
    /// Per tenant: the tenants it must not share a machine with (symmetric closure).
    public let avoidedTenants: [Set<Int>]
    /// Per machine: distinct tenants with a container on it (maintained only when `tenantRulesActive`).
    public internal(set) var tenantsOn: [[Int]]

    /// Per service: the machine of each replica when the service is pinned (`ClusterConfig.Service.pinnedTo`);
    /// empty for services the policy places.
    public let pins: [[Int]]

    /// GPUs and named extended resources (nil when the cluster uses none).
    public internal(set) var extended: ExtendedResourceState?
    /// GPU fragmentation against the cluster's own workload (its services' requests weighted by
    /// replicas), for the `fgd` preset; nil without GPUs.
    public let fragmentation: FragmentationMemo?

    public init(config: ClusterConfig, failedMachines: Set<Int> = []) {
        extended = config.usesExtendedResources ? ExtendedResourceState(config: config) : nil
        pins = config.services.map { $0.pinnedTo ?? [] }
        fragmentation =
            config.machines.contains { $0.gpus > 0 }
            ? FragmentationMemo(
                GPUFragmentation(
                    types: GPUFragmentation.workload(
                        weighted: config.services.map { (Int(($0.cpuRequest * 1000).rounded()), $0.gpuRequest, $0.replicas) })))
            : nil
        let oc = config.overcommit
        capacity = config.machines.map { Resources(cpu: $0.cpu * oc.cpu, memory: $0.memory * oc.memory) }
        limit = capacity.map {
            Resources(cpu: $0.cpu * (1 + Self.relativeTolerance), memory: $0.memory * (1 + Self.relativeTolerance))
        }
        let n = config.machines.count
        allocated = Array(repeating: .zero, count: n)
        containerCount = Array(repeating: 0, count: n)
        utilisation = Array(repeating: 0, count: n)
        roles = config.machines.map(\.role)
        healthy = config.machines.indices.map { !failedMachines.contains($0) }
        maxContainersPerMachine = config.maxContainersPerMachine
        let racks = config.machines.map { max(0, $0.rack) }
        rack = racks
        let rc = max(config.racks.count, (racks.max() ?? -1) + 1)
        rackCount = rc
        let zones = config.machines.map { max(0, $0.zone) }
        zone = zones
        let order = (0..<n).sorted { (zones[$0], racks[$0], $0) < (zones[$1], racks[$1], $1) }
        var rk = [Int](repeating: 0, count: n)
        for (p, m) in order.enumerated() { rk[m] = p }
        rank = rk
        machinesInOrder = order
        let zc = max(1, config.zones.count, (zones.max() ?? -1) + 1)
        zoneCount = zc
        antiAffinity = config.services.map(\.antiAffinity)
        spread = config.services.map(\.topologySpread)
        onRack = Array(repeating: 0, count: config.services.count * rc)
        let zoneSpread =
            config.services.contains { $0.topologySpread.contains { $0.key == .zone } }
            || config.composedPolicy?.scorers.contains { $0.key == .zone } == true
        onZone = zoneSpread ? Array(repeating: 0, count: config.services.count * zc) : []
        var groups: [String?: Int] = [:]
        var eRacks: [[Int]] = []
        var eZones: [[Int]] = []
        var eMachines: [[Int]] = []
        var group: [Int] = []
        let healthy = self.healthy
        let roles = self.roles
        let rack = racks
        for svc in config.services {
            if let g = groups[svc.role] {
                group.append(g)
                continue
            }
            let ms = order.filter { healthy[$0] && roles[$0] == svc.role }
            var seen = Set<Int>()
            var rs: [Int] = []
            for m in ms where seen.insert(rack[m]).inserted { rs.append(rack[m]) }
            var zs: [Int] = []
            var zoneSeen = Set<Int>()
            for m in ms where zoneSeen.insert(zones[m]).inserted { zs.append(zones[m]) }
            groups[svc.role] = eRacks.count
            group.append(eRacks.count)
            eRacks.append(rs)
            eZones.append(zs)
            eMachines.append(ms)
        }
        roleGroup = group
        eligibleRacks = eRacks
        eligibleZones = eZones
        eligibleMachines = eMachines
        var tenantIndex: [String: Int] = [:]
        tenantOf = config.services.map { svc in
            if let t = tenantIndex[svc.tenant] { return t }
            tenantIndex[svc.tenant] = tenantIndex.count
            return tenantIndex.count - 1
        }
        let tc = tenantIndex.count
        var ded = [Bool](repeating: false, count: tc)
        var avoid = [Set<Int>](repeating: [], count: tc)
        for (name, rule) in config.tenantRules {
            guard let t = tenantIndex[name] else { continue }
            if rule.dedicated { ded[t] = true }
            for other in rule.avoid {
                guard let u = tenantIndex[other], u != t else { continue }
                avoid[t].insert(u)
                avoid[u].insert(t)
            }
        }
        dedicatedTenant = ded
        avoidedTenants = avoid
        tenantRulesActive = ded.contains(true) || avoid.contains { !$0.isEmpty }
        tenantsOn = tenantRulesActive ? Array(repeating: [], count: n) : []
    }

    /// Free room of resource `r` on machine `m` including the tolerance: fits iff `headroom ≥ request[r]`.
    @inlinable public func headroom(_ m: Int, _ r: Int) -> Double { limit[m][r] - allocated[m][r] }

    /// `Σ_r allocated_r / capacity_r` per machine (resources of capacity 0 contribute 0), kept
    /// up to date by `assign`.
    public internal(set) var utilisation: [Double]

    /// Mean over resources of `(allocated + request) / capacity` — the Kubernetes NodeResourcesFit
    /// "MostAllocated" score with equal weights (in [0, 1] when the request fits); LeastAllocated is
    /// `1 −` this. Evaluated as `(utilisation + Σ_r request_r / capacity_r) / R`, which is the same
    /// quantity, so that for machines of equal capacity it is a monotone function of `utilisation`
    /// alone (what lets `CapacityIndex` find the best machine exactly, rounding included).
    @inlinable public func allocatedFraction(_ m: Int, _ q: Resources) -> Double {
        Self.fraction(utilisation: utilisation[m], request: Self.share(q, of: capacity[m]))
    }

    /// `allocatedFraction` of a whole container: with GPUs or named extended resources in the
    /// cluster, the mean runs over those dimensions too (a GPU machine's GPU share after placement
    /// is one more term; machines without a dimension contribute 0 for it, as for capacity 0).
    /// Without them, exactly `allocatedFraction(m, c.request)`.
    /// - Complexity: O(R) without extended resources; O(R + GPUs + names) with them.
    @inlinable public func allocatedFraction(_ m: Int, _ c: ContainerRequest) -> Double {
        guard let x = extended else { return allocatedFraction(m, c.request) }
        let base = utilisation[m] + Self.share(c.request, of: capacity[m])
        return (base + x.share(c.gpu, c.extended, machine: m)) / Double(Resources.count + x.dimensions)
    }

    /// `Σ_r x_r / capacity_r`, skipping resources of capacity 0.
    @inlinable static func share(_ x: Resources, of c: Resources) -> Double {
        var sum = 0.0
        for r in 0..<Resources.count where c[r] > 0 { sum += x[r] / c[r] }
        return sum
    }

    @inlinable static func fraction(utilisation u: Double, request v: Double) -> Double {
        (u + v) / Double(Resources.count)
    }

    /// Replicas of service `s` on machine `m`.
    public func count(service s: Int, machine m: Int) -> Int { Int(onMachine[s &* machineCount &+ m] ?? 0) }
    /// Replicas of service `s` in rack `r`.
    public func count(service s: Int, rack r: Int) -> Int { Int(onRack[s * rackCount + r]) }

    /// Replicas of service `s` in zone `z` (0 unless some service spreads over zones).
    public func count(service s: Int, zone z: Int) -> Int { onZone.isEmpty ? 0 : Int(onZone[s * zoneCount + z]) }

    /// Replicas of `s` in the topology domain of machine `m`.
    public func count(service s: Int, key: ClusterConfig.TopologySpread.Key, machine m: Int) -> Int {
        switch key {
        case .rack: count(service: s, rack: rack[m])
        case .machine: count(service: s, machine: m)
        case .zone: count(service: s, zone: zone[m])
        }
    }

    /// Smallest replica count of `s` over its eligible domains (healthy machines of its role, or
    /// their racks); 0 when there are none. Kubernetes' "global minimum" of PodTopologySpread.
    /// - Complexity: O(domains).
    public func minCount(service s: Int, key: ClusterConfig.TopologySpread.Key) -> Int {
        var lo = Int.max
        switch key {
        case .rack: for r in eligibleRacks[roleGroup[s]] { lo = min(lo, count(service: s, rack: r)) }
        case .machine: for m in eligibleMachines[roleGroup[s]] { lo = min(lo, count(service: s, machine: m)) }
        case .zone: for z in eligibleZones[roleGroup[s]] { lo = min(lo, count(service: s, zone: z)) }
        }
        return lo == .max ? 0 : lo
    }

    /// Records that container `c` now runs on `m`, taking the GPUs `gpus` (default: the best-fit
    /// ones, `ExtendedResourceState.bestFitGPUs`). Returns the GPU indices taken (empty without GPUs).
    @discardableResult
    public mutating func assign(_ c: ContainerRequest, to m: Int, gpus: [Int]? = nil) -> [Int] {
        var taken: [Int] = []
        if var x = extended {
            extended = nil  // keep the state uniquely referenced while it is mutated
            taken = gpus ?? x.bestFitGPUs(c.gpu, machine: m)
            x.assign(c.gpu, gpus: taken, extended: c.extended, to: m)
            extended = x
        }
        assign(c.request, to: m, service: c.service)
        return taken
    }

    /// Records that a container of service `service` requesting `q` now runs on `m`.
    public mutating func assign(_ q: Resources, to m: Int, service: Int) {
        allocated[m] += q
        containerCount[m] += 1
        utilisation[m] = Self.share(allocated[m], of: capacity[m])
        guard service >= 0, service < spread.count else { return }
        if tenantRulesActive, !tenantsOn[m].contains(tenantOf[service]) { tenantsOn[m].append(tenantOf[service]) }
        onMachine[service &* machineCount &+ m, default: 0] += 1
        onRack[service * rackCount + rack[m]] += 1
        if !onZone.isEmpty { onZone[service * zoneCount + zone[m]] += 1 }
    }
}
