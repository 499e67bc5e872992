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
    public enum Key: String, Sendable, Equatable, Codable, CaseIterable { case rack, machine }
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
