import BulkheadModel

/// GPUs and named extended resources of every machine, and what of them is allocated, as the
/// placement pipeline sees them (`ClusterSnapshot.extended`; nil when the cluster uses none, so
/// that CPU-and-memory clusters place exactly as before).
///
/// GPUs are modelled one by one, as the GPU-sharing schedulers and the FGD paper do (Weng et al.,
/// "Beware of Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation Gradient
/// Descent", USENIX ATC 2023, §2.2): each GPU has 1000 milli-shares; a container's share of one
/// GPU must fit on a single GPU; a container of k whole GPUs needs k entirely free GPUs.
/// Named extended resources (`example.com/fpga`) are plain counts, as Kubernetes extended
/// resources (kubernetes.io/docs/concepts/configuration/manage-resources-containers/#extended-resources).
public struct ExtendedResourceState: Sendable {
    /// Names of the named extended resources (`ClusterConfig.extendedResources`).
    public let names: [String]
    /// Per machine, per name: capacity (0 when the machine offers none).
    public let capacity: [[Double]]
    /// Per machine, per name: allocated.
    public internal(set) var allocated: [[Double]]
    /// Per machine, per GPU: free milli-shares (0…1000).
    public internal(set) var gpuFree: [[Int]]
    /// Whether any machine has a GPU.
    public let hasGPUs: Bool

    /// The number of dimensions the extended resources add to the fit scorers: 1 for GPUs (if any
    /// machine has one) plus one per name.
    public var dimensions: Int { (hasGPUs ? 1 : 0) + names.count }

    init(config: ClusterConfig) {
        names = config.extendedResources
        let k = names.count
        capacity = config.machines.map { m in (0..<k).map { $0 < m.extended.count ? m.extended[$0] : 0 } }
        allocated = config.machines.map { _ in [Double](repeating: 0, count: k) }
        gpuFree = config.machines.map { [Int](repeating: GPURequest.milliPerGPU, count: max(0, $0.gpus)) }
        hasGPUs = config.machines.contains { $0.gpus > 0 }
    }

    /// GPU milli-shares free on machine `m` in total.
    /// - Complexity: O(GPUs of m).
    public func gpuFreeMilli(_ m: Int) -> Int { gpuFree[m].reduce(0, +) }

    /// GPU milli-shares of machine `m` in total.
    public func gpuCapacityMilli(_ m: Int) -> Int { gpuFree[m].count * GPURequest.milliPerGPU }

    /// Whether machine `m` has `g.count` GPUs with at least `g.milli` free each.
    /// - Complexity: O(GPUs of m).
    @inlinable public func fitsGPU(_ g: GPURequest, machine m: Int) -> Bool {
        guard g.count > 0 else { return true }
        var n = 0
        for f in gpuFree[m] where f >= g.milli {
            n += 1
            if n == g.count { return true }
        }
        return false
    }

    /// The first named resource whose request does not fit on `m` (with the snapshot's relative
    /// tolerance), or nil.
    /// - Complexity: O(names).
    public func firstShortName(_ request: [Double], machine m: Int) -> Int? {
        for r in request.indices where request[r] > 0 {
            let limit = capacity[m][r] * (1 + ClusterSnapshot.relativeTolerance)
            if limit - allocated[m][r] < request[r] { return r }
        }
        return nil
    }

    /// The GPUs a container of `g` takes on machine `m` by the default rule ("best fit", the
    /// GPU-sharing scheduler's `gpuSelMethod: best`): a share goes to the GPU with the least free
    /// that still holds it; whole GPUs are the lowest-numbered free ones. Ties to the lowest index.
    /// Empty when `g` asks none; precondition: `fitsGPU(g, machine: m)`.
    /// - Complexity: O(GPUs of m).
    public func bestFitGPUs(_ g: GPURequest, machine m: Int) -> [Int] {
        guard g.count > 0 else { return [] }
        if g.isShare {
            var best = -1
            for (i, f) in gpuFree[m].enumerated() where f >= g.milli && (best < 0 || f < gpuFree[m][best]) { best = i }
            precondition(best >= 0, "machine \(m) has no GPU with \(g.milli) milli free")
            return [best]
        }
        var picked: [Int] = []
        for (i, f) in gpuFree[m].enumerated() where f >= g.milli && picked.count < g.count { picked.append(i) }
        precondition(picked.count == g.count, "machine \(m) has fewer than \(g.count) free GPUs")
        return picked
    }

    /// Records `request`/`gpus` (GPU indices, each taking `g.milli`) on machine `m`.
    mutating func assign(_ g: GPURequest, gpus: [Int], extended request: [Double], to m: Int) {
        for i in gpus {
            precondition(gpuFree[m][i] >= g.milli, "GPU \(i) of machine \(m) has less than \(g.milli) milli free")
            gpuFree[m][i] -= g.milli
        }
        for r in request.indices where r < allocated[m].count { allocated[m][r] += request[r] }
    }

    /// `Σ allocated / capacity` over the extended dimensions of machine `m` after adding `g` and
    /// `request` (dimensions of capacity 0 contribute 0): the extended part of the fit scorers'
    /// sum, as `ClusterSnapshot.share` is the CPU-and-memory part.
    /// - Complexity: O(GPUs of m + names).
    public func share(_ g: GPURequest, _ request: [Double], machine m: Int) -> Double {
        var sum = 0.0
        if hasGPUs, !gpuFree[m].isEmpty {
            let cap = gpuCapacityMilli(m)
            sum += Double(cap - gpuFreeMilli(m) + g.totalMilli) / Double(cap)
        }
        for r in names.indices where capacity[m][r] > 0 {
            sum += (allocated[m][r] + (r < request.count ? request[r] : 0)) / capacity[m][r]
        }
        return sum
    }
}
