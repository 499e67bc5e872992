/// Student's t distribution, for confidence intervals (GSL's `gsl_cdf_tdist_Pinv`).
public enum StudentT {
    /// The p-quantile of Student's t with `dof` degrees of freedom.
    public static func quantile(_ p: Double, dof: Int) -> Double {
        precondition(dof >= 1 && p > 0 && p < 1, "StudentT.quantile needs dof ≥ 1 and 0 < p < 1")
        _ = GSL.setUp
        return GSL.tQuantile(p, dof: Double(dof))
    }

    /// Half-width of the two-sided confidence interval of the mean of `samples`.
    public static func halfWidth(_ samples: [Double], confidence: Double = 0.95) -> Double {
        let n = samples.count
        guard n >= 2 else { return .infinity }
        let m = samples.reduce(0, +) / Double(n)
        let v = samples.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
        return quantile(0.5 + confidence / 2, dof: n - 1) * (v / Double(n)).squareRoot()
    }
}
