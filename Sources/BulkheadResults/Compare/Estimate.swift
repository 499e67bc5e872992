/// A sample mean with the half-width of its two-sided confidence interval.
///
/// `halfWidth` is `+infinity` with fewer than two samples (no variance estimate) and the mean is
/// NaN with none; JSON writers print non-finite numbers as `null`.
public struct Estimate: Sendable, Equatable {
    public var mean: Double
    public var halfWidth: Double
    /// Number of samples behind the estimate.
    public var count: Int

    public init(mean: Double, halfWidth: Double, count: Int) {
        self.mean = mean
        self.halfWidth = halfWidth
        self.count = count
    }

    public var lower: Double { mean - halfWidth }
    public var upper: Double { mean + halfWidth }

    /// Whether the whole interval lies on the `better` side of zero (strictly): for `.lower`,
    /// `upper < 0`; for `.higher`, `lower > 0`. Applied to a difference `a − b`, this says that
    /// `a` is significantly better than `b`.
    public func favours(_ better: Better) -> Bool {
        guard halfWidth.isFinite, mean.isFinite else { return false }
        switch better {
        case .lower: return upper < 0
        case .higher: return lower > 0
        }
    }

    /// Whether the interval excludes zero in either direction.
    public var excludesZero: Bool { favours(.lower) || favours(.higher) }
}
