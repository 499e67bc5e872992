import BulkheadImport
import BulkheadModel
import BulkheadPlacement
import BulkheadStochastic

/// The central experiment of the FGD paper (Weng et al., "Beware of Fragmentation", USENIX ATC
/// 2023, §5.2, Fig. 7(a)) on the openb trace, through Bulkhead's placement snapshot and filters:
/// the trace's pods, inflated by random copies until they ask `tune` × the cluster's GPUs
/// (the authors' "workload tuning", ratio 1.3), shuffled, arrive one by one and never leave; each
/// is placed by one `GPUSharingPolicy` on a node that fits its CPU, memory and GPUs (per GPU: a
/// share never spans GPUs). The curve is the share of GPU capacity allocated against the GPUs
/// that have arrived, in percent of capacity.
public enum FragmentationExperiment {
    /// One run's curve.
    public struct Curve: Sendable, Hashable {
        public var policy: GPUSharingPolicy
        public var seed: UInt64
        /// `allocated[x]`: GPU capacity allocated (%) once pods asking x % of the capacity have
        /// arrived (x = 0…`allocated.count − 1`; the value after the last pod whose cumulative
        /// request is ≤ x %).
        public var allocated: [Double]
        /// Pods that arrived and pods that found no node.
        public var pods: Int
        public var failed: Int
        /// Failed pods by GPU request: `cpu`, `share`, `1`, `2`, `4`, `8` (whole GPUs).
        public var failedByKind: [String: Int] = [:]
        /// GPU milli-shares in the cluster.
        public var capacityMilli: Int
    }

    /// The arriving pods for `seed`: the trace's pods plus random copies (uniform over the trace,
    /// with replacement) while the total GPU request stays ≤ `tune` × capacity (the authors'
    /// `tuneUpPods` stops at the first copy that would exceed it), then shuffled.
    /// - Complexity: O(pods).
    public static func arrivals(_ pods: [OpenB.Pod], capacityMilli: Int, tune: Double, seed: UInt64) -> [OpenB.Pod] {
        var g = SplitMix64(seed: seed, purpose: 0x5455_4E45)  // "TUNE"
        var out = pods
        var asked = pods.reduce(0) { $0 + $1.totalGPUMilli }
        let target = tune * Double(capacityMilli)
        while !pods.isEmpty {
            let p = pods[g.below(pods.count)]
            if Double(asked + p.totalGPUMilli) > target { break }
            asked += p.totalGPUMilli
            out.append(p)
        }
        for i in stride(from: out.count - 1, to: 0, by: -1) { out.swapAt(i, g.below(i + 1)) }
        return out
    }

    /// The cluster of `nodes` and one service per distinct pod request (cores, memory, GPUs).
    static func config(nodes: [OpenB.Node], pods: [OpenB.Pod]) -> (ClusterConfig, [Int]) {
        let machines = nodes.map { n -> ClusterConfig.Machine in
            var m = ClusterConfig.Machine(
                name: n.name, rack: 0, type: n.model, cpu: Double(n.cpuMilli) / 1000, memory: Double(n.memoryMiB) * 1_048_576)
            m.gpus = n.gpus
            return m
        }
        struct Shape: Hashable {
            var cpu: Int
            var mem: Int
            var n: Int
            var milli: Int
        }
        var index: [Shape: Int] = [:]
        var services: [ClusterConfig.Service] = []
        var serviceOf: [Int] = []
        for p in pods {
            let k = Shape(cpu: p.cpuMilli, mem: p.memoryMiB, n: p.gpuCount, milli: p.gpuMilli)
            if let i = index[k] {
                serviceOf.append(i)
                continue
            }
            index[k] = services.count
            serviceOf.append(services.count)
            var s = ClusterConfig.Service(
                name: "shape-\(services.count)", tenant: "openb", replicas: 0, cpuRequest: Double(p.cpuMilli) / 1000,
                memoryRequest: Double(p.memoryMiB) * 1_048_576, work: .constant(0))
            s.gpuRequest = GPURequest(count: p.gpuCount, milli: p.gpuMilli)
            services.append(s)
        }
        var c = ClusterConfig(
            racks: ["openb"], machines: machines, services: services, balancers: [], cpuIsolation: .shares,
            memoryIsolation: .limits, maxContainersPerMachine: Int(Int32.max), duration: .seconds(1), warmup: .seconds(0))
        c.zones = []
        return (c, serviceOf)
    }

