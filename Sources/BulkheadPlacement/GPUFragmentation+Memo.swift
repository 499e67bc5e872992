import BulkheadModel
import Foundation

/// A cache of F_n(M) by node state, shared by the copies of one snapshot: fragmentation depends
/// only on the free CPU and the multiset of free GPU shares, and a cluster has few distinct states,
/// so FGD scores most candidate nodes by one dictionary lookup instead of O(types · GPUs).
/// A class because the cache outlives the snapshot value copies; one placement (one thread) uses it.
public final class FragmentationMemo: @unchecked Sendable {
    public let fragmentation: GPUFragmentation
    var values: [Key: Double] = [:]

    public init(_ fragmentation: GPUFragmentation) { self.fragmentation = fragmentation }

    /// Free CPU (millicores, < 2^30) and the sorted free shares of up to 8 GPUs (10 bits each).
    struct Key: Hashable {
        var a: UInt64
        var b: UInt64
    }

    static func key(cpuFreeMilli: Int, gpuFree: [Int]) -> Key? {
        guard gpuFree.count <= 8, cpuFreeMilli >= 0, cpuFreeMilli < 1 << 30 else { return nil }
        let g = gpuFree.sorted()
        var a = UInt64(cpuFreeMilli) << 4 | UInt64(g.count)
        var b: UInt64 = 0
        for (i, f) in g.enumerated() {
            if i < 3 { a |= UInt64(f) << (34 + 10 * UInt64(i)) } else { b |= UInt64(f) << (11 * UInt64(i - 3)) }
        }
        return Key(a: a, b: b)
    }

    /// F_n(M) of the node state, from the cache when seen before.
    /// - Complexity: O(GPUs log GPUs) on a hit, + O(types · GPUs) on a miss.
    public func fragmentation(cpuFreeMilli: Int, gpuFree: [Int]) -> Double {
        guard let k = Self.key(cpuFreeMilli: cpuFreeMilli, gpuFree: gpuFree) else {
            return fragmentation.fragmentation(cpuFreeMilli: cpuFreeMilli, gpuFree: gpuFree)
        }
        if let v = values[k] { return v }
        let v = fragmentation.fragmentation(cpuFreeMilli: cpuFreeMilli, gpuFree: gpuFree)
        values[k] = v
        return v
    }

    /// The FGD plugin's score of placing `c` on machine `m` of `s`, and the GPUs it takes there:
    /// `int(100 · sigmoid(ΔF / 1000))` with ΔF = F before − F after (fgd_score.go); a share tries
    /// every GPU that holds it and keeps the first best, whole GPUs take the best-fit ones.
    /// - Complexity: O(GPUs) lookups.
    public func score(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> (score: Double, gpus: [Int]) {
        let x = s.extended!
        let free = x.gpuFree[m]
        let cpuFree = Int(((s.capacity[m].cpu - s.allocated[m].cpu) * 1000).rounded())
        let cpuAfter = cpuFree - Int((c.request.cpu * 1000).rounded())
        let before = fragmentation(cpuFreeMilli: cpuFree, gpuFree: free)
        func score(_ after: [Int]) -> Double {
            (100 / (1 + exp(-(before - fragmentation(cpuFreeMilli: cpuAfter, gpuFree: after)) / 1000))).rounded(.towardZero)
        }
        if c.gpu.isShare {
            var best = -Double.infinity
            var pick = -1
            var tried: [Int] = []
            for i in free.indices where free[i] >= c.gpu.milli && !tried.contains(free[i]) {
                tried.append(free[i])
                var after = free
                after[i] -= c.gpu.milli
                let v = score(after)
                if v > best {
                    best = v
                    pick = i
                }
            }
            return (best, [pick])
        }
        let gpus = x.bestFitGPUs(c.gpu, machine: m)
        var after = free
        for i in gpus { after[i] -= c.gpu.milli }
        return (score(after), gpus)
    }
}
