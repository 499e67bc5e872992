import BulkheadModel
import BulkheadStochastic

/// What to place, and how.
public struct PlacementRequest: Sendable {
    public var config: ClusterConfig
    /// A preset name or alias (see `Placer.presets`), case-insensitive.
    public var policy: String
    /// Machine indices that must not receive containers (failed or drained).
    public var failedMachines: Set<Int> = []
    /// Seed of the `random` and `shuffle-shard` presets and of composed `random` scorers (drawn with
    /// `SplitMix64`; other presets ignore it). Runs pass ``Placer/streamSeed(seed:replication:)``,
    /// the named stream `placement` of the scenario's seed and the replication.
    public var seed: UInt64 = 0
    public init(config: ClusterConfig, policy: String, failedMachines: Set<Int> = [], seed: UInt64 = 0) {
        self.config = config
        self.policy = policy
        self.failedMachines = failedMachines
        self.seed = seed
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
        self.service = service
        self.replica = replica
        self.reason = reason
        self.counts = counts
    }
}

public struct PlacementResult: Sendable {
    /// Placed containers, sorted by (service, replica).
    public var placement: Placement
    /// Containers that fit nowhere, sorted by (service, replica).
    public var unschedulable: [Unschedulable]
    /// Canonical name of the policy used.
    public var policy: String
    /// The placement stream after the initial placement: re-placements and autoscaling placements
    /// continue it (`Placer.placeOne`), so that each draws anew instead of repeating the first draw.
    public var generator: SplitMix64
    public init(placement: Placement, unschedulable: [Unschedulable], policy: String, generator: SplitMix64) {
        self.placement = placement
        self.unschedulable = unschedulable
        self.policy = policy
        self.generator = generator
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
                d <= max(2, best.count / 3)
            {
                s += "; did you mean '\(best)'?"
            }
            return s + " (known: \(known.joined(separator: ", ")))"
        }
    }
}

/// Levenshtein distance.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
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

/// Initial placement of every container of a `ClusterConfig`: hard filters (`Filters.hard(for:)`:
/// healthy → role → [shard] → max containers → fits requests → anti-affinity → topology spread),
/// preferred (`allow`) topology-spread constraints, then one scorer, in the style of the Kubernetes
/// scheduling framework (Filter + Score plugins) and the OpenDC `FilterScheduler` (host filters +
/// weighers). Pure: the config is never mutated. Machines are considered in rank order
/// ((rack, index), `ClusterSnapshot.rank`); every tie goes to the lowest rank.
public enum Placer {
    /// Every accepted policy name: canonical presets first, then aliases.
    public static var presets: [String] {
        PlacementPolicy.presets.map(\.name) + PlacementPolicy.aliases.keys.sorted()
    }

    /// The seed of a run's placement stream: the named stream `placement` of the scenario's seed
    /// and the replication (`StreamFactory`), so that replications of a random policy place
    /// differently while two policies of one replication share it (common random numbers).
    /// `place`, `run`, `compare`, `sweep`, `plan` and `check` all derive it here.
    public static func streamSeed(seed: UInt64, replication: Int) -> UInt64 {
        StreamFactory(seed: seed, replication: replication).seed(for: "placement")
    }

    /// The random-selection generator of a placement seeded with `seed`.
    static func generator(seed: UInt64) -> SplitMix64 {
        SplitMix64(seed: seed, purpose: 0x52_414E_444F_4D)  // "RANDOM"
    }

    /// Places all containers. First-fit and NodeResourcesFit presets (`spread`, `binpack`,
    /// `rack-spread`, `first-fit`, `*-decreasing`) use a per-shape `CapacityIndex` with constraint
    /// marks (`ConstraintMarks`); the others scan their candidates (every machine, or the shard).
    /// Decisions are identical to `placeNaive`.
    /// - Complexity: indexed presets O(n log n) ordering + per container O(R log m) typical (see
    ///   `CapacityIndex`) + O(R log m) per rack whose constraint status changes; scanned presets
    ///   O(m·R) per container (O(k·R) for `shuffle-shard`). An unschedulable container costs O(m·R)
    ///   for its explanation (computed once per service per unchanged cluster state when indexed).
    public static func place(_ r: PlacementRequest) throws(PlacementError) -> PlacementResult {
        let policy = try resolve(r.policy, r.config)
        return policy.indexable && !hasTenantRules(r.config) && !r.config.usesExtendedResources && !hasPins(r.config)
            ? placeIndexed(policy, r) : scan(policy, r, naive: false)
    }

    /// The reference implementation: for each container, runs every filter on every machine and
    /// scores the survivors. Kept as the test oracle for `place`.
    /// - Complexity: O(n·m·(R + domains)) for n containers and m machines.
    public static func placeNaive(_ r: PlacementRequest) throws(PlacementError) -> PlacementResult {
        scan(try resolve(r.policy, r.config), r, naive: true)
    }

    /// Whether some service is pinned (`pinnedTo`); the indexed path does not model pins, so such
    /// clusters are placed by the scan path.
    static func hasPins(_ config: ClusterConfig) -> Bool { config.services.contains { $0.pinnedTo != nil } }