    /// Places `arrivals` in order with `policy`. `workload` is FGD's target workload (the trace's
    /// task types, `GPUFragmentation.workload`). Ties between equally scored nodes go to the
    /// lowest-numbered node; `random` picks uniformly among the feasible nodes (stream of `seed`).
    /// - Complexity: O(pods · nodes · GPUs) (FGD: × task types on a cache miss of its memo).
    public static func run(
        nodes: [OpenB.Node], arrivals: [OpenB.Pod], policy: GPUSharingPolicy, workload: GPUFragmentation, seed: UInt64
    ) -> Curve {
        let (config, serviceOf) = config(nodes: nodes, pods: arrivals)
        var s = ClusterSnapshot(config: config)
        var scorer = NodeScorer(policy: policy, config: config, fragmentation: workload)
        var rng = SplitMix64(seed: seed, purpose: 0x5449_4553)  // "TIES"
        let capacity = nodes.reduce(0) { $0 + $1.gpus } * GPURequest.milliPerGPU
        let fits = FitsRequestsFilter()
        let fitsGPU = FitsExtendedFilter()
        var history: [(arrived: Int, used: Int)] = []
        history.reserveCapacity(arrivals.count)
        var arrived = 0
        var used = 0
        var failed = 0
        var failedByKind: [String: Int] = [:]
        for (i, p) in arrivals.enumerated() {
            let c = ContainerRequest(service: serviceOf[i], replica: i, of: config)
            var best = -1
            var bestGPUs: [Int] = []
            var bestScore = -Double.infinity
            var ties = 0
            for m in 0..<s.machineCount {
                guard case .pass = fits.check(c, machine: m, in: s), case .pass = fitsGPU.check(c, machine: m, in: s) else {
                    continue
                }
                let (score, gpus) = scorer.score(c, machine: m, in: s, &rng)
                if score > bestScore {
                    best = m
                    bestGPUs = gpus
                    bestScore = score
                    ties = 1
                } else if score == bestScore && policy == .random {
                    // Random draws among all feasible nodes; every other policy keeps the first
                    // (lowest-numbered) of equal scores, as the authors' scheduler does (its
                    // vendored `selectHost` takes the smallest node name "for reproducibility";
                    // openb node names sort in file order) and as Bulkhead's placer does.
                    ties += 1
                    if rng.below(ties) == 0 {
                        best = m
                        bestGPUs = gpus
                    }
                }
            }
            if best >= 0 {
                s.assign(c, to: best, gpus: bestGPUs)
                scorer.assigned(c, machine: best, in: s)
                used += p.totalGPUMilli
            } else {
                failed += 1
                failedByKind[p.gpuCount == 0 ? "cpu" : p.gpuMilli < 1000 ? "share" : "\(p.gpuCount)", default: 0] += 1
            }
            arrived += p.totalGPUMilli
            history.append((arrived, used))
        }
        // allocated[x]: after the last pod whose cumulative request is ≤ x % of capacity.
        var allocated: [Double] = []
        var k = -1
        // Up to the first whole percent ≥ everything that arrived (130 for the paper's tune 1.3,
        // which stops just below 130 %).
        let top = (arrived * 100 + max(1, capacity) - 1) / max(1, capacity)
        for x in 0...top {
            while k + 1 < history.count && history[k + 1].arrived * 100 <= x * capacity { k += 1 }
            allocated.append(k < 0 ? 0 : 100 * Double(history[k].used) / Double(capacity))
        }
        var curve = Curve(
            policy: policy, seed: seed, allocated: allocated, pods: arrivals.count, failed: failed, capacityMilli: capacity)
        curve.failedByKind = failedByKind
        return curve
    }
}
