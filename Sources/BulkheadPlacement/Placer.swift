import BulkheadModel

/// What to place, and how.
public struct PlacementRequest: Sendable {
    public var config: ClusterConfig
    /// A preset name or alias (see `Placer.presets`), case-insensitive.
    public var policy: String
    /// Machine indices that must not receive containers (failed or drained).
    public var failedMachines: Set<Int> = []
    public init(config: ClusterConfig, policy: String, failedMachines: Set<Int> = []) {
        self.config = config; self.policy = policy; self.failedMachines = failedMachines
    }
}

/// A container that no machine accepted, with a Kubernetes-style explanation.
public struct Unschedulable: Sendable, Codable, Hashable {
    public var service: Int
    public var replica: Int
    /// e.g. "0/6 machines: 3 insufficient memory, 3 at max containers"
    public var reason: String
    /// Machines rejected per reason (each machine counted once, under the first filter that rejected it).
    public var counts: [String: Int]
    public init(service: Int, replica: Int, reason: String, counts: [String: Int]) {
        self.service = service; self.replica = replica; self.reason = reason; self.counts = counts
    }
}

public struct PlacementResult: Sendable {
    /// Placed containers, sorted by (service, replica).
    public var placement: Placement
    /// Containers that fit nowhere, sorted by (service, replica).
    public var unschedulable: [Unschedulable]
    /// Canonical name of the policy used.
    public var policy: String
    public init(placement: Placement, unschedulable: [Unschedulable], policy: String) {
        self.placement = placement; self.unschedulable = unschedulable; self.policy = policy
    }
}

public enum PlacementError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownPolicy(String, known: [String])

    public var description: String {
        switch self {
        case .unknownPolicy(let name, let known):
            var s = "unknown placement policy '\(name)'"
            let key = PlacementPolicy.normalize(name)
            if let (best, d) = known.map({ ($0, editDistance(key, $0)) }).min(by: { $0.1 < $1.1 }),
               d <= max(2, best.count / 3) {
                s += "; did you mean '\(best)'?"
            }
            return s + " (known: \(known.joined(separator: ", ")))"
        }
    }
}

