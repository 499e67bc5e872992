import Foundation

/// A probability distribution of a non-negative quantity (a duration in seconds, a CPU cost, a
/// size), as plain data. Construct with the static factories, which validate their parameters.
///
/// Parameterisations (and the GSL function behind each):
/// - `constant(v)`: always v.
/// - `uniform(min, max)`: `gsl_ran_flat(a: min, b: max)`.
/// - `exponential(mean)`: `gsl_ran_exponential(mu: mean)`.
/// - `normal(mean, sd)`: mean + `gsl_ran_gaussian_ziggurat(sigma: sd)`. `sampleNonNegative`
///   resamples negatives (a normal truncated at 0), which durations use.
/// - `lognormal(mu, sigma)` of the *underlying normal*: `gsl_ran_lognormal(zeta: mu, sigma)`. The
///   factories `lognormal(mean:cv:)` (σ² = ln(1+cv²), μ = ln(mean) − σ²/2) and
///   `lognormal(median:sigma:)` (μ = ln(median)) convert from user terms.
/// - `gamma(shape k, scale θ)`: `gsl_ran_gamma(a: k, b: θ)`; mean kθ.
/// - `weibull(shape k, scale λ)`: `gsl_ran_weibull(a: λ, b: k)` — GSL takes scale first.
/// - `pareto(shape α, scale xₘ)`: `gsl_ran_pareto(a: α, b: xₘ)`, support x ≥ xₘ.
/// - `boundedPareto(shape α, lower L, upper H)`: inverse-transform sampling of
///   F(x) = (1 − (L/x)^α) / (1 − (L/H)^α) on [L, H] (Harchol-Balter's job-size model).
/// - `empirical(samples)`: a uniformly chosen sample.
/// - `empiricalCDF(points)`: piecewise-linear inverse of the CDF through (value, p) points; the
///   first point carries an atom of mass p₀.
public enum Distribution: Sendable, Hashable, CustomStringConvertible {
    case constant(Double)
    case uniform(min: Double, max: Double)
    case exponential(mean: Double)
    case normal(mean: Double, sd: Double)
    case lognormal(mu: Double, sigma: Double)
    case gamma(shape: Double, scale: Double)
    case weibull(shape: Double, scale: Double)
    case pareto(shape: Double, scale: Double)
    case boundedPareto(shape: Double, lower: Double, upper: Double)
    case empirical([Double])
    case empiricalCDF(values: [Double], probabilities: [Double])

    // MARK: validated factories

