import Foundation

/// A probability distribution of a non-negative quantity. Time-valued parameters are in seconds.
public enum DistributionSpec: Sendable, Equatable, Codable {
    case constant(Double)
    case uniform(min: Double, max: Double)
    case exponential(mean: Double)
    case normal(mean: Double, sd: Double)
    /// Lognormal given by its mean and coefficient of variation (sd / mean).
    case lognormal(mean: Double, cv: Double)
    /// Lognormal given by its median (e^µ) and σ of the underlying normal.
    case lognormalMedian(median: Double, sigma: Double)
    case gamma(shape: Double, scale: Double)
    case weibull(shape: Double, scale: Double)
    /// Pareto with minimum `scale`.
    case pareto(shape: Double, scale: Double)
    case boundedPareto(shape: Double, lower: Double, upper: Double)
    /// Resample uniformly from these values.
    case empirical(samples: [Double])
    /// Piecewise-linear inverse of a CDF; points increase in value and p, the last p is 1.
    case empiricalCDF(points: [CDFPoint])

    /// The distribution's mean, where it is finite.
    public var mean: Double? {
        switch self {
        case .constant(let v): return v
        case .uniform(let a, let b): return (a + b) / 2
        case .exponential(let m), .normal(let m, _), .lognormal(let m, _): return m
        case .lognormalMedian(let median, let sigma): return median * exp(sigma * sigma / 2)
        case .gamma(let k, let theta): return k * theta
        case .weibull(let k, let lambda): return lambda * tgamma(1 + 1 / k)
        case .pareto(let alpha, let xm): return alpha > 1 ? alpha * xm / (alpha - 1) : nil
        case .boundedPareto(let a, let l, let h):
            if a == 1 { return h * l / (h - l) * log(h / l) }
            let la = pow(l, a)
            return la / (1 - pow(l / h, a)) * a / (a - 1) * (1 / pow(l, a - 1) - 1 / pow(h, a - 1))
        case .empirical(let s): return s.isEmpty ? nil : s.reduce(0, +) / Double(s.count)
        case .empiricalCDF(let pts):
            guard let first = pts.first else { return nil }
            var total = first.value * first.p
            for (a, b) in zip(pts, pts.dropFirst()) { total += (a.value + b.value) / 2 * (b.p - a.p) }
            return total
        }
    }
}

/// One point of an empirical CDF: `P(X ≤ value) = p`.
public struct CDFPoint: Sendable, Equatable, Codable {
    public var value: Double
    public var p: Double

    public init(value: Double, p: Double) {
        self.value = value
        self.p = p
    }
}