/// Levenshtein distance.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var prev = Array(0...b.count)
    for i in 1...max(1, a.count) where !a.isEmpty {
        var cur = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(1, b.count) where !b.isEmpty {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return a.isEmpty ? b.count : prev[b.count]
}

/// Initial placement of every container of a `ClusterConfig`: hard filters (`Filters.standard`:
/// healthy → role → max containers → fits requests) then one scorer (`NodeResourcesFitScorer`) or
/// first-fit, in the style of the Kubernetes scheduling framework (Filter + Score plugins) and the
/// OpenDC `FilterScheduler` (host filters + weighers). Pure: the config is never mutated.
public enum Placer {
    /// Every accepted policy name: canonical presets first, then aliases.
    public static var presets: [String] {
        PlacementPolicy.presets.map(\.name) + PlacementPolicy.aliases.keys.sorted()
    }

    /// Places all containers with a per-role `CapacityIndex` (segment tree, branch and bound).
    /// Decisions are identical to `placeNaive`.
    /// - Complexity: O(n log n) ordering + per container O(R log m) typical (see `CapacityIndex`),
    ///   n containers, m machines; an unschedulable container costs O(m·R) for its explanation
    ///   (computed once per service per unchanged cluster state).
    public static func place(_ r: PlacementRequest) throws(PlacementError) -> PlacementResult {
        let policy = try resolve(r.policy)
        var s = ClusterSnapshot(config: r.config, failedMachines: r.failedMachines)
        // One index per machine shape (role, capacity), listed per role.
        var shapes: [Shape: [Int]] = [:]
        for m in 0..<s.machineCount where s.healthy[m] {
            shapes[Shape(role: s.roles[m], capacity: s.capacity[m]), default: []].append(m)
        }
        var byRole: [String?: [CapacityIndex]] = [:]
        var leafOf = [Int](repeating: -1, count: s.machineCount)
        var indexOf = [Int](repeating: -1, count: s.machineCount)
        var all: [CapacityIndex] = []
        for (shape, ms) in shapes.sorted(by: { $0.value[0] < $1.value[0] }) {
            let idx = CapacityIndex(machines: ms, snapshot: s)
            for (pos, m) in ms.enumerated() { leafOf[m] = pos; indexOf[m] = all.count }
            all.append(idx)
            byRole[shape.role, default: []].append(idx)
        }
        let candidates = r.config.services.map { byRole[$0.role] ?? [] }  // per service

        var epoch = 0
        var lastFailure: (service: Int, epoch: Int, explanation: (reason: String, counts: [String: Int]))?
        return run(policy, config: r.config, snapshot: &s) { c, s in
            if let f = lastFailure, f.service == c.service, f.epoch == epoch { return .failure(f.explanation) }
            var chosen = Int.max
            switch policy.selection {
            case .firstFit:
                for idx in candidates[c.service] where idx.machines[0] < chosen {
                    if let m = idx.firstFit(c.request), m < chosen { chosen = m }
                }
            case .score(let st):
                let most = st == .mostAllocated
                var key = most ? -Double.infinity : Double.infinity
                for idx in candidates[c.service] {
                    idx.best(c.request, most: most, bestKey: &key, bestMachine: &chosen)
                }
            }
            if chosen != Int.max {
                s.assign(c.request, to: chosen)
                all[indexOf[chosen]].update(leaf: leafOf[chosen], snapshot: s)
                epoch += 1
                return .success(chosen)
            }
            let e = Filters.explain(c, in: s)
            lastFailure = (c.service, epoch, e)
            return .failure(e)
        }
    }

    /// The reference implementation: for each container, runs every filter on every machine and
    /// scores the survivors. Kept as the test oracle for `place`.
    /// - Complexity: O(n·m·R) for n containers and m machines.
    public static func placeNaive(_ r: PlacementRequest) throws(PlacementError) -> PlacementResult {
        let policy = try resolve(r.policy)
        var s = ClusterSnapshot(config: r.config, failedMachines: r.failedMachines)
        let scorer: NodeResourcesFitScorer? = if case .score(let st) = policy.selection { .init(st) } else { nil }
        return run(policy, config: r.config, snapshot: &s) { c, s in
            var best: Int?
            var bestKey = 0.0
            machines: for m in 0..<s.machineCount {
                for f in Filters.standard { if case .reject = f.check(c, machine: m, in: s) { continue machines } }
                guard let scorer else { best = m; break }
                // Compare the allocated fraction itself (see NodeResourcesFitScorer).
                let key = s.allocatedFraction(m, c.request)
                if best == nil || (scorer.strategy == .mostAllocated ? key > bestKey : key < bestKey) {
                    best = m; bestKey = key
                }
            }
            if let best { s.assign(c.request, to: best); return .success(best) }
            return .failure(Filters.explain(c, in: s))
        }
    }

    struct Shape: Hashable { var role: String?; var capacity: Resources }

    static func resolve(_ name: String) throws(PlacementError) -> PlacementPolicy {
        guard let p = PlacementPolicy.named(name) else { throw .unknownPolicy(name, known: presets) }
        return p
    }

    enum Decision { case success(Int), failure((reason: String, counts: [String: Int])) }

    /// Containers in the policy's order.
    /// - Complexity: O(n log n).
    static func containers(_ config: ClusterConfig, order: PlacementPolicy.Order) -> [ContainerRequest] {
        var list: [ContainerRequest] = []
        for (i, svc) in config.services.enumerated() where svc.replicas > 0 {
            let q = Resources(cpu: svc.cpuRequest, memory: svc.memoryRequest)
            for k in 0..<svc.replicas { list.append(.init(service: i, replica: k, request: q, role: svc.role)) }
        }
        guard order == .decreasing else { return list }
        var largest = Resources.zero
        for m in config.machines {
            largest.cpu = max(largest.cpu, m.cpu); largest.memory = max(largest.memory, m.memory)
        }
        func size(_ q: Resources) -> Double {
            var v = 0.0
            for r in 0..<Resources.count where largest[r] > 0 { v = max(v, q[r] / largest[r]) }
            return v
        }
        return list.enumerated().map { (size($1.request), $0, $1) }
            .sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
            .map(\.2)
    }

    static func run(_ policy: PlacementPolicy, config: ClusterConfig, snapshot s: inout ClusterSnapshot,
                    choose: (ContainerRequest, inout ClusterSnapshot) -> Decision) -> PlacementResult {
        var placed: [Placement.Container] = []
        var failed: [Unschedulable] = []
        for c in containers(config, order: policy.order) {
            switch choose(c, &s) {
            case .success(let m): placed.append(.init(service: c.service, replica: c.replica, machine: m))
            case .failure(let e):
                failed.append(.init(service: c.service, replica: c.replica, reason: e.reason, counts: e.counts))
            }
        }
        placed.sort { ($0.service, $0.replica) < ($1.service, $1.replica) }
        failed.sort { ($0.service, $0.replica) < ($1.service, $1.replica) }
        return PlacementResult(placement: Placement(containers: placed), unschedulable: failed, policy: policy.name)
    }
}
