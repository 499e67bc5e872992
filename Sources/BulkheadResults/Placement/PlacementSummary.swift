/// One policy's placement of a scenario with its static analyses — capacity, co-tenancy, N-1 and
/// N-2 blast radius — as `bulkhead place --json` writes it under `policies.<policy>` (keys in
/// declaration order; see ``PlacementDocument``).
public struct PlacementSummary: Codable, Sendable, Hashable {
    /// A per-resource figure.
    public struct PerResource: Codable, Sendable, Hashable {
        public var cpu: Double
        public var memory: Double
        public init(cpu: Double, memory: Double) {
            self.cpu = cpu
            self.memory = memory
        }
    }

    /// Capacity no container can use (cores, bytes) and its share of the total.
    public struct Stranded: Codable, Sendable, Hashable {
        public var cpu: Double
        public var memory: Double
        public var cpuShare: Double
        public var memoryShare: Double
        public init(cpu: Double, memory: Double, cpuShare: Double, memoryShare: Double) {
            self.cpu = cpu
            self.memory = memory
            self.cpuShare = cpuShare
            self.memoryShare = memoryShare
        }
    }

    /// Containers per used machine.
    public struct Spread: Codable, Sendable, Hashable {
        public var min: Int
        public var mean: Double
        public var max: Int
        public init(min: Int, mean: Double, max: Int) {
            self.min = min
            self.mean = mean
            self.max = max
        }
    }

    /// How many other tenants each tenant shares a machine with.
    public struct CoTenancy: Codable, Sendable, Hashable {
        public struct Worst: Codable, Sendable, Hashable {
            public var tenant: String
            public var neighbours: Int
            public init(tenant: String, neighbours: Int) {
                self.tenant = tenant
                self.neighbours = neighbours
            }
        }
        public var mean: Double
        /// The most exposed tenant; `null` without tenants.
        @Nullable public var worst: Worst?
        public init(mean: Double, worst: Worst?) {
            self.mean = mean
            self.worst = worst
        }
    }

    /// Placed container: `<service>-<replica>`, its service and machine.
    public struct Placed: Codable, Sendable, Hashable {
        public var container: String
        public var service: String
        public var machine: String
        public init(container: String, service: String, machine: String) {
            self.container = container
            self.service = service
            self.machine = machine
        }
    }

    /// A container that fits nowhere, and why.
    public struct Unplaced: Codable, Sendable, Hashable {
        public var container: String
        public var reason: String
        public init(container: String, reason: String) {
            self.container = container
            self.reason = reason
        }
    }

    /// The policy's canonical name: the key it is listed under.
    public var policy: String = ""
    public var machinesUsed: Int
    public var machines: Int
    public var unschedulable: Int
    /// Σ requests placed / Σ capacity, over all machines and over used machines.
    public var allocation: PerResource
    public var allocationOfUsed: PerResource
    public var stranded: Stranded
    public var containersPerMachine: Spread
    public var coTenancy: CoTenancy
    public var blastRadius: BlastRadiusSummary
    public var placement: [Placed]
    public var unschedulableContainers: [Unplaced]
    /// GPUs and named extended resources; nil (and absent from the JSON) when the cluster uses none.
    public var extended: Extended? = nil

    /// GPU allocation and stranding, and the allocation of each named extended resource.
    public struct Extended: Codable, Sendable, Hashable {
        public struct Named: Codable, Sendable, Hashable {
            public var name: String
            public var allocation: Double
            public init(name: String, allocation: Double) {
                self.name = name
                self.allocation = allocation
            }
        }
        public var gpus: Int
        public var gpuAllocation: Double
        public var strandedGPUs: Double
        public var strandedGPUShare: Double
        public var named: [Named]
        public init(gpus: Int, gpuAllocation: Double, strandedGPUs: Double, strandedGPUShare: Double, named: [Named]) {
            self.gpus = gpus
            self.gpuAllocation = gpuAllocation
            self.strandedGPUs = strandedGPUs
            self.strandedGPUShare = strandedGPUShare
            self.named = named
        }
    }

    public init(
        policy: String, machinesUsed: Int, machines: Int, unschedulable: Int, allocation: PerResource,
        allocationOfUsed: PerResource, stranded: Stranded, containersPerMachine: Spread, coTenancy: CoTenancy,
        blastRadius: BlastRadiusSummary, placement: [Placed], unschedulableContainers: [Unplaced]
    ) {
        self.policy = policy
        self.machinesUsed = machinesUsed
        self.machines = machines
        self.unschedulable = unschedulable
        self.allocation = allocation
        self.allocationOfUsed = allocationOfUsed
        self.stranded = stranded
        self.containersPerMachine = containersPerMachine
        self.coTenancy = coTenancy
        self.blastRadius = blastRadius
        self.placement = placement
        self.unschedulableContainers = unschedulableContainers
    }

    enum CodingKeys: String, CodingKey {
        case machinesUsed, machines, unschedulable, allocation, allocationOfUsed, stranded, containersPerMachine
        case coTenancy, blastRadius, placement, unschedulableContainers, extended
    }
}
