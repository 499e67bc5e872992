/// `bulkhead import FORMAT FILES…`: reads the files of one trace format into an `ImportedCluster`.
public enum Importer {
    public struct Options: Sendable {
        /// Keep this many containers (pods, tasks, processes), seeded; nil keeps all.
        public var sample: Int?
        public var seed: UInt64 = 1
        /// Borg: cores and bytes of a 1.0 machine; machines in the fleet (nil: see `Borg2019.cluster`).
        public var cores: Double = 128
        public var memory: Double = 512 * 1_073_741_824
        public var machines: Int?
        /// The scenario's name.
        public var name: String?
        public init(sample: Int? = nil, seed: UInt64 = 1) {
            self.sample = sample
            self.seed = seed
        }
    }

    /// Reads `files` as `format` (one of `Formats.names`). File order does not matter where the
    /// files can be told apart by their headers (openb, borg2019); roadef2012 takes the model first.
    /// - Throws: `ImportError` for an unknown format, a wrong number of files, a file of another
    ///   format (saying which one it looks like) or a malformed file (file:line:column).
    public static func read(format: String, files: [String], _ o: Options) throws(ImportError) -> ImportedCluster {
        switch format.lowercased() {
        case "openb":
            let (nodes, pods) = try pair(
                files, format, first: OpenB.nodeHeader, second: OpenB.podHeader, names: ("node list", "pod list"))
            return OpenB.cluster(
                nodes: try OpenB.nodes(path: nodes), pods: try OpenB.pods(path: pods), sample: o.sample, seed: o.seed,
                name: o.name ?? "openb")
        case "borg2019":
            let (hosts, reqs) = try pair(
                files, format, first: Borg2019.hostHeader, second: Borg2019.requestHeader,
                names: ("machine-shape histogram", "task request list"))
            return Borg2019.cluster(
                shapes: try Borg2019.shapes(path: hosts), tasks: try Borg2019.tasks(path: reqs), cores: o.cores,
                memory: o.memory, machines: o.machines, sample: o.sample, seed: o.seed, name: o.name ?? "borg2019")
        case "roadef2012":
            guard files.count == 2 else {
                throw ImportError(
                    file: files.first ?? "-", message: "roadef2012 takes two files, the model and the initial assignment",
                    hint: "bulkhead import roadef2012 model_a1_4.txt assignment_a1_4.txt --out a1_4.yaml")
            }
            return try Roadef2012.cluster(
                modelPath: files[0], assignmentPath: files[1], sample: o.sample, seed: o.seed, name: o.name)
        default:
            throw ImportError(
                file: files.first ?? "-", message: "unknown import format `\(format)`",
                hint: "known: \(Formats.names.joined(separator: ", "))")
        }
    }

    /// Two CSV files told apart by their headers.
    static func pair(
        _ files: [String], _ format: String, first: [String], second: [String], names: (String, String)
    ) throws(ImportError) -> (String, String) {
        guard files.count == 2 else {
            throw ImportError(
                file: files.first ?? "-",
                message: "\(format) takes two files, the \(names.0) and the \(names.1) (found \(files.count))")
        }
        let a = try CSVTable(path: files[0])
        let b = try CSVTable(path: files[1])
        if a.header == first {
            try Formats.expect(b, header: second, format: "\(format) \(names.1)")
            return (files[0], files[1])
        }
        if b.header == first {
            try Formats.expect(a, header: second, format: "\(format) \(names.1)")
            return (files[1], files[0])
        }
        try Formats.expect(a.header == second ? b : a, header: first, format: "\(format) \(names.0)")
        return (files[0], files[1])
    }
}
