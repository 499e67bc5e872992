import BulkheadModel

/// What a placement costs and wastes, against *physical* capacity (overcommit makes ratios above 1
/// possible).
///
/// **Stranded resources**: a machine is *memory-full* when its allocated memory is ≥ 95%
/// (`fullThreshold`) of its memory; the CPU still free on memory-full machines can never be used by
/// a container that needs any memory, so it is counted as stranded CPU. Symmetrically, memory free
/// on *CPU-full* machines is stranded memory. (Cf. the "stranded resources" of Verma et al., Borg,
/// EuroSys 2015, §5.5, and Tetris, SIGCOMM 2014.)
public struct CapacityView: Sendable, Hashable {
    public static let fullThreshold = 0.95

    public struct Spread: Sendable, Hashable {
        public var min: Int
        public var mean: Double
        public var max: Int
    }

    public var machines: Int
    /// Machines with at least one container.
    public var machinesUsed: Int
    public var unschedulable: Int
    /// Σ requests placed / Σ capacity, per resource, over all machines.
    public var allocation: Resources
    /// The same over used machines only.
    public var allocationOfUsed: Resources
    /// Stranded amounts (cores, bytes) and their share of total capacity.
    public var stranded: Resources
    public var strandedShare: Resources
    /// Containers per used machine.
    public var containersPerMachine: Spread

    /// - Complexity: O(n + m).
    public init(config: ClusterConfig, placement: Placement, unschedulable: Int) {
        let nM = config.machines.count
        var alloc = [Resources](repeating: .zero, count: nM)
        var count = [Int](repeating: 0, count: nM)
        for c in placement.containers where c.machine >= 0 && c.machine < nM && c.service < config.services.count {
            let s = config.services[c.service]
            alloc[c.machine] += Resources(cpu: s.cpuRequest, memory: s.memoryRequest)
            count[c.machine] += 1
        }
        var cap = Resources.zero
        var capUsed = Resources.zero
        var used = Resources.zero
        var stranded = Resources.zero
        var usedMachines = 0
        var lo = Int.max
        var hi = 0
        for (m, mm) in config.machines.enumerated() {
            let c = Resources(cpu: mm.cpu, memory: mm.memory)
            cap += c
            used += alloc[m]
            if count[m] > 0 {
                usedMachines += 1
                capUsed += c
                lo = min(lo, count[m])
                hi = max(hi, count[m])
            }
            if c.memory > 0, alloc[m].memory >= Self.fullThreshold * c.memory { stranded.cpu += max(0, c.cpu - alloc[m].cpu) }
            if c.cpu > 0, alloc[m].cpu >= Self.fullThreshold * c.cpu { stranded.memory += max(0, c.memory - alloc[m].memory) }
        }
        func ratio(_ a: Resources, _ b: Resources) -> Resources {
            Resources(cpu: b.cpu > 0 ? a.cpu / b.cpu : 0, memory: b.memory > 0 ? a.memory / b.memory : 0)
        }
        machines = nM
        machinesUsed = usedMachines
        self.unschedulable = unschedulable
        allocation = ratio(used, cap)
        allocationOfUsed = ratio(used, capUsed)
        self.stranded = stranded
        strandedShare = ratio(stranded, cap)
        containersPerMachine = Spread(
            min: usedMachines == 0 ? 0 : lo,
            mean: usedMachines == 0 ? 0 : Double(count.reduce(0, +)) / Double(usedMachines),
            max: hi)
    }
}
