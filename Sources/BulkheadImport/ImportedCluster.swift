/// A cluster read from a public trace, before it is written as a scenario: machine types with
/// counts, services with their requests and replica counts, and the account of what the import
/// kept, dropped and assumed.
public struct ImportedCluster: Sendable, Hashable {
    public struct MachineType: Sendable, Hashable {
        public var name: String
        /// Cores.
        public var cpu: Double
        /// Bytes.
        public var memory: Double
        public var gpus: Int = 0
        /// Named extended resources (`roadef.org/r2`), in the order of `ImportedCluster.extendedNames`.
        public var extended: [Double] = []
        /// How many machines of this type.
        public var count: Int
        /// Rack role (services of this role only), if any.
        public var role: String? = nil
        /// The machines' location (failure domain), written as the racks' zone; nil for none.
        public var zone: String? = nil
    }

    public struct Service: Sendable, Hashable {
        public var name: String
        public var tenant: String
        public var replicas: Int
        /// Cores per replica.
        public var cpu: Double
        /// Bytes per replica.
        public var memory: Double
        /// GPUs per replica (0.46, 2).
        public var gpu: Double = 0
        /// Named extended resources per replica, in the order of `ImportedCluster.extendedNames`.
        public var extended: [Double] = []
        /// At most this many replicas per machine (ROADEF's conflict constraint: 1); nil for none.
        public var maxPerMachine: Int? = nil
        /// Spread over at least this many zones (ROADEF spreadMin), written as a topology spread.
        public var minZones: Int? = nil
        /// The machine of each replica (a fixed placement, `pinnedTo`), as the scenario names
        /// machines (`<rack>-<k>`); nil: the policy places it.
        public var pinnedTo: [String]? = nil
    }

    /// The scenario's name.
    public var name: String
    /// Comment lines for the top of the scenario (source, licence, citation).
    public var provenance: [String]
    public var machineTypes: [MachineType]
    public var services: [Service]
    /// Names of named extended resources.
    public var extendedNames: [String] = []
    /// Machines per rack when writing racks (the traces give no racks).
    public var machinesPerRack: Int = 40
    /// What the import took from the trace, dropped from it, and assumed (printed and written as comments).
    public var kept: [String] = []
    public var dropped: [String] = []
    public var assumed: [String] = []
    /// The placement policy the scenario names.
    public var policy: String = "binpack"

    /// Machines in total.
    public var machineCount: Int { machineTypes.reduce(0) { $0 + $1.count } }
    /// Containers in total.
    public var containerCount: Int { services.reduce(0) { $0 + $1.replicas } }
}
