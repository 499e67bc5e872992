import BulkheadModel

/// Per-service anti-affinity (`ClusterConfig.Service.antiAffinity`): at most `maxPerMachine`
/// replicas of one service on a machine and `maxPerRack` in a rack (Kubernetes pod anti-affinity
/// generalised from 1 to k per topology domain; Borg/Omega "spread" constraints).
/// - Complexity: O(1) (one hash lookup).
public struct AntiAffinityFilter: PlacementFilter {
    public static let machineReason = "max per machine"
    public static let rackReason = "max per rack"
    public var name: String { "AntiAffinity" }
    public init() {}
    public func check(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> FilterVerdict {
        let a = s.antiAffinity[c.service]
        if a.maxPerMachine == nil && a.maxPerRack == nil { return .pass }
        if let k = a.maxPerMachine, s.count(service: c.service, machine: m) >= k { return .reject(Self.machineReason) }
        if let k = a.maxPerRack, s.count(service: c.service, rack: s.rack[m]) >= k { return .reject(Self.rackReason) }
        return .pass
    }
}

/// Kubernetes PodTopologySpread as a filter: placing a replica of service s on machine m is allowed
/// when `count_s(domain(m)) + 1 − min_{eligible domains} count_s ≤ maxSkew`, for every constraint
/// of the service (`ClusterConfig.Service.topologySpread`) plus `extra` (constraints a preset adds
/// to every service, e.g. `rack-spread`). Eligible domains are the racks (or machines) holding a
/// healthy machine of the service's role — Kubernetes counts the domains of nodes that pass the
/// pod's node affinity.
///
/// `soft == false` checks the `refuse` (DoNotSchedule) constraints; `soft == true` the `allow`
/// (ScheduleAnyway) ones, which the placer applies as a preference: machines that satisfy them win
/// whenever any does; otherwise they are ignored. (Kubernetes turns ScheduleAnyway into a weighted
/// score; the lexicographic form here is stronger and makes the constraint easy to check.)
///
/// Source: kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/.
/// - Complexity: O(domains) per check (the global minimum); the indexed placer maintains the
///   minimum incrementally instead.
public struct TopologySpreadFilter: PlacementFilter {
    public static func reason(_ key: ClusterConfig.TopologySpread.Key) -> String { "topology spread (\(key.rawValue))" }
    public var soft: Bool
    public var extra: [ClusterConfig.TopologySpread]
    public var name: String { soft ? "TopologySpreadPreferred" : "TopologySpread" }
    public init(soft: Bool, extra: [ClusterConfig.TopologySpread] = []) {
        self.soft = soft
        self.extra = extra
    }

    /// The constraints of this kind (hard or soft) that apply to service `s`.
    public func constraints(_ s: Int, in snap: ClusterSnapshot) -> [ClusterConfig.TopologySpread] {
        let want: ClusterConfig.TopologySpread.WhenUnsatisfiable = soft ? .allow : .refuse
        return (snap.spread[s] + extra).filter { $0.whenUnsatisfiable == want }
    }

    public func check(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> FilterVerdict {
        if extra.isEmpty && s.spread[c.service].isEmpty { return .pass }
        for t in constraints(c.service, in: s) {
            let skew = s.count(service: c.service, key: t.key, machine: m) + 1 - s.minCount(service: c.service, key: t.key)
            if skew > t.maxSkew { return .reject(Self.reason(t.key)) }
        }
        return .pass
    }
}

/// `shuffle-shard`: a service may only use the machines of its shard (see `ShuffleShard`).
/// - Complexity: O(1).
public struct ShardFilter: PlacementFilter {
    public static let reason = "not in shard"
    public var name: String { "Shard" }
    /// Per service: membership of each machine in its shard.
    let member: [Set<Int>]
    public init(shards: [[Int]]) { member = shards.map(Set.init) }
    public func check(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> FilterVerdict {
        member[c.service].contains(m) ? .pass : .reject(Self.reason)
    }
}

/// Tenant rules (`ClusterConfig.tenantRules`): a `dedicated` tenant's containers only go to machines
/// holding no other tenant's containers, and no other tenant's containers go to a machine holding a
/// dedicated tenant's container; `avoidTenants` (symmetric) forbids sharing a machine with the
/// listed tenants. A tenant-level form of Kubernetes inter-pod anti-affinity / dedicated-node taints.
/// - Complexity: O(tenants on the machine).
public struct TenantFilter: PlacementFilter {
    public static let dedicatedReason = "dedicated tenant"
    public static let avoidedReason = "avoided tenant"
    public var name: String { "Tenants" }
    public init() {}
    public func check(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> FilterVerdict {
        guard s.tenantRulesActive else { return .pass }
        let t = s.tenantOf[c.service]
        for u in s.tenantsOn[m] where u != t {
            if s.dedicatedTenant[t] || s.dedicatedTenant[u] { return .reject(Self.dedicatedReason) }
        }
        let avoid = s.avoidedTenants[t]
        if !avoid.isEmpty, s.tenantsOn[m].contains(where: avoid.contains) { return .reject(Self.avoidedReason) }
        return .pass
    }
}
