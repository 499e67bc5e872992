import BulkheadModel

/// A named placement policy: the order in which containers are placed, the constraints it adds to
/// every service, and how one machine is chosen among those that pass every filter.
public struct PlacementPolicy: Sendable, Hashable {
    public enum Selection: Sendable, Hashable {
        /// The lowest-rank machine that passes the filters.
        case firstFit
        /// The best `NodeResourcesFitScorer` score; ties by lowest rank.
        case score(NodeResourcesFitScorer.Strategy)
        /// The best `BalancedAllocationScorer` score.
        case balanced
        /// The best `TetrisScorer` alignment.
        case tetris
        /// Uniformly among the machines that pass (seeded `SplitMix64`, one draw per container).
        case random
        /// The next machine that passes, cyclically after the previous choice (in rank order).
        case roundRobin
        /// Kubernetes default profile: LeastAllocated·1 + BalancedAllocation·1 + PodTopologySpread·2.
        case k8sDefault
        /// Fragmentation Gradient Descent (`FragmentationMemo.score`): the node and GPU that grow
        /// the GPU fragmentation against the cluster's own workload least.
        case fragmentationGradient
        /// A user-composed weighted sum of normalised scorers (`ComposedScorer`).
        case composed([ClusterConfig.ComposedPolicy.Scorer])
    }
    public enum Order: Sendable, Hashable {
        /// Service by service in scenario order, replica 0, 1, ….
        case scenario
        /// Largest first: size = max over resources of request / (largest machine's capacity of that resource);
        /// ties in scenario order (stable).
        case decreasing
    }
    public var name: String
    public var selection: Selection
    public var order: Order
    /// Topology-spread constraints the policy adds to every service (`rack-spread`).
    public var spread: [ClusterConfig.TopologySpread]
    /// Each service is confined to its shuffle shard (`ShuffleShard`).
    public var shard: Bool
    /// The hard filters that apply besides machine health (all of them for the presets).
    public var filters: Set<ClusterConfig.ComposedPolicy.Filter>
    public init(
        name: String, selection: Selection, order: Order,
        spread: [ClusterConfig.TopologySpread] = [], shard: Bool = false,
        filters: Set<ClusterConfig.ComposedPolicy.Filter> = Set(ClusterConfig.ComposedPolicy.Filter.allCases)
    ) {
        self.name = name
        self.selection = selection
        self.order = order
        self.spread = spread
        self.shard = shard
        self.filters = filters
    }

    /// Name under which a scenario's composed policy (`ClusterConfig.composedPolicy`) is selected.
    public static let customName = "custom"

    /// The policy `placement: { filters, scorers }` describes: scenario order, scan path.
    public static func composed(_ p: ClusterConfig.ComposedPolicy) -> PlacementPolicy {
        .init(name: customName, selection: .composed(p.scorers), order: .scenario, filters: Set(p.filters))
    }

    /// Whether `Placer.place` can use the segment-tree index (first fit or NodeResourcesFit).
    var indexable: Bool {
        guard !shard, filters.count == ClusterConfig.ComposedPolicy.Filter.allCases.count else { return false }
        switch selection {
        case .firstFit, .score: return true
        default: return false
        }
    }

    /// The presets, by canonical name. n containers, m machines, R resources; "index" means the
    /// per-container cost of `CapacityIndex` (O(R log m) typical), "scan" O(m·R) per container.
    ///
    /// - `spread` = least-allocated in scenario order (alias `worst-fit`); index.
    /// - `binpack` = most-allocated in scenario order (alias `best-fit`); index.
    /// - `first-fit`: lowest-rank machine that fits (Johnson 1974; Garey & Johnson 1979); index.
    /// - `first-fit-decreasing`: largest first, then first-fit. For 1-D bin packing
    ///   FFD ≤ 11/9·OPT + 6/9, and this bound is tight (Dósa 2007; Johnson 1973/1974 gave 11/9·OPT + 4).
    /// - `best-fit-decreasing`: largest first, then most-allocated (in 1-D with equal machines this is
    ///   classic best fit: the fullest bin that fits); same 11/9·OPT + 6/9 worst case as FFD.
    /// - `rack-spread`: every service gets a topology-spread constraint on racks, maxSkew 1,
    ///   `allow` (preferred: racks with the fewest replicas first; if none of them fits, any rack),
    ///   then least-allocated — the "spread across failure domains" rule of Borg (Verma et al.,
    ///   EuroSys 2015) and Kubernetes PodTopologySpread; index plus O(R log m) per rack (un)blocked.
    /// - `balanced`: Kubernetes NodeResourcesBalancedAllocation alone; scan.
    /// - `tetris`: Tetris alignment (Grandl et al., SIGCOMM 2014); scan.
    /// - `random`: uniform among feasible machines, seeded by `PlacementRequest.seed`; scan.
    /// - `round-robin`: next feasible machine after the previous choice, cyclically; scan (O(m) worst case).
    /// - `shuffle-shard`: per-service shard of `ClusterConfig.shardSize` machines (MacCárthaigh 2019),
    ///   least-allocated inside; O(k·R) per container.
    /// - `k8s-default`: the default kube-scheduler profile's scoring: NodeResourcesFit (LeastAllocated)
    ///   weight 1 + NodeResourcesBalancedAllocation weight 1 + PodTopologySpread weight 2
    ///   (kubernetes.io/docs/reference/scheduling/config/#scheduling-plugins; weights from
    ///   pkg/scheduler/apis/config/v1/default_plugins.go); scan.
    public static let presets: [PlacementPolicy] = [
        .init(name: "spread", selection: .score(.leastAllocated), order: .scenario),
        .init(name: "binpack", selection: .score(.mostAllocated), order: .scenario),
        .init(name: "first-fit", selection: .firstFit, order: .scenario),
        .init(name: "first-fit-decreasing", selection: .firstFit, order: .decreasing),
        .init(name: "best-fit-decreasing", selection: .score(.mostAllocated), order: .decreasing),
        .init(
            name: "rack-spread", selection: .score(.leastAllocated), order: .scenario,
            spread: [.init(key: .rack, maxSkew: 1, whenUnsatisfiable: .allow)]),
        .init(name: "balanced", selection: .balanced, order: .scenario),
        .init(name: "tetris", selection: .tetris, order: .scenario),
        .init(name: "random", selection: .random, order: .scenario),
        .init(name: "round-robin", selection: .roundRobin, order: .scenario),
        .init(name: "shuffle-shard", selection: .score(.leastAllocated), order: .scenario, shard: true),
        .init(name: "k8s-default", selection: .k8sDefault, order: .scenario),
        .init(name: "fgd", selection: .fragmentationGradient, order: .scenario),
    ]
    /// Alternative names → canonical preset name.
    public static let aliases: [String: String] = [
        "worst-fit": "spread", "least-allocated": "spread",
        "best-fit": "binpack", "most-allocated": "binpack",
        "ffd": "first-fit-decreasing", "bfd": "best-fit-decreasing",
        "balanced-allocation": "balanced", "kubernetes": "k8s-default",
        "fragmentation-gradient-descent": "fgd",
    ]

    /// Looks a policy up by (case-insensitive) name or alias.
    public static func named(_ raw: String) -> PlacementPolicy? {
        let key = normalize(raw)
        let canonical = aliases[key] ?? key
        return presets.first { $0.name == canonical }
    }

    /// Lower-cased, whitespace removed, `_` → `-`.
    static func normalize(_ raw: String) -> String {
        String(raw.lowercased().filter { !$0.isWhitespace }.map { $0 == "_" ? "-" : $0 })
    }
}
