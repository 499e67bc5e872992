import BulkheadResults
import BulkheadStochastic

extension Estimate {
    /// The mean of `samples` and the half-width of its two-sided `confidence` interval,
    /// `t(1 − α/2, n − 1) · s / √n` with `s` the sample standard deviation (Student t quantile
    /// from GSL via ``StudentT``). Half-width is +∞ for n < 2; the mean is NaN for n = 0.
    /// - Complexity: O(n).
    public init(samples: [Double], confidence: Double = 0.95) {
        let n = samples.count
        self.init(
            mean: n > 0 ? samples.reduce(0, +) / Double(n) : .nan,
            halfWidth: StudentT.halfWidth(samples, confidence: confidence), count: n)
    }

    /// The paired difference `a − b`: the estimate of the per-index differences `a[i] − b[i]`,
    /// over the indices where both are defined (non-nil). With common random numbers index i is
    /// replication i, whose traffic and work are identical under both policies, so the noise they
    /// share cancels in the difference and its variance is Var(a) + Var(b) − 2·Cov(a, b) — much
    /// smaller than the Var(a) + Var(b) of comparing two independent means when the runs are
    /// positively correlated.
    /// - Complexity: O(n).
    public init(pairedDifference a: [Double?], minus b: [Double?], confidence: Double = 0.95) {
        precondition(a.count == b.count, "paired difference needs samples of equal length")
        let d = zip(a, b).compactMap { x, y in x.flatMap { x in y.map { x - $0 } } }
        self.init(samples: d, confidence: confidence)
    }
}
