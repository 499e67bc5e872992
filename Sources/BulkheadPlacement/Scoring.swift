import BulkheadModel
import Foundation

/// The Kubernetes `NodeResourcesFit` scoring plugin: one scorer, two strategies.
///
/// With equal resource weights, `allocatedFraction = mean_r (allocated_r + request_r) / capacity_r`
/// (see `ClusterSnapshot.allocatedFraction`);
/// - `mostAllocated` (bin-packing, "best fit"): score = allocatedFraction;
/// - `leastAllocated` (spreading, "worst fit"): score = 1 − allocatedFraction.
/// The highest score wins; ties go to the lowest machine rank.
///
/// Every placement path ranks machines by ``key(_:machine:in:)``, the score without its constant:
/// `allocatedFraction` or `−allocatedFraction`. Dropping the `1` of `1 − x` leaves the argmax
/// unchanged and means rounding can never create a tie the exact scores would not have; the score
/// itself is `key + 1` for least-allocated, which IEEE arithmetic evaluates exactly as `1 − x`.
///
/// Source: Kubernetes scheduler docs, "Resource Bin Packing" / NodeResourcesFit
/// `scoringStrategy: MostAllocated | LeastAllocated` (kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/).
/// - Complexity: O(R) per (container, machine).
public struct NodeResourcesFitScorer: Sendable, Hashable {
    public enum Strategy: String, Sendable, Hashable, Codable {
        case mostAllocated = "MostAllocated"
        case leastAllocated = "LeastAllocated"
    }
    public var strategy: Strategy
    public init(_ strategy: Strategy) { self.strategy = strategy }

    /// The ranking key: `allocatedFraction` (most-allocated) or `−allocatedFraction`
    /// (least-allocated); higher is better.
    @inlinable public func key(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> Double {
        let f = s.allocatedFraction(m, c)
        return strategy == .mostAllocated ? f : -f
    }

    /// Score in [0, 1] (for a request that fits); higher is better.
    @inlinable public func score(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> Double {
        strategy == .mostAllocated ? key(c, machine: m, in: s) : 1 + key(c, machine: m, in: s)
    }
}

/// Kubernetes `NodeResourcesBalancedAllocation`: favours machines whose resource fractions
/// (allocated + request) / capacity stay close to each other, so that no resource is exhausted
/// while another is left stranded. Score = 1 − standard deviation of the fractions (each capped at
/// 1; resources of capacity 0 skipped); with two resources, 1 − |f_cpu − f_mem| / 2.
///
/// Source: kubernetes/pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go
/// (std-dev form since Kubernetes 1.24).
/// - Complexity: O(R).
public struct BalancedAllocationScorer: Sendable, Hashable {
    public init() {}
    public func score(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> Double {
        var f = [Double]()
        var sum = 0.0
        f.reserveCapacity(Resources.count)
        for r in 0..<Resources.count where s.capacity[m][r] > 0 {
            let x = min(1, (s.allocated[m][r] + c.request[r]) / s.capacity[m][r])
            f.append(x)
            sum += x
        }
        guard f.count > 1 else { return 1 }
        let mean = sum / Double(f.count)
        var v = 0.0
        for x in f { v += (x - mean) * (x - mean) }
        return 1 - (v / Double(f.count)).squareRoot()
    }
}

/// Tetris alignment score (Grandl, Ananthanarayanan, Kandula, Rao & Akella, "Multi-resource
/// packing for cluster schedulers", SIGCOMM 2014): the dot product of the request and the
/// machine's free capacity, both normalised by the machine's capacity,
/// Σ_r (request_r / capacity_r)·(free_r / capacity_r). Large when the container's shape matches
/// what is left, which reduces fragmentation across resources.
/// - Complexity: O(R).
public struct TetrisScorer: Sendable, Hashable {
    public init() {}
    public func score(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> Double {
        var dot = 0.0
        for r in 0..<Resources.count where s.capacity[m][r] > 0 {
            let cap = s.capacity[m][r]
            dot += (c.request[r] / cap) * (max(0, cap - s.allocated[m][r]) / cap)
        }
        guard let x = s.extended else { return dot }
        // GPUs as one more dimension (milli-shares), then each named resource.
        if !x.gpuFree[m].isEmpty {
            let cap = Double(x.gpuCapacityMilli(m))
            dot += (Double(c.gpu.totalMilli) / cap) * (Double(x.gpuFreeMilli(m)) / cap)
        }
        for r in x.names.indices where x.capacity[m][r] > 0 && r < c.extended.count {
            let cap = x.capacity[m][r]
            dot += (c.extended[r] / cap) * (max(0, cap - x.allocated[m][r]) / cap)
        }
        return dot
    }
}

/// The scoring half of Kubernetes `PodTopologySpread`, as in the default scheduler profile's
/// system-default constraints (zone → rack, hostname → machine; ScheduleAnyway): the raw score of a
/// machine is Σ over the two keys of `count_s(domain) · log(domains + 2)` (the plugin's
/// `topologyNormalizingWeight`), normalised over the feasible machines as
/// `(max + min − raw) / max` (1 when max = 0), so fewer replicas nearby score higher.
///
/// Source: kubernetes/pkg/scheduler/framework/plugins/podtopologyspread/scoring.go.
/// - Complexity: O(1) per machine for the raw score, O(feasible machines) to normalise.
public struct TopologySpreadScorer: Sendable, Hashable {
    public init() {}
    public func raw(service: Int, machine m: Int, in s: ClusterSnapshot) -> Double {
        let wr = log(Double(s.rackCount) + 2)
        let wm = log(Double(s.machineCount) + 2)
        return Double(s.count(service: service, rack: s.rack[m])) * wr + Double(s.count(service: service, machine: m)) * wm
    }
}

/// Kubernetes `NodeResourcesFit` with `scoringStrategy: RequestedToCapacityRatio`: a user-given
/// piecewise-linear shape maps a resource's utilisation after placement,
/// `100 · (allocated + request) / capacity` (capped at 100), to a score in 0…10 (points
/// (utilisation, score), utilisation increasing; constant before the first and after the last
/// point); the machine's score is the mean over resources of capacity > 0, divided by 10 so it lies
/// in [0, 1]. Shape `[(0, 0), (100, 10)]` is bin-packing, `[(0, 10), (100, 0)]` spreading.
///
/// Source: kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/ and
/// pkg/scheduler/framework/plugins/noderesources/requested_to_capacity_ratio.go.
/// - Complexity: O(R · points).
public struct RequestedToCapacityRatioScorer: Sendable, Hashable {
    public var shape: [ClusterConfig.ComposedPolicy.ShapePoint]
    public init(shape: [ClusterConfig.ComposedPolicy.ShapePoint]) { self.shape = shape }

    /// The shape at utilisation `u` (percent), linearly interpolated.
    public func value(at u: Double) -> Double {
        guard let first = shape.first, let last = shape.last else { return 0 }
        if u <= first.utilization { return first.score }
        if u >= last.utilization { return last.score }
        for (a, b) in zip(shape, shape.dropFirst()) where u <= b.utilization {
            let span = b.utilization - a.utilization
            return span <= 0 ? b.score : a.score + (b.score - a.score) * (u - a.utilization) / span
        }
        return last.score
    }

    public func score(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> Double {
        var sum = 0.0
        var k = 0
        for r in 0..<Resources.count where s.capacity[m][r] > 0 {
            let u = min(100, 100 * (s.allocated[m][r] + c.request[r]) / s.capacity[m][r])
            sum += value(at: u)
            k += 1
        }
        return k == 0 ? 0 : sum / Double(k) / 10
    }
}
