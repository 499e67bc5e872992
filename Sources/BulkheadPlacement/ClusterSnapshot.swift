import BulkheadModel

/// One container to place: replica `replica` of service `service`, requesting `request`.
public struct ContainerRequest: Sendable, Hashable {
    public var service: Int
    public var replica: Int
    public var request: Resources
    public var role: String?
    public init(service: Int, replica: Int, request: Resources, role: String?) {
        self.service = service; self.replica = replica; self.request = request; self.role = role
    }
}

/// The cluster as the placement pipeline sees it: per-machine capacity, what is already
/// allocated, container counts, roles and health. Filters and scorers only read it; the
/// placer's private copy is updated after each decision (`assign`).
///
/// All arithmetic that decides "fits" and "score" lives here, so the indexed placer and the
/// naive oracle (`Placer.placeNaive`) make bit-identical decisions.
public struct ClusterSnapshot: Sendable {
    /// Relative tolerance of the fit test: a request fits if `allocated + request ≤ capacity·(1 + 1e-9)`
    /// (evaluated as `limit − allocated ≥ request`). Absorbs the rounding of sums such as
    /// 36.6 + 26.8 + 36.6 = 100.0 that fill a machine exactly.
    public static let relativeTolerance = 1e-9

    public let capacity: [Resources]
    /// `capacity · (1 + relativeTolerance)`, precomputed.
    public let limit: [Resources]
    public internal(set) var allocated: [Resources]
    public internal(set) var containerCount: [Int]
    public let roles: [String?]
    public let healthy: [Bool]
    public let maxContainersPerMachine: Int

    public var machineCount: Int { capacity.count }

    public init(config: ClusterConfig, failedMachines: Set<Int> = []) {
        capacity = config.machines.map { Resources(cpu: $0.cpu, memory: $0.memory) }
        limit = capacity.map {
            Resources(cpu: $0.cpu * (1 + Self.relativeTolerance), memory: $0.memory * (1 + Self.relativeTolerance))
        }
        allocated = Array(repeating: .zero, count: config.machines.count)
        containerCount = Array(repeating: 0, count: config.machines.count)
        utilisation = Array(repeating: 0, count: config.machines.count)
        roles = config.machines.map(\.role)
        healthy = config.machines.indices.map { !failedMachines.contains($0) }
        maxContainersPerMachine = config.maxContainersPerMachine
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

    /// `Σ_r x_r / capacity_r`, skipping resources of capacity 0.
    @inlinable static func share(_ x: Resources, of c: Resources) -> Double {
        var sum = 0.0
        for r in 0..<Resources.count where c[r] > 0 { sum += x[r] / c[r] }
        return sum
    }

    @inlinable static func fraction(utilisation u: Double, request v: Double) -> Double {
        (u + v) / Double(Resources.count)
    }

    /// Records that a container requesting `q` now runs on `m`.
    public mutating func assign(_ q: Resources, to m: Int) {
        allocated[m] += q
        containerCount[m] += 1
        utilisation[m] = Self.share(allocated[m], of: capacity[m])
    }
}
