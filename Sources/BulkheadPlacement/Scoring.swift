/// The Kubernetes `NodeResourcesFit` scoring plugin: one scorer, two strategies.
///
/// With equal resource weights, `allocatedFraction = mean_r (allocated_r + request_r) / capacity_r`
/// (see `ClusterSnapshot.allocatedFraction`);
/// - `mostAllocated` (bin-packing, "best fit"): score = allocatedFraction;
/// - `leastAllocated` (spreading, "worst fit"): score = 1 − allocatedFraction.
/// The highest score wins; ties go to the lowest machine index.
/// The placer compares `allocatedFraction` directly (max for most-, min for least-allocated) rather than
/// `1 − x`, so that rounding can never create a tie the exact scores would not have.
///
/// Source: Kubernetes scheduler docs, "Resource Bin Packing" / NodeResourcesFit
/// `scoringStrategy: MostAllocated | LeastAllocated` (kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/).
/// - Complexity: O(R) per (container, machine).
public struct NodeResourcesFitScorer: Sendable, Hashable {
    public enum Strategy: String, Sendable, Hashable, Codable {
        case mostAllocated = "MostAllocated"
        case leastAllocated = "LeastAllocated"
    }
    public var strategy: Strategy
    public init(_ strategy: Strategy) { self.strategy = strategy }

    /// Score in [0, 1] (for a request that fits); higher is better.
    public func score(_ c: ContainerRequest, machine m: Int, in s: ClusterSnapshot) -> Double {
        let f = s.allocatedFraction(m, c.request)
        return strategy == .mostAllocated ? f : 1 - f
    }
}

/// A named placement policy: the order in which containers are placed, and how one machine is
/// chosen among those that pass every filter in `Filters.standard`.
public struct PlacementPolicy: Sendable, Hashable {
    public enum Selection: Sendable, Hashable {
        /// The lowest-index machine that passes the filters.
        case firstFit
        /// The best `NodeResourcesFitScorer` score; ties by lowest machine index.
        case score(NodeResourcesFitScorer.Strategy)
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
    public init(name: String, selection: Selection, order: Order) {
        self.name = name; self.selection = selection; self.order = order
    }

    /// The presets, by canonical name.
    ///
    /// - `spread` = least-allocated in scenario order (alias `worst-fit`).
    /// - `binpack` = most-allocated in scenario order (alias `best-fit`).
    /// - `first-fit`: lowest-index machine that fits (Johnson 1974; Garey & Johnson 1979).
    /// - `first-fit-decreasing`: largest first, then first-fit. For 1-D bin packing
    ///   FFD ≤ 11/9·OPT + 6/9, and this bound is tight (Dósa 2007; Johnson 1973/1974 gave 11/9·OPT + 4).
    /// - `best-fit-decreasing`: largest first, then most-allocated (in 1-D with equal machines this is
    ///   classic best fit: the fullest bin that fits); same 11/9·OPT + 6/9 worst case as FFD.
    public static let presets: [PlacementPolicy] = [
        .init(name: "spread", selection: .score(.leastAllocated), order: .scenario),
        .init(name: "binpack", selection: .score(.mostAllocated), order: .scenario),
        .init(name: "first-fit", selection: .firstFit, order: .scenario),
        .init(name: "first-fit-decreasing", selection: .firstFit, order: .decreasing),
        .init(name: "best-fit-decreasing", selection: .score(.mostAllocated), order: .decreasing),
    ]
    /// Alternative names → canonical preset name.
    public static let aliases: [String: String] = [
        "worst-fit": "spread", "least-allocated": "spread",
        "best-fit": "binpack", "most-allocated": "binpack",
        "ffd": "first-fit-decreasing", "bfd": "best-fit-decreasing",
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