    /// Whether any tenant rule applies; the indexed path does not model them, so such clusters are
    /// placed by the scan path (same decisions, O(m·R) per container).
    static func hasTenantRules(_ config: ClusterConfig) -> Bool {
        config.tenantRules.values.contains { $0.dedicated || !$0.avoid.isEmpty }
    }

    /// Filter-and-score over a candidate list (all machines in rank order, or the service's shard
    /// when `naive` is false): first the machines that also satisfy the preferred (`allow`)
    /// topology spread, and if there are none, those that pass the hard filters.
    static func scan(_ policy: PlacementPolicy, _ r: PlacementRequest, naive: Bool) -> PlacementResult {
        var s = ClusterSnapshot(config: r.config, failedMachines: r.failedMachines)
        let shards = policy.shard ? ShuffleShard.shards(s, config: r.config, k: r.config.shardSize, seed: r.seed) : nil
        let hard = Filters.hard(for: policy, shards: shards, pinned: hasPins(r.config))
        let soft = TopologySpreadFilter(soft: true, extra: policy.spread)
        let useSoft = policy.filters.contains(.topologySpread)
        var rng = generator(seed: r.seed)
        var cursor = 0
        var feasible: [Int] = []
        var result = run(policy, config: r.config, snapshot: &s) { c, s in
            let candidates = naive ? s.machinesInOrder : (shards?[c.service] ?? s.machinesInOrder)
            let passes = !useSoft || soft.constraints(c.service, in: s).isEmpty ? [false] : [true, false]
            for withSoft in passes {
                feasible.removeAll(keepingCapacity: true)
                machines: for m in candidates {
                    for f in hard { if case .reject = f.check(c, machine: m, in: s) { continue machines } }
                    if withSoft, case .reject = soft.check(c, machine: m, in: s) { continue }
                    feasible.append(m)
                }
                guard !feasible.isEmpty else { continue }
                if case .fragmentationGradient = policy.selection, s.fragmentation != nil {
                    let (m, gpus) = fragmentationChoice(c, feasible, s)
                    s.assign(c, to: m, gpus: gpus)
                    return .success(m)
                }
                let m = select(policy.selection, c, feasible, s, &rng, &cursor)
                s.assign(c, to: m)
                return .success(m)
            }
            var e = Filters.explain(c, in: s, filters: hard)
            if policy.shard { e.reason = "shard full: " + e.reason }
            return .failure(e)
        }
        result.generator = rng
        return result
    }

    /// Picks one of `feasible` (non-empty, in rank order) by the policy's scorer; ties → first.
    static func select(
        _ sel: PlacementPolicy.Selection, _ c: ContainerRequest, _ feasible: [Int],
        _ s: ClusterSnapshot, _ rng: inout SplitMix64, _ cursor: inout Int
    ) -> Int {
        func argmax(_ score: (Int) -> Double) -> Int {
            var best = feasible[0]
            var key = score(best)
            for m in feasible.dropFirst() {
                let k = score(m)
                if k > key {
                    best = m
                    key = k
                }
            }
            return best
        }
        switch sel {
        case .firstFit: return feasible[0]
        case .score(let strategy):
            let fit = NodeResourcesFitScorer(strategy)
            return argmax { fit.key(c, machine: $0, in: s) }
        case .balanced:
            let b = BalancedAllocationScorer()
            return argmax { b.score(c, machine: $0, in: s) }
        case .tetris:
            let t = TetrisScorer()
            return argmax { t.score(c, machine: $0, in: s) }
        case .random: return feasible[rng.below(feasible.count)]
        case .roundRobin:
            let m = feasible.first { s.rank[$0] >= cursor } ?? feasible[0]
            cursor = s.rank[m] + 1
            return m
        case .k8sDefault:
            let sp = TopologySpreadScorer()
            let b = BalancedAllocationScorer()
            let fit = NodeResourcesFitScorer(.leastAllocated)
            let raw = feasible.map { sp.raw(service: c.service, machine: $0, in: s) }
            let hi = raw.max()!
            let lo = raw.min()!
            var best = feasible[0]
            var key = -Double.infinity
            for (i, m) in feasible.enumerated() {
                let spread = hi == 0 ? 1 : (hi + lo - raw[i]) / hi
                let k = fit.score(c, machine: m, in: s) + b.score(c, machine: m, in: s) + 2 * spread
                if k > key {
                    best = m
                    key = k
                }
            }
            return best
        case .composed(let scorers):
            return composedChoice(scorers, c, feasible, s, &rng)
        case .fragmentationGradient:
            return s.fragmentation == nil ? feasible[0] : fragmentationChoice(c, feasible, s).machine
        }
    }

