/// Cluster-wide machine figures, over *used* machines (those with at least one container):
/// `summary.json` → `machines` (with `total` and `used`).
public struct ClusterResult: Codable, Sendable, Hashable {
    public var machinesTotal: Int
    /// Machines with at least one container.
    public var machinesUsed: Int
    /// Σ requests of placed containers / Σ capacity of used machines (0 when none is used).
    public var cpuAllocation: Double
    public var memoryAllocation: Double
    /// `mean`: capacity-weighted mean over minutes of Σ busy / Σ capacity of used machines.
    /// `peak`: the highest 1-minute utilisation of any single used machine.
    public var cpuUtilization: Utilization
    public var memoryUtilization: Utilization

    public init(
        machinesTotal: Int, machinesUsed: Int, cpuAllocation: Double, memoryAllocation: Double,
        cpuUtilization: Utilization, memoryUtilization: Utilization
    ) {
        self.machinesTotal = machinesTotal
        self.machinesUsed = machinesUsed
        self.cpuAllocation = cpuAllocation
        self.memoryAllocation = memoryAllocation
        self.cpuUtilization = cpuUtilization
        self.memoryUtilization = memoryUtilization
    }

    enum CodingKeys: String, CodingKey {
        case machinesTotal = "total"
        case machinesUsed = "used"
        case cpuAllocation, memoryAllocation, cpuUtilization, memoryUtilization
    }
}

/// Container kills after warm-up: `summary.json` → `kills`.
public struct KillTotals: Codable, Sendable, Hashable {
    public var total: Int
    /// Killed for exceeding their own memory limit.
    public var oomLimit: Int
    /// Chosen by a machine's OOM killer.
    public var oomMachine: Int
    /// Machine-OOM kills of a container other than the one whose allocation overflowed the machine.
    public var innocent: Int
    /// Kills per container that was killed at least once, keyed `<service>-<replica>`.
    public var byContainer: [String: Int]

    public init(total: Int, oomLimit: Int, oomMachine: Int, innocent: Int, byContainer: [String: Int] = [:]) {
        self.total = total
        self.oomLimit = oomLimit
        self.oomMachine = oomMachine
        self.innocent = innocent
        self.byContainer = byContainer
    }
}
