import BulkheadModel

/// GPU fragmentation against a target workload, and the Fragmentation Gradient Descent (FGD)
/// scorer, from Weng et al., "Beware of Fragmentation: Scheduling GPU-Sharing Workloads with
/// Fragmentation Gradient Descent", USENIX ATC 2023, §3 (definitions written here from the paper
/// and the authors' simulator, github.com/hkust-adsl/kubernetes-scheduler-simulator,
/// pkg/utils/frag.go `NodeGpuShareFragAmount` and pkg/simulator/plugin/fgd_score.go).
///
/// For a node and one task type m, the *fragment* F_n(m) is the node's unallocated GPU capacity
/// that m cannot use:
/// - m requests no GPU: all of it (a CPU-only task uses no GPU);
/// - m does not fit for lack of CPU, or there are fewer than m's count of GPUs with at least m's
///   share free: all of it;
/// - otherwise: the free shares of the GPUs whose free share is below m's per-GPU share.
/// The node's fragmentation is the expectation over the target workload M (task types with their
/// popularity p_m): F_n(M) = Σ_m p_m F_n(m). FGD places a task on the node (and GPU) that
/// increases F_n(M) least — the steepest descent of cluster fragmentation.
/// Memory is not part of the definition (as in the paper).
public struct GPUFragmentation: Sendable {
    /// One task type of the target workload: CPU (millicores), GPUs, popularity.
    public struct TaskType: Sendable, Hashable {
        public var cpuMilli: Int
        public var gpu: GPURequest
        public var popularity: Double
        public init(cpuMilli: Int, gpu: GPURequest, popularity: Double) {
            self.cpuMilli = cpuMilli
            self.gpu = gpu
            self.popularity = popularity
        }
    }

    public let types: [TaskType]
    /// Σ popularity of the CPU-only types (each counts all free GPU as fragment).
    let cpuOnlyWeight: Double
    let gpuTypes: [TaskType]

    public init(types: [TaskType]) {
        self.types = types
        cpuOnlyWeight = types.filter { $0.gpu.count == 0 }.reduce(0) { $0 + $1.popularity }
        gpuTypes = types.filter { $0.gpu.count > 0 }
    }

    /// The target workload of a task list as the authors' simulator builds it: task types
    /// (CPU, GPU count, GPU share) by decreasing frequency, kept until they cover
    /// `popularityThreshold` of the tasks (95 % by default), with their frequencies.
    /// - Complexity: O(n log n).
    public static func workload(_ tasks: [(cpuMilli: Int, gpu: GPURequest)], popularityThreshold: Double = 0.95)
        -> [TaskType]
    {
        workload(weighted: tasks.map { ($0.cpuMilli, $0.gpu, 1) }, popularityThreshold: popularityThreshold)
    }

    /// The same from task types with counts (a scenario's services and their replicas).
    public static func workload(
        weighted tasks: [(cpuMilli: Int, gpu: GPURequest, count: Int)], popularityThreshold: Double = 0.95
    ) -> [TaskType] {
        struct Key: Hashable {
            var cpu: Int
            var gpu: GPURequest
        }
        var count: [Key: Int] = [:]
        var n = 0
        for t in tasks where t.count > 0 {
            count[Key(cpu: t.cpuMilli, gpu: t.gpu), default: 0] += t.count
            n += t.count
        }
        let sorted = count.sorted {
            ($0.value, -$0.key.cpu, -$0.key.gpu.count, -$0.key.gpu.milli)
                > ($1.value, -$1.key.cpu, -$1.key.gpu.count, -$1.key.gpu.milli)
        }
        var out: [TaskType] = []
        var covered = 0.0
        for (k, c) in sorted where covered < popularityThreshold {
            out.append(TaskType(cpuMilli: k.cpu, gpu: k.gpu, popularity: Double(c) / Double(n)))
            covered += Double(c) / Double(n)
        }
        return out
    }

    /// F_n(M) of a node with `cpuFreeMilli` free and GPUs with `gpuFree` milli free each.
    /// - Complexity: O(types · GPUs).
    public func fragmentation(cpuFreeMilli: Int, gpuFree: [Int]) -> Double {
        var total = 0
        for f in gpuFree { total += f }
        if total == 0 { return 0 }
        var sum = cpuOnlyWeight * Double(total)
        for t in gpuTypes {
            if cpuFreeMilli < t.cpuMilli {
                sum += t.popularity * Double(total)
                continue
            }
            var fitting = 0
            var small = 0
            for f in gpuFree {
                if f >= t.gpu.milli { fitting += 1 } else { small += f }
            }
            sum += t.popularity * Double(fitting >= t.gpu.count ? small : total)
        }
        return sum
    }
}
