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
    /// FGD: current fragmentation of each node, and a memo of F(node state).
    var fragNow: [Double]
    var memo: [StateKey: Double] = [:]

    init(policy: GPUSharingPolicy, config: ClusterConfig, fragmentation: GPUFragmentation) {
        self.policy = policy
        self.fragmentation = fragmentation
        maxCPUMilli = config.machines.map { $0.cpu * 1000 }.max() ?? 1
        maxGPUMilli = Double((config.machines.map(\.gpus).max() ?? 1) * GPURequest.milliPerGPU)
        tags = Array(repeating: [], count: config.machines.count)
        fragNow = config.machines.map {
            fragmentation.fragmentation(
                cpuFreeMilli: Int(($0.cpu * 1000).rounded()), gpuFree: Array(repeating: GPURequest.milliPerGPU, count: $0.gpus))
        }
    }

    /// A node state for the FGD memo: free CPU and the sorted free shares of up to 8 GPUs
    /// (11 bits each); fragmentation depends on nothing else.
    struct StateKey: Hashable {
        var a: UInt64
        var b: UInt64
    }

    static func key(cpuFreeMilli: Int, gpuFree: [Int]) -> StateKey? {
        guard gpuFree.count <= 8, cpuFreeMilli >= 0, cpuFreeMilli < 1 << 30 else { return nil }
        let g = gpuFree.sorted()
        var a = UInt64(cpuFreeMilli) << 4 | UInt64(g.count)
        var b: UInt64 = 0
        for (i, f) in g.enumerated() {
            if i < 3 { a |= UInt64(f) << (34 + 10 * UInt64(i)) } else { b |= UInt64(f) << (11 * UInt64(i - 3)) }
        }
        return StateKey(a: a, b: b)
    }

    mutating func frag(cpuFreeMilli: Int, gpuFree: [Int]) -> Double {
        guard let k = Self.key(cpuFreeMilli: cpuFreeMilli, gpuFree: gpuFree) else {
            return fragmentation.fragmentation(cpuFreeMilli: cpuFreeMilli, gpuFree: gpuFree)
        }
        if let v = memo[k] { return v }
        let v = fragmentation.fragmentation(cpuFreeMilli: cpuFreeMilli, gpuFree: gpuFree)
        memo[k] = v
        return v
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
            // fgd_score.go: the decrease of F_n(M); a share tries every GPU that holds it.
            let cpuAfter = Int(cpuFree) - Int(cpuReq.rounded())
            let before = fragNow[m]
            if g.isShare {
                var best = -Double.infinity
                var pick = -1
                var tried = Set<Int>()
                for i in free.indices where free[i] >= g.milli && tried.insert(free[i]).inserted {
                    var after = free
                    after[i] -= g.milli
                    let d = Self.fgdScore(before - frag(cpuFreeMilli: cpuAfter, gpuFree: after))
                    if d > best {
                        best = d
                        pick = i
                    }
                }
                return (best, [pick])
            }
            let gpus = x.bestFitGPUs(g, machine: m)
            var after = free
            for i in gpus { after[i] -= g.milli }
            return (Self.fgdScore(before - frag(cpuFreeMilli: cpuAfter, gpuFree: after)), gpus)
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

    /// fgd_score.go: `int64(sigmoid(Δ / 1000) · 100)` for a fragmentation decrease Δ (milli).
    static func fgdScore(_ decrease: Double) -> Double { truncated(100 / (1 + exp(-decrease / 1000))) }

    /// Updates the per-node state after `c` was placed on `m`.
    mutating func assigned(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) {
        if policy == .clustering, c.gpu.count > 0, !tags[m].contains(Self.affinity(c.gpu)) {
            tags[m].append(Self.affinity(c.gpu))
        }
        if policy == .fgd {
            fragNow[m] = frag(cpuFreeMilli: Self.cpuFreeMilli(m, s), gpuFree: s.extended!.gpuFree[m])
        }
    }
}
