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
    /// GPUs and named extended resources; nil when the cluster uses none.
    public var extended: Extended?

    /// The extended part of the view.
    public struct Extended: Sendable, Hashable {
        /// GPU devices in the cluster.
        public var gpus: Int
        /// Σ GPU requests placed (in GPUs) / GPUs.
        public var gpuAllocation: Double
        /// GPUs (in GPU units, shares summed) left free on machines whose CPU or memory is full
        /// (≥ `fullThreshold`): no container that needs any CPU or memory can use them.
        public var strandedGPUs: Double
        /// `strandedGPUs / gpus`.
        public var strandedGPUShare: Double
        /// Per named extended resource: Σ placed / Σ offered (0 when none is offered).
        public var allocation: [String: Double]
    }

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
        extended = config.usesExtendedResources ? Self.extended(config, alloc: alloc, placement) : nil
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

    /// GPU allocation and stranding, and named-resource allocation (totals of the requests: which
    /// GPU of a machine a share sits on does not change them).
    /// - Complexity: O(n + m).
    static func extended(_ config: ClusterConfig, alloc: [Resources], _ placement: Placement) -> Extended {
        let nM = config.machines.count
        let k = config.extendedResources.count
        var gpuMilli = [Int](repeating: 0, count: nM)
        var named = [Double](repeating: 0, count: k)
        var offered = [Double](repeating: 0, count: k)
        for c in placement.containers where c.machine >= 0 && c.machine < nM && c.service < config.services.count {
            let s = config.services[c.service]
            gpuMilli[c.machine] += s.gpuRequest.totalMilli
            for r in s.extendedRequests.indices where r < k { named[r] += s.extendedRequests[r] }
        }
        var gpus = 0
        var usedMilli = 0
        var strandedMilli = 0
        for (m, mm) in config.machines.enumerated() {
            for r in mm.extended.indices where r < k { offered[r] += mm.extended[r] }
            guard mm.gpus > 0 else { continue }
            gpus += mm.gpus
            usedMilli += gpuMilli[m]
            let cpuFull = mm.cpu > 0 && alloc[m].cpu >= fullThreshold * mm.cpu
            let memFull = mm.memory > 0 && alloc[m].memory >= fullThreshold * mm.memory
            if cpuFull || memFull { strandedMilli += max(0, mm.gpus * GPURequest.milliPerGPU - gpuMilli[m]) }
        }
        let unit = Double(GPURequest.milliPerGPU)
        var allocation: [String: Double] = [:]
        for (r, name) in config.extendedResources.enumerated() { allocation[name] = offered[r] > 0 ? named[r] / offered[r] : 0 }
        return Extended(
            gpus: gpus, gpuAllocation: gpus > 0 ? Double(usedMilli) / unit / Double(gpus) : 0,
            strandedGPUs: Double(strandedMilli) / unit,
            strandedGPUShare: gpus > 0 ? Double(strandedMilli) / unit / Double(gpus) : 0, allocation: allocation)
    }
}
