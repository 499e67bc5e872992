import BulkheadModel

/// Result of a hard filter for one (container, machine) pair.
public enum FilterVerdict: Sendable, Hashable {
    case pass
    /// The machine is rejected; the reason is counted in unschedulable reports ("insufficient memory").
    case reject(String)
}

/// A hard constraint (Kubernetes "Filter" extension point; OpenDC `HostFilter`).
/// Pure: reads the snapshot, never mutates it.
public protocol PlacementFilter: Sendable {
    var name: String { get }
    func check(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> FilterVerdict
}

/// Rejects machines in the request's `failedMachines` set (used for re-placement after failures).
/// - Complexity: O(1).
public struct MachineHealthyFilter: PlacementFilter {
    public static let reason = "machine failed"
    public var name: String { "MachineHealthy" }
    public init() {}
    public func check(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> FilterVerdict {
        s.healthy[m] ? .pass : .reject(Self.reason)
    }
}

/// A pinned replica (`ClusterConfig.Service.pinnedTo`) runs only on its machine: a fixed
/// placement (such as a ROADEF initial assignment) goes through the same filters as any policy's,
/// so a machine too small for it leaves the replica unschedulable with the reason. Passes every
/// machine for services that are not pinned.
/// - Complexity: O(1).
public struct PinnedFilter: PlacementFilter {
    public static let reason = "pinned to another machine"
    public var name: String { "Pinned" }
    public init() {}
    public func check(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> FilterVerdict {
        let pins = s.pins[c.service]
        guard c.replica < pins.count else { return .pass }
        return pins[c.replica] == m ? .pass : .reject(Self.reason)
    }
}

/// A service with role R runs only on machines with role R; a service without a role only on
/// machines without a role (a strict form of Kubernetes node affinity + taints).
/// - Complexity: O(1) (string compare).
public struct RoleFilter: PlacementFilter {
    public static let reason = "wrong role"
    public var name: String { "Role" }
    public init() {}
    public func check(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> FilterVerdict {
        s.roles[m] == c.role ? .pass : .reject(Self.reason)
    }
}

/// At most `maxContainersPerMachine` containers per machine (Kubernetes `maxPods`, default 110).
/// - Complexity: O(1).
public struct MaxContainersFilter: PlacementFilter {
    public static let reason = "at max containers"
    public var name: String { "MaxContainers" }
    public init() {}
    public func check(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> FilterVerdict {
        s.containerCount[m] < s.maxContainersPerMachine ? .pass : .reject(Self.reason)
    }
}

/// Requests fit in what is free, resource by resource (Kubernetes NodeResourcesFit filter).
/// Rejects with "insufficient <resource>" for the first resource (in `Resources.names` order) that does not fit.
/// - Complexity: O(R), R = `Resources.count`.
public struct FitsRequestsFilter: PlacementFilter {
    public static func reason(_ r: Int) -> String { "insufficient \(Resources.names[r])" }
    public var name: String { "FitsRequests" }
    public init() {}
    public func check(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> FilterVerdict {
        for r in 0..<Resources.count where s.headroom(m, r) < c.request[r] {
            return .reject(Self.reason(r))
        }
        return .pass
    }
}

/// GPUs and named extended resources fit (the extended-resource half of NodeResourcesFit, and
/// the GPU-share filter of GPU-sharing schedulers): the machine has `gpu.count` GPUs with at least
/// `gpu.milli` free each, and room for every named resource requested. Passes every machine of a
/// cluster without extended resources.
/// - Complexity: O(GPUs of the machine + names).
public struct FitsExtendedFilter: PlacementFilter {
    public static let gpuReason = "insufficient gpu"
    public static func reason(_ name: String) -> String { "insufficient \(name)" }
    public var name: String { "FitsExtended" }
    public init() {}
    public func check(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> FilterVerdict {
        guard let x = s.extended else { return .pass }
        if !x.fitsGPU(c.gpu, machine: m) { return .reject(Self.gpuReason) }
        if let r = x.firstShortName(c.extended, machine: m) { return .reject(Self.reason(x.names[r])) }
        return .pass
    }
}

public enum Filters {
    /// The fixed order in which filters run; a machine is counted once, under the first filter that rejects it.
    public static let standard: [any PlacementFilter] = [
        MachineHealthyFilter(), RoleFilter(), MaxContainersFilter(), FitsRequestsFilter(), FitsExtendedFilter(),
    ]
    /// Every reason string the filters can produce, in filter order (used to order reports).
    public static let reasonOrder: [String] =
        [MachineHealthyFilter.reason, PinnedFilter.reason, RoleFilter.reason, ShardFilter.reason, MaxContainersFilter.reason]
        + (0..<Resources.count).map(FitsRequestsFilter.reason) + [FitsExtendedFilter.gpuReason]
        + [TenantFilter.dedicatedReason, TenantFilter.avoidedReason]
        + [AntiAffinityFilter.machineReason, AntiAffinityFilter.rackReason]
        + ClusterConfig.TopologySpread.Key.allCases.map(TopologySpreadFilter.reason)

    /// The hard filters of a policy, in order: healthy → pinned (clusters with pinned services) → role → shard (`shuffle-shard` only) →
    /// max containers → fits requests → tenant rules → anti-affinity → topology spread (`refuse`
    /// constraints). A composed policy keeps only the filters it lists (machine health always applies).
    public static func hard(for policy: PlacementPolicy, shards: [[Int]]? = nil, pinned: Bool = false) -> [any PlacementFilter] {
        let on = policy.filters
        var f: [any PlacementFilter] = [MachineHealthyFilter()]
        if pinned { f.append(PinnedFilter()) }
        if on.contains(.role) { f.append(RoleFilter()) }
        if let shards { f.append(ShardFilter(shards: shards)) }
        if on.contains(.maxContainers) { f.append(MaxContainersFilter()) }
        if on.contains(.fits) { f.append(contentsOf: [FitsRequestsFilter(), FitsExtendedFilter()] as [any PlacementFilter]) }
        if on.contains(.tenants) { f.append(TenantFilter()) }
        if on.contains(.antiAffinity) { f.append(AntiAffinityFilter()) }
        if on.contains(.topologySpread) { f.append(TopologySpreadFilter(soft: false, extra: policy.spread)) }
        return f
    }

    /// Runs `filters` (default: the standard ones) on every machine and formats a Kubernetes-style reason,
    /// e.g. "0/6 machines: 3 insufficient memory, 2 at max containers, 1 wrong role"
    /// (counts descending, ties in filter order).
    /// - Complexity: O(m·R).
    public static func explain(
        _ c: ContainerRequest, in s: ClusterSnapshot,
        filters: [any PlacementFilter] = standard
    ) -> (reason: String, counts: [String: Int]) {
        var counts: [String: Int] = [:]
        for m in 0..<s.machineCount {
            for f in filters {
                if case .reject(let why) = f.check(c, machine: m, in: s) {
                    counts[why, default: 0] += 1
                    break
                }
            }
        }
        let rank = Dictionary(uniqueKeysWithValues: reasonOrder.enumerated().map { ($1, $0) })
        let parts = counts.sorted {
            $0.value != $1.value ? $0.value > $1.value : (rank[$0.key] ?? .max, $0.key) < (rank[$1.key] ?? .max, $1.key)
        }.map { "\($0.value) \($0.key)" }
        let n = s.machineCount
        let tail = parts.isEmpty ? (n == 0 ? "no machines" : "no machine selected") : parts.joined(separator: ", ")
        return ("0/\(n) machines: \(tail)", counts)
    }
}
