import BulkheadStochastic

extension OpenB {
    /// The openb cluster as a scenario: one machine type per node shape (cores, memory, GPUs,
    /// GPU model) with its node count; one service per distinct pod request (QoS class, cores,
    /// memory, GPUs), tenant = QoS class, replicas = pods with that request.
    /// - Parameters:
    ///   - sample: keep this many pods (uniform without replacement, seeded) and scale every node
    ///     shape's count by the same fraction (largest remainder); nil keeps all.
    /// - Complexity: O(nodes + pods log pods).
    public static func cluster(
        nodes: [Node], pods: [Pod], sample: Int?, seed: UInt64, name: String = "openb"
    ) -> ImportedCluster {
        var pods = pods
        var nodeCounts: [Node: Int] = [:]
        var order: [Node] = []
        for n in nodes {
            let key = Node(name: "", cpuMilli: n.cpuMilli, memoryMiB: n.memoryMiB, gpus: n.gpus, model: n.model)
            if nodeCounts[key] == nil { order.append(key) }
            nodeCounts[key, default: 0] += 1
        }
        var counts = order.map { nodeCounts[$0]! }
        let totalPods = pods.count
        if let sample, sample < pods.count {
            pods = Sampling.withoutReplacement(pods, count: sample, seed: seed)
            counts = Sampling.scaled(counts, by: Double(sample) / Double(max(1, totalPods)))
        }
        var types: [ImportedCluster.MachineType] = []
        for (k, n) in order.enumerated() where counts[k] > 0 {
            let shape = "\(n.cpuMilli / 1000)c-\(n.memoryMiB / 1024)gi"
            let name = n.gpus > 0 ? "\(n.model.isEmpty ? "gpu" : n.model.lowercased())x\(n.gpus)-\(shape)" : "cpu-\(shape)"
            types.append(
                .init(
                    name: name, cpu: Double(n.cpuMilli) / 1000, memory: Double(n.memoryMiB) * 1_048_576, gpus: n.gpus,
                    count: counts[k]))
        }
        struct Shape: Hashable {
            var qos: String
            var cpu: Int
            var mem: Int
            var n: Int
            var milli: Int
        }
        var replicas: [Shape: Int] = [:]
        for p in pods {
            replicas[Shape(qos: p.qos, cpu: p.cpuMilli, mem: p.memoryMiB, n: p.gpuCount, milli: p.gpuMilli), default: 0] += 1
        }
        let shapes = replicas.keys.sorted {
            (replicas[$0]!, $1.qos, $1.cpu, $1.mem, $1.n, $1.milli) > (replicas[$1]!, $0.qos, $0.cpu, $0.mem, $0.n, $0.milli)
        }
        let services = shapes.map { s -> ImportedCluster.Service in
            let qos = s.qos.isEmpty ? "none" : s.qos.lowercased()
            let g = s.n == 0 ? "" : s.milli < 1000 ? "-g\(s.milli)m" : "-g\(s.n)"
            let cpu = s.cpu % 1000 == 0 ? "\(s.cpu / 1000)c" : "\(s.cpu)mc"
            return .init(
                name: "\(qos)-\(cpu)-\(s.mem)mi\(g)", tenant: qos, replicas: replicas[s]!, cpu: Double(max(1, s.cpu)) / 1000,
                memory: Double(max(1, s.mem)) * 1_048_576, gpu: s.n == 0 ? 0 : Double(s.n * s.milli) / 1000)
        }
        let withSpec = pods.filter { !$0.gpuSpec.isEmpty }.count
        let gpus = zip(types, types.map(\.count)).reduce(0) { $0 + $1.0.gpus * $1.1 }
        let gpuAsked = pods.reduce(0) { $0 + $1.totalGPUMilli }
        var c = ImportedCluster(
            name: name,
            provenance: [
                "Imported by `bulkhead import openb` from the Alibaba cluster-trace-gpu-v2023 (openb) node and pod lists",
                "(github.com/alibaba/clusterdata, cluster-trace-gpu-v2023; research use). Cite Weng et al., \"Beware of",
                "Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation Gradient Descent\", USENIX ATC 2023.",
            ],
            machineTypes: types, services: services)
        c.kept = [
            "\(c.machineCount) nodes of \(types.count) shapes (cores, memory, GPUs, GPU model in the type name); \(gpus) GPUs",
            "\(pods.count) pods as \(services.count) services of identical requests (cores, memory, GPUs); tenant = QoS class",
            "GPU requests: shares of one GPU (milli < 1000) and whole GPUs; \(String(format: "%.1f", Double(gpuAsked) / 1000)) GPUs asked",
        ]
        if let sample, sample < totalPods {
            c.kept.append("a sample of \(sample) of \(totalPods) pods (seed \(seed)); node counts scaled by the same fraction")
        }
        c.dropped = [
            "creation, deletion and scheduled times and pod_phase (a scenario's containers all exist at once; the FGD reproduction uses the arrival order)",
            "gpu_spec (GPU model constraints): \(withSpec) pods had one",
            "node names (machines are named by rack)",
        ]
        c.assumed = [
            "racks of \(c.machinesPerRack) nodes of one shape (the trace has no racks or other failure domains)",
            "memory_mib is MiB (2^20 bytes)",
            "\(pods.filter { $0.cpuMilli == 0 }.count) pods requesting 0 CPU ask 1m and \(pods.filter { $0.memoryMiB == 0 }.count) requesting 0 memory ask 1Mi (a container must request some)",
        ]
        return c
    }
}

/// Seeded sampling and proportional scaling for `--sample`.
enum Sampling {
    /// `count` elements of `xs` chosen uniformly without replacement, in their original order.
    /// - Complexity: O(n).
    static func withoutReplacement<T>(_ xs: [T], count: Int, seed: UInt64) -> [T] {
        var g = SplitMix64(seed: seed, purpose: 0x494D_504F_5254)  // "IMPORT"
        var idx = Array(xs.indices)
        let k = max(0, min(count, xs.count))
        for i in 0..<k {
            let j = i + g.below(idx.count - i)
            idx.swapAt(i, j)
        }
        return idx.prefix(k).sorted().map { xs[$0] }
    }

    /// `counts` × `f`, rounded by largest remainder so the total is round(Σ counts × f).
    static func scaled(_ counts: [Int], by f: Double) -> [Int] {
        let exact = counts.map { Double($0) * f }
        var out = exact.map { Int($0.rounded(.down)) }
        let target = Int((Double(counts.reduce(0, +)) * f).rounded())
        let order = exact.indices.sorted { (exact[$0] - Double(out[$0]), -$0) > (exact[$1] - Double(out[$1]), -$1) }
        var missing = target - out.reduce(0, +)
        for i in order where missing > 0 {
            out[i] += 1
            missing -= 1
        }
        return out
    }
}
