/// The static blast radius of a placement: per unit kind present (N-1), and for every pair of
/// machines (N-2, clusters of at most 500 machines); kinds absent from the cluster are left out.
public struct BlastRadiusSummary: Codable, Sendable, Hashable {
    /// Aggregates over all units of one kind.
    public struct Kind: Codable, Sendable, Hashable {
        public var units: Int
        public var maxServicesDown: Int
        public var meanServicesDown: Double
        public var maxServicesDegraded: Int
        public var meanServicesDegraded: Double
        public var maxTenantsTouched: Int
        public var meanTenantsTouched: Double
        public var maxShareLost: Double
        /// Units whose failure takes at least one service down.
        public var unitsTakingServiceDown: Int
        public init(
            units: Int, maxServicesDown: Int, meanServicesDown: Double, maxServicesDegraded: Int,
            meanServicesDegraded: Double, maxTenantsTouched: Int, meanTenantsTouched: Double, maxShareLost: Double,
            unitsTakingServiceDown: Int
        ) {
            self.units = units
            self.maxServicesDown = maxServicesDown
            self.meanServicesDown = meanServicesDown
            self.maxServicesDegraded = maxServicesDegraded
            self.meanServicesDegraded = meanServicesDegraded
            self.maxTenantsTouched = maxTenantsTouched
            self.meanTenantsTouched = meanTenantsTouched
            self.maxShareLost = maxShareLost
            self.unitsTakingServiceDown = unitsTakingServiceDown
        }
    }

    /// Every pair of machines failing together.
    public struct Pairs: Codable, Sendable, Hashable {
        /// One of the worst pairs: its machines (`a + b`) and the services it takes down.
        public struct Worst: Codable, Sendable, Hashable {
            public var machines: String
            public var servicesDown: [String]
            public init(machines: String, servicesDown: [String]) {
                self.machines = machines
                self.servicesDown = servicesDown
            }
        }
        public var units: Int
        public var maxServicesDown: Int
        public var meanServicesDown: Double
        public var maxTenantsTouched: Int
        public var unitsTakingServiceDown: Int
        /// Most services down first.
        public var worst: [Worst]
        public init(
            units: Int, maxServicesDown: Int, meanServicesDown: Double, maxTenantsTouched: Int,
            unitsTakingServiceDown: Int, worst: [Worst]
        ) {
            self.units = units
            self.maxServicesDown = maxServicesDown
            self.meanServicesDown = meanServicesDown
            self.maxTenantsTouched = maxTenantsTouched
            self.unitsTakingServiceDown = unitsTakingServiceDown
            self.worst = worst
        }
    }

    public var machine: Kind?
    public var rack: Kind?
    /// nil for clusters without zones.
    public var zone: Kind?
    public var roleMachine: Kind?
    public var balancer: Kind?
    /// nil for clusters of more than 500 machines.
    public var machinePair: Pairs?

    public init(kinds: [FailureUnitKind: Kind], machinePair: Pairs?) {
        machine = kinds[.machine]
        rack = kinds[.rack]
        zone = kinds[.zone]
        roleMachine = kinds[.roleMachine]
        balancer = kinds[.balancer]
        self.machinePair = machinePair
    }

    /// The kinds present, in ``FailureUnitKind`` order.
    public var kinds: [(kind: FailureUnitKind, summary: Kind)] {
        FailureUnitKind.allCases.compactMap { k in
            let s: Kind? =
                switch k {
                case .machine: machine
                case .rack: rack
                case .zone: zone
                case .roleMachine: roleMachine
                case .balancer: balancer
                }
            return s.map { (k, $0) }
        }
    }

    enum CodingKeys: String, CodingKey {
        case machine, rack, zone
        case roleMachine = "role-machine"
        case balancer, machinePair
    }
}