    /// FGD (Weng et al., USENIX ATC 2023): the feasible machine, and GPUs there, with the highest
    /// `FragmentationMemo.score`; ties to the first (lowest rank). Without GPUs in the cluster
    /// every score is equal and FGD is first-fit.
    /// - Complexity: O(|feasible| · GPUs) memo lookups.
    static func fragmentationChoice(_ c: ContainerRequest, _ feasible: [Int], _ s: ClusterSnapshot)
        -> (machine: Int, gpus: [Int])
    {
        let memo = s.fragmentation!
        var best = (machine: feasible[0], gpus: [Int]())
        var key = -Double.infinity
        for m in feasible {
            let (v, gpus) = memo.score(c, machine: m, in: s)
            if v > key {
                key = v
                best = (m, gpus)
            }
        }
        return best
    }

    /// A composed policy: argmax over `feasible` of Σ weight · normalised score, ties to the first
    /// (lowest rank). Scores in [0, 1]: mostAllocated and leastAllocated by
    /// `NodeResourcesFitScorer.key` (1 − allocatedFraction evaluated as −allocatedFraction: a
    /// constant shift of every key, so `[leastAllocated]` decides exactly as `spread`), balancedAllocation, tetris / R, requestedToCapacityRatio / 10, topologySpread
    /// normalised over the feasible machines as in `k8s-default` (key rack, machine, or both),
    /// random = a uniform draw per machine (seeded stream).
    /// - Complexity: O(|feasible| · scorers · R).
    static func composedChoice(
        _ scorers: [ClusterConfig.ComposedPolicy.Scorer], _ c: ContainerRequest,
        _ feasible: [Int], _ s: ClusterSnapshot, _ rng: inout SplitMix64
    ) -> Int {
        var key = [Double](repeating: 0, count: feasible.count)
        for sc in scorers {
            let w = sc.weight
            switch sc.kind {
            case .mostAllocated, .leastAllocated:
                let fit = NodeResourcesFitScorer(sc.kind == .mostAllocated ? .mostAllocated : .leastAllocated)
                for (i, m) in feasible.enumerated() { key[i] += w * fit.key(c, machine: m, in: s) }
            case .balancedAllocation:
                let b = BalancedAllocationScorer()
                for (i, m) in feasible.enumerated() { key[i] += w * b.score(c, machine: m, in: s) }
            case .tetris:
                let t = TetrisScorer()
                for (i, m) in feasible.enumerated() { key[i] += w * t.score(c, machine: m, in: s) / Double(Resources.count) }
            case .requestedToCapacityRatio:
                let q = RequestedToCapacityRatioScorer(shape: sc.shape)
                for (i, m) in feasible.enumerated() { key[i] += w * q.score(c, machine: m, in: s) }
            case .random:
                for i in feasible.indices { key[i] += w * (Double(rng.next() >> 11) * 0x1p-53) }
            case .topologySpread:
                let raw: [Double] = feasible.map { m in
                    switch sc.key {
                    case .rack?: return Double(s.count(service: c.service, rack: s.rack[m]))
                    case .machine?: return Double(s.count(service: c.service, machine: m))
                    case .zone?: return Double(s.count(service: c.service, zone: s.zone[m]))
                    case nil: return TopologySpreadScorer().raw(service: c.service, machine: m, in: s)
                    }
                }
                let hi = raw.max()!
                let lo = raw.min()!
                for i in feasible.indices { key[i] += w * (hi == 0 ? 1 : (hi + lo - raw[i]) / hi) }
            }
        }
        var best = 0
        for i in key.indices.dropFirst() where key[i] > key[best] { best = i }
        return feasible[best]
    }

    struct Shape: Hashable {
        var role: String?
        var capacity: Resources
    }

    /// A preset, or `custom` = the config's composed policy (`ClusterConfig.composedPolicy`).
    static func resolve(_ name: String, _ config: ClusterConfig) throws(PlacementError) -> PlacementPolicy {
        if let p = PlacementPolicy.named(name) { return p }
        if PlacementPolicy.normalize(name) == PlacementPolicy.customName, let c = config.composedPolicy {
            return .composed(c)
        }
        throw .unknownPolicy(name, known: presets + (config.composedPolicy == nil ? [] : [PlacementPolicy.customName]))
    }

    enum Decision {
        case success(Int)
        case failure((reason: String, counts: [String: Int]))
    }

    /// Containers in the policy's order.
    /// - Complexity: O(n log n).
    static func containers(_ config: ClusterConfig, order: PlacementPolicy.Order) -> [ContainerRequest] {
        var list: [ContainerRequest] = []
        for (i, svc) in config.services.enumerated() where svc.replicas > 0 {
            for k in 0..<svc.replicas { list.append(ContainerRequest(service: i, replica: k, of: config)) }
        }
        guard order == .decreasing else { return list }
        var largest = Resources.zero
        for m in config.machines {
            largest.cpu = max(largest.cpu, m.cpu)
            largest.memory = max(largest.memory, m.memory)
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

    static func run(
        _ policy: PlacementPolicy, config: ClusterConfig, snapshot s: inout ClusterSnapshot,
        choose: (ContainerRequest, inout ClusterSnapshot) -> Decision
    ) -> PlacementResult {
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
        return PlacementResult(
            placement: Placement(containers: placed), unschedulable: failed, policy: policy.name,
            generator: generator(seed: 0))
    }
}
