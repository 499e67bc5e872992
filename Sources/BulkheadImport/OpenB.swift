/// The Alibaba cluster-trace-gpu-v2023 "openb" node and pod lists (github.com/alibaba/clusterdata,
/// cluster-trace-gpu-v2023; the trace of Weng et al., "Beware of Fragmentation", USENIX ATC 2023).
///
/// Nodes: `sn,cpu_milli,memory_mib,gpu,model`. Pods:
/// `name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time`;
/// `num_gpu` GPUs of `gpu_milli` milli-shares each (1 × < 1000 is a share of one GPU).
public enum OpenB {
    public static let nodeHeader = ["sn", "cpu_milli", "memory_mib", "gpu", "model"]
    public static let podHeader = [
        "name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli", "gpu_spec", "qos", "pod_phase", "creation_time",
        "deletion_time", "scheduled_time",
    ]

    public struct Node: Sendable, Hashable {
        public var name: String
        public var cpuMilli: Int
        public var memoryMiB: Int
        public var gpus: Int
        /// GPU model (`G2`, `T4`, `V100M16`); empty for CPU-only nodes.
        public var model: String
    }

    public struct Pod: Sendable, Hashable {
        public var name: String
        public var cpuMilli: Int
        public var memoryMiB: Int
        public var gpuCount: Int
        /// Milli-shares on each GPU (1000: whole GPUs).
        public var gpuMilli: Int
        /// Required GPU models (`V100M16|V100M32`), empty for any.
        public var gpuSpec: String
        /// `LS`, `BE`, `Burstable`, `Guaranteed`.
        public var qos: String
        public var creationTime: Int
        /// Seconds; nil when the pod had not ended.
        public var deletionTime: Int?
        /// GPU milli-shares in total.
        public var totalGPUMilli: Int { gpuCount * gpuMilli }

        public init(
            name: String, cpuMilli: Int, memoryMiB: Int, gpuCount: Int, gpuMilli: Int, gpuSpec: String, qos: String,
            creationTime: Int, deletionTime: Int?
        ) {
            self.name = name
            self.cpuMilli = cpuMilli
            self.memoryMiB = memoryMiB
            self.gpuCount = gpuCount
            self.gpuMilli = gpuMilli
            self.gpuSpec = gpuSpec
            self.qos = qos
            self.creationTime = creationTime
            self.deletionTime = deletionTime
        }
    }

    /// Reads a node list.
    /// - Throws: `ImportError` with file:line:column for a missing column or a bad number.
    public static func nodes(path: String) throws(ImportError) -> [Node] {
        let t = try CSVTable(path: path)
        try Formats.expect(t, header: nodeHeader, format: "openb node list")
        let (sn, cpu, mem, gpu, model) = try (
            t.column("sn"), t.column("cpu_milli"), t.column("memory_mib"), t.column("gpu"), t.column("model")
        )
        var out: [Node] = []
        out.reserveCapacity(t.rows.count)
        for r in t.rows {
            out.append(
                Node(
                    name: String(t.text(r, sn)), cpuMilli: Int(try t.number(r, cpu, "cpu_milli", min: 1)),
                    memoryMiB: Int(try t.number(r, mem, "memory_mib", min: 1)), gpus: Int(try t.number(r, gpu, "gpu")),
                    model: String(t.text(r, model))))
        }
        return out
    }

    /// Reads a pod list, in file order.
    /// - Throws: `ImportError` with file:line:column for a missing column, a bad number or a GPU
    ///   request that is neither a share of one GPU nor whole GPUs.
    public static func pods(path: String) throws(ImportError) -> [Pod] {
        let t = try CSVTable(path: path)
        try Formats.expect(t, header: podHeader, format: "openb pod list")
        let c = try (
            name: t.column("name"), cpu: t.column("cpu_milli"), mem: t.column("memory_mib"), n: t.column("num_gpu"),
            milli: t.column("gpu_milli"), spec: t.column("gpu_spec"), qos: t.column("qos"),
            created: t.column("creation_time"), deleted: t.column("deletion_time")
        )
        var out: [Pod] = []
        out.reserveCapacity(t.rows.count)
        for r in t.rows {
            let n = Int(try t.number(r, c.n, "num_gpu"))
            let milli = Int(try t.number(r, c.milli, "gpu_milli"))
            if n > 0, milli < 1 || milli > 1000 || (n > 1 && milli != 1000) {
                throw ImportError(
                    file: path, line: r.line, column: r.columns[c.milli],
                    message: "gpu_milli \(milli) with num_gpu \(n) is neither a share of one GPU nor whole GPUs",
                    hint: "a share (num_gpu 1, gpu_milli < 1000) is never split across GPUs")
            }
            let deleted = t.text(r, c.deleted).isEmpty ? nil : Int(try t.number(r, c.deleted, "deletion_time"))
            out.append(
                Pod(
                    name: String(t.text(r, c.name)), cpuMilli: Int(try t.number(r, c.cpu, "cpu_milli")),
                    memoryMiB: Int(try t.number(r, c.mem, "memory_mib")), gpuCount: n, gpuMilli: n == 0 ? 0 : milli,
                    gpuSpec: String(t.text(r, c.spec)), qos: String(t.text(r, c.qos)),
                    creationTime: Int(try t.number(r, c.created, "creation_time")), deletionTime: deleted))
        }
        return out
    }
}
