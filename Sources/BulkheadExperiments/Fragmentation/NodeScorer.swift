import BulkheadModel
import BulkheadPlacement
import BulkheadStochastic
import Foundation

/// Scores a feasible node for one pod under a `GPUSharingPolicy` and picks the GPUs it would
/// take; higher is better. Scores follow the authors' simulator plugins (cited per case),
/// including their truncation to integers 0…100: equal integer scores are ties, which go to the
/// lowest-numbered node — this matters for the curves (see docs/validation.md).
struct NodeScorer {
    let policy: GPUSharingPolicy
    let fragmentation: GPUFragmentation
    /// Largest node CPU (millicores) and GPU (milli) — the simulator's `MaxSpecCpu`/`MaxSpecGpu` normalisers.
    let maxCPUMilli: Double
    let maxGPUMilli: Double
    /// Clustering: per node, the GPU affinity tags of the GPU pods it runs (distinct): 0 for a
    /// share, k for k whole GPUs (the simulator's `GetGpuAffinityFromPodAnnotation`).
    var tags: [[Int]]
    /// FGD: F_n(M) by node state.
    let memo: FragmentationMemo

    init(policy: GPUSharingPolicy, config: ClusterConfig, fragmentation: GPUFragmentation) {
        self.policy = policy
        self.fragmentation = fragmentation
        maxCPUMilli = config.machines.map { $0.cpu * 1000 }.max() ?? 1
        maxGPUMilli = Double((config.machines.map(\.gpus).max() ?? 1) * GPURequest.milliPerGPU)
        tags = Array(repeating: [], count: config.machines.count)
        memo = FragmentationMemo(fragmentation)
    }

    static func cpuFreeMilli(_ m: Int, _ s: ClusterSnapshot) -> Int {
        Int(((s.capacity[m].cpu - s.allocated[m].cpu) * 1000).rounded())
    }

    /// The score of `m` for `c` and the GPUs `c` would take there.
    mutating func score(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot, _ rng: inout SplitMix64)
        -> (Double, [Int])
    {
        let x = s.extended!
        let free = x.gpuFree[m]
        let g = c.gpu
        let cpuReq = c.request.cpu * 1000
        let cpuFree = Double(Self.cpuFreeMilli(m, s))
        let gpuFree = Double(x.gpuFreeMilli(m))
        switch policy {
        case .random:
            // random_score.go: every node scores alike; `gpuSelMethod: random` picks any fitting GPU.
            guard g.isShare else { return (0, x.bestFitGPUs(g, machine: m)) }
            let fitting = free.indices.filter { free[$0] >= g.milli }
            return (0, [fitting[rng.below(fitting.count)]])
        case .dotProd:
            // dot_product_score.go (dimExt merge, norm max): 1 − mean of the normalised products.
            let dot =
                (cpuReq / maxCPUMilli) * (cpuFree / maxCPUMilli) + (Double(g.totalMilli) / maxGPUMilli) * (gpuFree / maxGPUMilli)
            return (Self.truncated(100 * (1 - dot / 2)), x.bestFitGPUs(g, machine: m))
        case .bestFit:
            // best_fit_score.go: 1 − Σ ½ (free − request) / max spec over (CPU, GPU).
            let left = 0.5 * (cpuFree - cpuReq) / maxCPUMilli + 0.5 * (gpuFree - Double(g.totalMilli)) / maxGPUMilli
            return (Self.truncated(100 * (1 - left)), x.bestFitGPUs(g, machine: m))
        case .packing:
            return (Self.packing(g, free), x.bestFitGPUs(g, machine: m))
        case .clustering:
            // gpu_clustering_score.go: tiers of 25 by GPU affinity, fuller nodes first within a tier.
            guard g.count > 0 else { return (0, []) }
            let fill = 25 * (Int(maxGPUMilli) - Int(gpuFree)) / Int(maxGPUMilli)
            let t = tags[m]
            let tag = Self.affinity(g)
            let tier = t.contains(tag) ? (t.count == 1 ? 75 : 50) : (t.isEmpty ? 25 : 0)
            return (Double(tier + fill), x.bestFitGPUs(g, machine: m))
        case .fgd:
            // fgd_score.go: the decrease of F_n(M) (FragmentationMemo.score).
            return memo.score(c, machine: m, in: s)
        }
    }

    /// gpu_packing_score.go, in its integer arithmetic: 100 − (free % on the shared GPUs used)/10
    /// (≥ 50) when the pod fits on already-shared GPUs; 50 − fully free GPUs used (≥ 33) when it
    /// needs free GPUs of a used node; 33 − free GPUs (≥ free GPUs) on an idle node; 0 without GPUs.
    static func packing(_ g: GPURequest, _ free: [Int]) -> Double {
        guard g.count > 0 else { return 0 }
        let full = GPURequest.milliPerGPU
        let fullyFree = free.filter { $0 == full }.count
        if fullyFree == free.count { return Double(max(100 / 3 - fullyFree, fullyFree)) }
        var need = g.count
        var freeToUse = 0
        var used: [Int] = []
        for i in free.indices.sorted(by: { (free[$0], $0) < (free[$1], $1) }) where need > 0 && g.milli <= free[i] {
            need -= 1
            used.append(i)
            if free[i] == full { freeToUse += 1 }
        }
        if need > 0 { return 0 }
        if freeToUse > 0 { return Double(max(100 / 2 - freeToUse, 100 / 3)) }
        let pct = used.reduce(0) { $0 + free[$1] * 100 / full }
        return Double(max(100 - pct / 10, 100 / 2))
    }

    static func affinity(_ g: GPURequest) -> Int { g.isShare ? 0 : g.count }

    /// The plugins' integer scores: `int64(x)` truncates toward zero.
    static func truncated(_ x: Double) -> Double { x.rounded(.towardZero) }

    /// Updates the per-node state after `c` was placed on `m`.
    mutating func assigned(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) {
        if policy == .clustering, c.gpu.count > 0, !tags[m].contains(Self.affinity(c.gpu)) {
            tags[m].append(Self.affinity(c.gpu))
        }
    }
}
