import BulkheadStochastic

/// The Google Borg 2019 (v3) BigQuery extracts described in ../shared/data/README.md §3.2: a
/// cell's machine-shape histogram (`cpus,ram,machine_count`) and task requests
/// (`time,user,collection_id,instance_index,cpus,ram,collection_type`), both in normalised units
/// (the largest machine is 1.0). Read as scripts/derive-borg-requests.py reads them: tasks that
/// request zero CPU get the smallest positive CPU request of the sample.
public enum Borg2019 {
    public static let hostHeader = ["cpus", "ram", "machine_count"]
    public static let requestHeader = ["time", "user", "collection_id", "instance_index", "cpus", "ram", "collection_type"]

    /// A machine shape: normalised cpu and ram, and how many machines have it.
    public struct Shape: Sendable, Hashable {
        public var cpu: Double
        public var ram: Double
        public var count: Int
    }

    /// One task instance's request.
    public struct Task: Sendable, Hashable {
        public var user: String
        public var collection: String
        public var cpu: Double
        public var ram: Double
    }

    public static func shapes(path: String) throws(ImportError) -> [Shape] {
        let t = try CSVTable(path: path)
        try Formats.expect(t, header: hostHeader, format: "Borg 2019 machine-shape histogram")
        var out: [Shape] = []
        for r in t.rows {
            out.append(
                Shape(
                    cpu: try t.number(r, 0, "cpus"), ram: try t.number(r, 1, "ram"),
                    count: Int(try t.number(r, 2, "machine_count"))))
        }
        return out
    }

    public static func tasks(path: String) throws(ImportError) -> [Task] {
        let t = try CSVTable(path: path)
        try Formats.expect(t, header: requestHeader, format: "Borg 2019 task request list")
        var out: [Task] = []
        for r in t.rows {
            out.append(
                Task(
                    user: String(t.text(r, 1)), collection: String(t.text(r, 2)), cpu: try t.number(r, 4, "cpus"),
                    ram: try t.number(r, 5, "ram")))
        }
        return out
    }

    /// The cell as a scenario. A 1.0 machine is `cores` cores and `memory` bytes (the trace gives
    /// only ratios). Machines: the shape histogram scaled (largest remainder) to `machines`, by
    /// default to the count at which the tasks request `targetAllocation` of the fleet's cores.
    /// Services: one per collection (Borg job), replicas = its tasks, request = the largest of its
    /// tasks' (tasks of one job almost always ask the same); tenant = user.
    public static func cluster(
        shapes: [Shape], tasks: [Task], cores: Double, memory: Double, machines: Int?, targetAllocation: Double = 0.5,
        sample: Int?, seed: UInt64, name: String = "borg2019"
    ) -> ImportedCluster {
        var tasks = tasks
        let all = tasks.count
        if let sample, sample < tasks.count { tasks = Sampling.withoutReplacement(tasks, count: sample, seed: seed) }
        let floor = tasks.map(\.cpu).filter { $0 > 0 }.min() ?? 0.001
        let zeroCPU = tasks.filter { $0.cpu <= 0 }.count
        var jobs: [String: (user: String, n: Int, cpu: Double, ram: Double, varied: Bool)] = [:]
        var order: [String] = []
        for t in tasks {
            let cpu = t.cpu > 0 ? t.cpu : floor
            if var j = jobs[t.collection] {
                if j.cpu != cpu || j.ram != t.ram { j.varied = true }
                j.n += 1
                j.cpu = max(j.cpu, cpu)
                j.ram = max(j.ram, t.ram)
                jobs[t.collection] = j
            } else {
                order.append(t.collection)
                jobs[t.collection] = (t.user, 1, cpu, t.ram, false)
            }
        }
        var users: [String: Int] = [:]
        var services: [ImportedCluster.Service] = []
        for (k, id) in order.enumerated() {
            let j = jobs[id]!
            let u = users[j.user] ?? users.count
            users[j.user] = u
            services.append(
                .init(
                    name: "job-\(k + 1)", tenant: "user-\(u + 1)", replicas: j.n, cpu: roundMilli(j.cpu * cores),
                    memory: roundMiB(j.ram * memory)))
        }
        let askedCPU = services.reduce(0.0) { $0 + Double($1.replicas) * $1.cpu }
        let total = shapes.reduce(0) { $0 + $1.count }
        let meanCores = shapes.reduce(0.0) { $0 + Double($1.count) * $1.cpu * cores } / Double(max(1, total))
        let target = machines ?? max(1, Int((askedCPU / targetAllocation / max(meanCores, 1e-9)).rounded(.up)))
        let counts = Sampling.scaled(shapes.map(\.count), by: Double(target) / Double(max(1, total)))
        var types: [ImportedCluster.MachineType] = []
        for (k, s) in shapes.enumerated() where counts[k] > 0 {
            types.append(
                .init(
                    name:
                        "m\(k + 1)-\(ScenarioText.number((s.cpu * 1000).rounded() / 1000))-\(ScenarioText.number((s.ram * 1000).rounded() / 1000))"
                        .replacingOccurrences(of: ".", with: "p"),
                    cpu: roundMilli(s.cpu * cores), memory: roundMiB(s.ram * memory), count: counts[k]))
        }
        var c = ImportedCluster(
            name: name,
            provenance: [
                "Imported by `bulkhead import borg2019` from the Google Borg 2019 cluster trace (v3) BigQuery extracts",
                "(machine-shape histogram and task requests; CC-BY 4.0, google/cluster-data). Cite Tirmazi et al.,",
                "\"Borg: the Next Generation\", EuroSys 2020.",
            ],
            machineTypes: types, services: services)
        c.kept = [
            "the machine-shape mix: \(shapes.count) shapes of \(total) machines, scaled to \(c.machineCount) machines (largest remainder)",
            "\(tasks.count) task requests (cpu, ram) as \(services.count) services (one per collection), tenant = user (\(users.count))",
        ]
        if let sample, sample < all { c.kept.append("a sample of \(sample) of \(all) tasks (seed \(seed))") }
        let varied = jobs.values.filter(\.varied).count
        c.dropped = [
            "times, instance indices and collection types (the requests are a LIMIT sample from early in the trace, not a time series)",
            "per-task differences within a job: \(varied) of \(services.count) jobs had tasks of different requests; each job takes its largest",
        ]
        c.assumed = [
            "a 1.0 machine is \(ScenarioText.number(cores)) cores and \(ScenarioText.memory(memory)) (the trace's units are normalised)",
            machines == nil
                ? "machines: as many as make the tasks request \(Int(targetAllocation * 100)) % of the fleet's cores (use --machines to choose)"
                : "machines: \(target), as given",
            "\(zeroCPU) tasks requesting zero CPU get the smallest positive request of the sample (as scripts/derive-borg-requests.py)",
            "racks of \(c.machinesPerRack) machines of one shape (the extracts have no racks)",
        ]
        return c
    }

    static func roundMilli(_ cores: Double) -> Double { max(0.001, (cores * 1000).rounded() / 1000) }
    static func roundMiB(_ bytes: Double) -> Double { max(1_048_576, (bytes / 1_048_576).rounded() * 1_048_576) }
}
