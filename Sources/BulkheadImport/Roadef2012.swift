import Foundation

/// Google's ROADEF/EURO Challenge 2012 machine-reassignment instances (model and initial
/// assignment; format as in ../shared/data/README.md §2):
/// `R; R×(transient weightLoadCost); M; M×(neighbourhood location capacity[R] safety[R] moveCost[M]);
/// S; S×(spreadMin nDeps deps…); P; P×(service requirement[R] moveCost); B; B×(r1 r2 target weight); 3 weights`.
public enum Roadef2012 {
    /// The parsed instance.
    public struct Instance: Sendable {
        public var resources: Int
        public var machineLocation: [Int]
        public var machineNeighbourhood: [Int]
        public var capacity: [[Int]]
        public var safety: [[Int]]
        public var spreadMin: [Int]
        public var dependencies: [[Int]]
        public var processService: [Int]
        public var requirement: [[Int]]
        /// Machine of each process in the initial assignment.
        public var assignment: [Int]
    }

    /// Integers of a whitespace-separated file with their positions.
    struct Tokens {
        let file: String
        var items: [(value: Int, line: Int, column: Int)] = []
        var next = 0
        init(path: String) throws(ImportError) {
            file = path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ImportError(file: path, message: "cannot read the file", hint: "check the path")
            }
            let text = String(decoding: data, as: UTF8.self)
            var line = 1
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                var col = 1
                for piece in raw.split(separator: " ", omittingEmptySubsequences: false) {
                    let t = piece.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !t.isEmpty {
                        guard let v = Int(t) else {
                            let looks = Formats.guess(path: path).map { " (the file looks like \($0))" } ?? ""
                            throw ImportError(
                                file: path, line: line, column: col, message: "\"\(t)\" is not an integer\(looks)",
                                hint: "ROADEF 2012 files are whitespace-separated integers")
                        }
                        items.append((v, line, col))
                    }
                    col += piece.count + 1
                }
                line += 1
            }
            if items.isEmpty { throw ImportError(file: path, message: "the file is empty") }
        }
        mutating func int(_ what: String, min: Int = 0) throws(ImportError) -> Int {
            guard next < items.count else {
                let last = items.last!
                throw ImportError(file: file, line: last.line, message: "the file ends before \(what)")
            }
            let t = items[next]
            next += 1
            guard t.value >= min else {
                throw ImportError(file: file, line: t.line, column: t.column, message: "\(what) \(t.value) is below \(min)")
            }
            return t.value
        }
    }

    public static func instance(modelPath: String, assignmentPath: String) throws(ImportError) -> Instance {
        var t = try Tokens(path: modelPath)
        let r = try t.int("the resource count", min: 1)
        for _ in 0..<r {
            _ = try t.int("isTransient")
            _ = try t.int("weightLoadCost")
        }
        let m = try t.int("the machine count", min: 1)
        var loc: [Int] = []
        var nb: [Int] = []
        var cap: [[Int]] = []
        var safe: [[Int]] = []
        for _ in 0..<m {
            nb.append(try t.int("a neighbourhood"))
            loc.append(try t.int("a location"))
            var c: [Int] = []
            for _ in 0..<r { c.append(try t.int("a capacity")) }
            var s: [Int] = []
            for _ in 0..<r { s.append(try t.int("a safety capacity")) }
            cap.append(c)
            safe.append(s)
            for _ in 0..<m { _ = try t.int("a machine move cost") }
        }
        let sCount = try t.int("the service count", min: 1)
        var spread: [Int] = []
        var deps: [[Int]] = []
        for _ in 0..<sCount {
            spread.append(try t.int("spreadMin"))
            let n = try t.int("a dependency count")
            var d: [Int] = []
            for _ in 0..<n { d.append(try t.int("a dependency")) }
            deps.append(d)
        }
        let p = try t.int("the process count", min: 1)
        var svc: [Int] = []
        var req: [[Int]] = []
        for _ in 0..<p {
            let s = try t.int("a process's service")
            guard s < sCount else {
                let x = t.items[t.next - 1]
                throw ImportError(
                    file: modelPath, line: x.line, column: x.column, message: "service \(s) does not exist (\(sCount) services)")
            }
            svc.append(s)
            var q: [Int] = []
            for _ in 0..<r { q.append(try t.int("a requirement")) }
            req.append(q)
            _ = try t.int("a process move cost")
        }
        var a = try Tokens(path: assignmentPath)
        var assignment: [Int] = []
        for _ in 0..<p {
            let x = try a.int("a process's machine in the assignment")
            guard x < m else {
                let e = a.items[a.next - 1]
                throw ImportError(
                    file: assignmentPath, line: e.line, column: e.column, message: "machine \(x) does not exist (\(m) machines)")
            }
            assignment.append(x)
        }
        if a.next < a.items.count {
            let e = a.items[a.next]
            throw ImportError(
                file: assignmentPath, line: e.line, column: e.column,
                message: "more entries than the model's \(p) processes: is this the assignment of another instance?")
        }
        return Instance(
            resources: r, machineLocation: loc, machineNeighbourhood: nb, capacity: cap, safety: safe, spreadMin: spread,
            dependencies: deps, processService: svc, requirement: req, assignment: assignment)
    }

    /// The initial assignment evaluated as a placement: per resource, Σ requirements / Σ capacity
    /// and the largest per-machine load / capacity; machines over capacity on some resource; pairs
    /// of processes of one service sharing a machine (ROADEF's conflict constraint).
    public static func evaluateAssignment(_ x: Instance) -> (
        allocation: [Double], peak: [Double], overCapacity: Int, conflicts: Int
    ) {
        let r = x.resources
        var load = [[Int]](repeating: [Int](repeating: 0, count: r), count: x.capacity.count)
        var seen = Set<[Int]>()
        var conflicts = 0
        for (p, m) in x.assignment.enumerated() {
            for k in 0..<r { load[m][k] += x.requirement[p][k] }
            if !seen.insert([x.processService[p], m]).inserted { conflicts += 1 }
        }
        var allocation: [Double] = []
        var peak: [Double] = []
        for k in 0..<r {
            let used = load.reduce(0) { $0 + $1[k] }
            let cap = x.capacity.reduce(0) { $0 + $1[k] }
            allocation.append(cap > 0 ? Double(used) / Double(cap) : 0)
            peak.append(
                x.capacity.indices.map { x.capacity[$0][k] > 0 ? Double(load[$0][k]) / Double(x.capacity[$0][k]) : 0 }.max() ?? 0)
        }
        let over = x.capacity.indices.filter { m in (0..<r).contains { load[m][$0] > x.capacity[m][$0] } }.count
        return (allocation, peak, over, conflicts)
    }

    /// Processes per machine in the initial assignment: (min, median, max) over all machines.
    public static func assignmentSpread(_ x: Instance) -> (min: Int, median: Int, max: Int) {
        var n = [Int](repeating: 0, count: x.capacity.count)
        for m in x.assignment { n[m] += 1 }
        let s = n.sorted()
        return (s.first ?? 0, s[s.count / 2], s.last ?? 0)
    }

    /// The instance as a scenario. Resource 0 is taken as CPU in millicores and resource 1 as
    /// memory in MiB; further resources become extended resources `roadef/r<k>`. Machines of equal
    /// (location, capacities) form one type, located in zone `loc-<l>`. Processes of one service
    /// with equal requirements form one Bulkhead service (`s<service>` or `s<service>-<k>`), with
    /// at most one replica per machine (ROADEF's conflict constraint) and, for spreadMin > 1, a
    /// preferred spread over zones.
    public static func cluster(
        modelPath: String, assignmentPath: String, sample: Int?, seed: UInt64, name: String?
    ) throws(ImportError) -> ImportedCluster {
        let x = try instance(modelPath: modelPath, assignmentPath: assignmentPath)
        var procs = Array(x.processService.indices)
        if let sample, sample < procs.count { procs = Sampling.withoutReplacement(procs, count: sample, seed: seed) }
        let r = x.resources
        let extNames = r > 2 ? (2..<r).map { "roadef/r\($0)" } : []
        struct MKey: Hashable {
            var loc: Int
            var cap: [Int]
        }
        var typeOf: [MKey: Int] = [:]
        var types: [ImportedCluster.MachineType] = []
        // Each ROADEF machine's (type, position from 1 within its type), for the pinned placement.
        var slot: [(type: Int, k: Int)] = []
        for m in x.capacity.indices {
            let k = MKey(loc: x.machineLocation[m], cap: x.capacity[m])
            if let t = typeOf[k] {
                types[t].count += 1
                slot.append((t, types[t].count))
                continue
            }
            slot.append((types.count, 1))
            typeOf[k] = types.count
            types.append(
                .init(
                    name: "loc\(k.loc)-t\(types.count + 1)", cpu: Double(max(1, k.cap[0])) / 1000,
                    memory: Double(max(1, r > 1 ? k.cap[1] : 1)) * 1_048_576, extended: k.cap.dropFirst(2).map(Double.init),
                    count: 1, zone: "loc-\(k.loc)"))
        }
        struct SKey: Hashable {
            var service: Int
            var req: [Int]
        }
        var groups: [SKey: Int] = [:]
        var members: [SKey: [Int]] = [:]  // the processes of each part, ascending
        var keys: [SKey] = []
        for p in procs.sorted() {
            let k = SKey(service: x.processService[p], req: x.requirement[p])
            if groups[k] == nil { keys.append(k) }
            groups[k, default: 0] += 1
            members[k, default: []].append(p)
        }
        let machinesPerRack = 1_000_000  // one rack per machine type: locations are zones
        func machineName(_ m: Int) -> String {
            ScenarioText.machineName(type: types[slot[m].type].name, k: slot[m].k, per: machinesPerRack)
        }
        keys.sort { $0.service != $1.service ? $0.service < $1.service : $0.req.lexicographicallyPrecedes($1.req) }
        var perService: [Int: Int] = [:]
        for k in keys { perService[k.service, default: 0] += 1 }
        var seen: [Int: Int] = [:]
        var services: [ImportedCluster.Service] = []
        var zeroCPU = 0
        for k in keys {
            seen[k.service, default: 0] += 1
            let split = perService[k.service]! > 1
            if k.req[0] == 0 { zeroCPU += 1 }
            services.append(
                .init(
                    name: split ? "s\(k.service)-\(seen[k.service]!)" : "s\(k.service)", tenant: "service-\(k.service)",
                    replicas: groups[k]!, cpu: Double(max(1, k.req[0])) / 1000,
                    memory: Double(max(1, r > 1 ? k.req[1] : 1)) * 1_048_576,
                    extended: k.req.dropFirst(2).map(Double.init), maxPerMachine: 1,
                    minZones: x.spreadMin[k.service] > 1 ? x.spreadMin[k.service] : nil,
                    pinnedTo: members[k]!.map { machineName(x.assignment[$0]) }))
        }
        let (lo, med, hi) = assignmentSpread(x)
        let e = evaluateAssignment(x)
        func pct(_ v: Double) -> String { String(format: "%.1f %%", 100 * v) }
        let splitServices = perService.values.filter { $0 > 1 }.count
        var c = ImportedCluster(
            name: name ?? "roadef2012",
            provenance: [
                "Imported by `bulkhead import roadef2012` from a Google ROADEF/EURO Challenge 2012 machine-reassignment",
                "instance (\((modelPath as NSString).lastPathComponent), \((assignmentPath as NSString).lastPathComponent); public challenge data).",
            ],
            machineTypes: types, services: services)
        c.extendedNames = extNames
        c.machinesPerRack = machinesPerRack
        c.kept = [
            "\(x.capacity.count) machines (\(types.count) types of equal location and capacities), locations as zones",
            "\(procs.count) processes of \(Set(procs.map { x.processService[$0] }).count) services; \(r) resources (r0 cpu, r1 memory\(r > 2 ? ", r2… extended" : ""))",
            "conflict (one process of a service per machine) as antiAffinity maxPerMachine 1",
            "spreadMin > 1 as a preferred topology spread over zones (Bulkhead has no minimum-domains constraint)",
            "initial assignment: \(lo)/\(med)/\(hi) processes per machine (min/median/max); "
                + "allocation per resource \(e.allocation.map { pct($0) }.joined(separator: ", ")), "
                + "fullest machine \(e.peak.map { pct($0) }.joined(separator: ", ")); "
                + "\(e.overCapacity) machines over capacity, \(e.conflicts) conflict violations",
            "the initial assignment as the scenario's placement: every replica is pinned to its machine (`pinnedTo`), so `place` evaluates it through the placement filters; remove the `pinnedTo` lines to let the policy place them",
        ]
        c.dropped = [
            "safety capacities, load and balance costs, move costs, transient resources",
            "neighbourhoods and service dependencies",
            "\(splitServices) services whose processes differ in requirements were split into one Bulkhead service per requirement: conflict and spread then hold within each part only",
        ]
        c.assumed = [
            "r0 is CPU in millicores and r1 memory in MiB (the instance gives unitless integers)",
            "\(zeroCPU) service parts requesting 0 of r0 (or r1) get 1 unit (a container must request some CPU and memory)",
        ]
        c.policy = "spread"
        return c
    }
}
