/// `placement.overcommit`: requests on a machine may add up to capacity × these factors.
public struct OvercommitSpec: Sendable, Equatable, Codable {
    public var cpu: Double
    public var memory: Double
    public init(cpu: Double = 1, memory: Double = 1) {
        self.cpu = cpu
        self.memory = memory
    }
}

/// `services[i].antiAffinity`: at most `maxPerMachine` replicas on one machine, `maxPerRack` in one rack.
public struct AntiAffinitySpec: Sendable, Equatable, Codable {
    public var maxPerMachine: Int?
    public var maxPerRack: Int?
    public init(maxPerMachine: Int? = nil, maxPerRack: Int? = nil) {
        self.maxPerMachine = maxPerMachine
        self.maxPerRack = maxPerRack
    }
}

/// `services[i].topologySpread`: replicas spread over racks or machines with at most `maxSkew`
/// difference (Kubernetes PodTopologySpread).
public struct TopologySpreadSpec: Sendable, Equatable, Codable {
    public enum Key: String, Sendable, Equatable, Codable, CaseIterable { case rack, machine, zone }
    public enum WhenUnsatisfiable: String, Sendable, Equatable, Codable, CaseIterable { case refuse, allow }
    public var key: Key
    public var maxSkew: Int
    public var whenUnsatisfiable: WhenUnsatisfiable
    public init(key: Key, maxSkew: Int = 1, whenUnsatisfiable: WhenUnsatisfiable = .refuse) {
        self.key = key
        self.maxSkew = maxSkew
        self.whenUnsatisfiable = whenUnsatisfiable
    }
}

/// `tenants.NAME`: placement rules of one tenant (a name used by `services[i].tenant`).
public struct TenantSpec: Sendable, Equatable, Codable {
    public var name: String
    /// The tenant gets machines of its own.
    public var dedicated: Bool
    /// Tenants it never shares a machine with (symmetric).
    public var avoidTenants: [String]
    public init(name: String, dedicated: Bool = false, avoidTenants: [String] = []) {
        self.name = name
        self.dedicated = dedicated
        self.avoidTenants = avoidTenants
    }
}

/// `placement.scorers[i]`: one weighted scorer of a composed policy.
public struct ScorerSpec: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        case leastAllocated, mostAllocated, balancedAllocation, topologySpread, requestedToCapacityRatio, tetris, random
    }
    public var kind: Kind
    public var weight: Double
    /// `topologySpread` only; nil = rack and machine.
    public var key: TopologySpreadSpec.Key?
    /// `requestedToCapacityRatio` only: [utilisation %, score 0–10] points.
    public var shape: [[Double]]?
    public init(kind: Kind, weight: Double = 1, key: TopologySpreadSpec.Key? = nil, shape: [[Double]]? = nil) {
        self.kind = kind
        self.weight = weight
        self.key = key
        self.shape = shape
    }
}

/// `placement.filters[i]`: the hard filters a composed policy keeps (machine health always applies).
public enum FilterSpec: String, Sendable, Equatable, Codable, CaseIterable {
    case fits, maxContainers, role, antiAffinity, topologySpread, tenants
}
