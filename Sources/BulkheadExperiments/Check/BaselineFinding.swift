import BulkheadScenario

/// One metric named by a guarantee, compared with a stored baseline.
public struct BaselineFinding: Sendable, Equatable {
    /// The concrete metric path.
    public var path: String
    /// The operator of the guarantee that named it: it says which direction is worse.
    public var op: ComparisonOperator
    /// The guarantee's unit, for display.
    public var unit: GuaranteeComparison.Unit
    /// The baseline's value; nil when the baseline has no number there (a new metric: not a regression).
    public var baseline: Double?
    public var current: Double
    /// Whether the metric moved in the bad direction by more than the tolerance.
    public var regressed: Bool

    /// (current − baseline) / |baseline|; nil without a baseline or when it is 0.
    public var relativeChange: Double? {
        guard let b = baseline, b != 0 else { return nil }
        return (current - b) / abs(b)
    }
}
