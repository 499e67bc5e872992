/// One comparison of a guarantee: `path op value`, e.g. `services.checkout.latency.p99 <= 300ms`.
public struct GuaranteeComparison: Sendable, Equatable, Hashable {
    /// How the bound was written, so measured values can be shown in the same unit.
    public enum Unit: String, Sendable, Equatable, Hashable {
        /// A plain number (`5`, `1.25`, `0`).
        case number
        /// A percentage (`99.9%`); ``GuaranteeComparison/bound`` is the fraction (0.999).
        case percent
        /// A duration (`300ms`, `2s`); ``GuaranteeComparison/bound`` is in seconds.
        case duration
    }

    public var path: MetricPath
    public var op: ComparisonOperator
    /// The bound, normalised like `summary.json` (seconds, fractions).
    public var bound: Double
    /// The bound as written (`300ms`).
    public var boundText: String
    public var unit: Unit

    public init(path: MetricPath, op: ComparisonOperator, bound: Double, boundText: String, unit: Unit) {
        self.path = path
        self.op = op
        self.bound = bound
        self.boundText = boundText
        self.unit = unit
    }
}