    public static func makeConstant(_ v: Double) throws(DistributionError) -> Distribution {
        try check("constant", "value", v, v >= 0 && v.isFinite, "≥ 0")
        return .constant(v)
    }
    public static func makeUniform(min: Double, max: Double) throws(DistributionError) -> Distribution {
        try check("uniform", "min", min, min >= 0 && min.isFinite, "≥ 0")
        try check("uniform", "max", max, max >= min && max.isFinite, "≥ min (\(min))")
        return .uniform(min: min, max: max)
    }
    public static func makeExponential(mean: Double) throws(DistributionError) -> Distribution {
        try check("exponential", "mean", mean, mean > 0 && mean.isFinite, "> 0")
        return .exponential(mean: mean)
    }
    public static func makeNormal(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        try check("normal", "mean", mean, mean.isFinite, "finite")
        try check("normal", "sd", sd, sd >= 0 && sd.isFinite, "≥ 0")
        return .normal(mean: mean, sd: sd)
    }
    /// Lognormal from its mean and coefficient of variation (sd/mean).
    public static func makeLognormal(mean: Double, cv: Double) throws(DistributionError) -> Distribution {
        try check("lognormal", "mean", mean, mean > 0 && mean.isFinite, "> 0")
        try check("lognormal", "cv", cv, cv >= 0 && cv.isFinite, "≥ 0")
        if cv == 0 { return .constant(mean) }
        let s2 = log1p(cv * cv)
        return .lognormal(mu: log(mean) - s2 / 2, sigma: s2.squareRoot())
    }
    /// Lognormal from its median and the σ of the underlying normal.
    public static func makeLognormal(median: Double, sigma: Double) throws(DistributionError) -> Distribution {
        try check("lognormal", "median", median, median > 0 && median.isFinite, "> 0")
        try check("lognormal", "sigma", sigma, sigma >= 0 && sigma.isFinite, "≥ 0")
        if sigma == 0 { return .constant(median) }
        return .lognormal(mu: log(median), sigma: sigma)
    }
    public static func makeGamma(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
        try check("gamma", "shape", shape, shape > 0 && shape.isFinite, "> 0")
        try check("gamma", "scale", scale, scale > 0 && scale.isFinite, "> 0")
        return .gamma(shape: shape, scale: scale)
    }
    public static func makeWeibull(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
        try check("weibull", "shape", shape, shape > 0 && shape.isFinite, "> 0")
        try check("weibull", "scale", scale, scale > 0 && scale.isFinite, "> 0")
        return .weibull(shape: shape, scale: scale)
    }
    public static func makePareto(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
        try check("pareto", "shape", shape, shape > 0 && shape.isFinite, "> 0")
        try check("pareto", "scale", scale, scale > 0 && scale.isFinite, "> 0")
        return .pareto(shape: shape, scale: scale)
    }
    public static func makeBoundedPareto(shape: Double, lower: Double, upper: Double) throws(DistributionError) -> Distribution {
        try check("boundedPareto", "shape", shape, shape > 0 && shape.isFinite, "> 0")
        try check("boundedPareto", "lower", lower, lower > 0 && lower.isFinite, "> 0")
        try check("boundedPareto", "upper", upper, upper > lower && upper.isFinite, "> lower (\(lower))")
        return .boundedPareto(shape: shape, lower: lower, upper: upper)
    }
    public static func makeEmpirical(samples: [Double]) throws(DistributionError) -> Distribution {
        guard !samples.isEmpty else {
            throw DistributionError(distribution: "empirical", parameter: "samples", value: "[]", allowed: "at least one sample")
        }
        for (i, s) in samples.enumerated() { try check("empirical", "samples[\(i)]", s, s >= 0 && s.isFinite, "≥ 0") }
        return .empirical(samples)
    }
    public static func makeEmpiricalCDF(values: [Double], probabilities: [Double]) throws(DistributionError) -> Distribution {
        guard !values.isEmpty, values.count == probabilities.count else {
            throw DistributionError(
                distribution: "empiricalCDF", parameter: "cdf", value: "\(values.count) points",
                allowed: "at least one (value, p) point")
        }
        for i in values.indices {
            try check(
                "empiricalCDF", "cdf[\(i)].value", values[i],
                values[i] >= 0 && values[i].isFinite && (i == 0 || values[i] > values[i - 1]), "≥ 0 and increasing")
            try check(
                "empiricalCDF", "cdf[\(i)].p", probabilities[i],
                probabilities[i] >= 0 && probabilities[i] <= 1 && (i == 0 || probabilities[i] >= probabilities[i - 1]),
                "in [0, 1] and non-decreasing")
        }
        try check("empiricalCDF", "cdf[last].p", probabilities.last!, probabilities.last! == 1, "exactly 1")
        return .empiricalCDF(values: values, probabilities: probabilities)
    }

    static func check(_ d: String, _ p: String, _ v: Double, _ ok: Bool, _ allowed: String) throws(DistributionError) {
        if !ok { throw DistributionError(distribution: d, parameter: p, value: "\(v)", allowed: allowed) }
    }

    public var description: String {
        switch self {
        case .constant(let v): "constant(\(v))"
        case .uniform(let a, let b): "uniform(\(a), \(b))"
        case .exponential(let m): "exponential(mean: \(m))"
        case .normal(let m, let s): "normal(mean: \(m), sd: \(s))"
        case .lognormal(let mu, let s): "lognormal(mu: \(mu), sigma: \(s))"
        case .gamma(let k, let t): "gamma(shape: \(k), scale: \(t))"
        case .weibull(let k, let l): "weibull(shape: \(k), scale: \(l))"
        case .pareto(let a, let x): "pareto(shape: \(a), scale: \(x))"
        case .boundedPareto(let a, let l, let h): "boundedPareto(shape: \(a), lower: \(l), upper: \(h))"
        case .empirical(let s): "empirical(\(s.count) samples)"
        case .empiricalCDF(let v, _): "empiricalCDF(\(v.count) points)"
        }
    }
}

/// An invalid distribution parameter: names the distribution, the parameter and the allowed range.
public struct DistributionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let distribution: String
    public let parameter: String
    public let value: String
    public let allowed: String
    public var description: String { "\(distribution): \(parameter) = \(value) is invalid (allowed: \(allowed))" }
}
