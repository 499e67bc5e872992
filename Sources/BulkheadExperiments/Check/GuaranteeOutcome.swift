import BulkheadScenario

/// The verdict of one guarantee in one replication, with every value it measured.
public struct GuaranteeOutcome: Sendable, Equatable {
    /// One measured metric of one comparison.
    public struct Measurement: Sendable, Equatable {
        /// Index of the comparison in ``GuaranteeSpec/comparisons``.
        public var comparison: Int
        /// The concrete path (wildcards expanded).
        public var path: String
        public var value: Double
        public var holds: Bool
    }

    /// Index of the guarantee in ``Scenario/guarantees``.
    public var guarantee: Int
    public var spec: GuaranteeSpec
    public var replication: Int
    public var measurements: [Measurement]
    /// Why the guarantee could not be evaluated (no such metric, not a number, no value).
    public var problems: [String]
    /// Concrete paths a wildcard reached that had no value in this run (skipped, e.g. the
    /// latency of a service without successful requests).
    public var skipped: [String]

    /// Holds when every comparison could be evaluated and every measured metric satisfies it.
    public var passed: Bool { problems.isEmpty && measurements.allSatisfy(\.holds) }

    /// The measurements that violate their comparison.
    public var violations: [Measurement] { measurements.filter { !$0.holds } }

    /// The measurement to show for comparison `c`: the first violation, else the one closest to
    /// the bound in the guarantee's bad direction (the max for `<=`, the min for `>=`).
    public func representative(of c: Int) -> Measurement? {
        let ms = measurements.filter { $0.comparison == c }
        if let v = ms.first(where: { !$0.holds }) {
            let bad = ms.filter { !$0.holds }
            switch spec.comparisons[c].op.worseDirection {
            case 1: return bad.max { $0.value < $1.value }
            case -1: return bad.min { $0.value < $1.value }
            default: return v
            }
        }
        switch spec.comparisons[c].op.worseDirection {
        case 1: return ms.max { $0.value < $1.value }
        case -1: return ms.min { $0.value < $1.value }
        default: return ms.first
        }
    }
}
