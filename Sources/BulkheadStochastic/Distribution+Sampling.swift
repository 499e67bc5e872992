import Foundation

extension Distribution {
    /// One draw.
    /// - Complexity: O(1), except `empiricalCDF`: O(log points).
    @inlinable
    public func sample(_ r: RandomStream) -> Double {
        switch self {
        case .constant(let v): return v
        case .exponential(let m): return r.exponential(mean: m)
        default: return sampleSlow(r)
        }
    }

    /// One draw, resampling negative values (so `normal` is truncated at 0, as durations need).
    public func sampleNonNegative(_ r: RandomStream) -> Double {
        var x = sample(r)
        var tries = 0
        while x < 0 {
            tries += 1
            x = tries < 1000 ? sample(r) : 0
        }
        return x
    }

    @usableFromInline func sampleSlow(_ r: RandomStream) -> Double {
        let g = r.generator
        switch self {
        case .constant(let v): return v
        case .exponential(let m): return GSL.exponential(g, mean: m)
        case .uniform(let a, let b): return GSL.flat(g, a: a, b: b)
        case .normal(let m, let s): return m + GSL.gaussian(g, sd: s)
        case .lognormal(let mu, let s): return GSL.lognormal(g, mu: mu, sigma: s)
        case .gamma(let k, let t): return GSL.gamma(g, shape: k, scale: t)
        case .weibull(let k, let l): return GSL.weibull(g, shape: k, scale: l)
        case .pareto(let a, let x): return GSL.pareto(g, shape: a, scale: x)
        case .boundedPareto(let a, let lo, let hi):
            let u = GSL.uniform(g)
            let c = 1 - pow(lo / hi, a)
            return lo / pow(1 - u * c, 1 / a)
        case .empirical(let s): return s[GSL.uniformInt(g, below: s.count)]
        case .empiricalCDF(let v, let p):
            let u = GSL.uniform(g)
            if u < p[0] { return v[0] }
            var lo = 0
            var hi = p.count - 1  // find first i with p[i] > u
            while lo < hi {
                let mid = (lo + hi) / 2
                if p[mid] > u { hi = mid } else { lo = mid + 1 }
            }
            let i = lo
            if i == 0 { return v[0] }
            let dp = p[i] - p[i - 1]
            return dp > 0 ? v[i - 1] + (v[i] - v[i - 1]) * (u - p[i - 1]) / dp : v[i]
        }
    }

    /// The analytic mean (`.infinity` where it does not exist).
    public var mean: Double {
        switch self {
        case .constant(let v): return v
        case .uniform(let a, let b): return (a + b) / 2
        case .exponential(let m): return m
        case .normal(let m, _): return m
        case .lognormal(let mu, let s): return exp(mu + s * s / 2)
        case .gamma(let k, let t): return k * t
        case .weibull(let k, let l): return l * Self.gammaFunction(1 + 1 / k)
        case .pareto(let a, let x): return a > 1 ? a * x / (a - 1) : .infinity
        case .boundedPareto(let a, let lo, let hi): return Self.boundedParetoMoment(1, a, lo, hi)
        case .empirical(let s): return s.reduce(0, +) / Double(s.count)
        case .empiricalCDF(let v, let p): return Self.cdfPointsMoments(v, p).0
        }
    }

    /// The analytic variance (`.infinity` where it does not exist).
    public var variance: Double {
        switch self {
        case .constant: return 0
        case .uniform(let a, let b): return (b - a) * (b - a) / 12
        case .exponential(let m): return m * m
        case .normal(_, let s): return s * s
        case .lognormal(let mu, let s): return (exp(s * s) - 1) * exp(2 * mu + s * s)
        case .gamma(let k, let t): return k * t * t
        case .weibull(let k, let l):
            let g1 = Self.gammaFunction(1 + 1 / k)
            return l * l * (Self.gammaFunction(1 + 2 / k) - g1 * g1)
        case .pareto(let a, let x): return a > 2 ? x * x * a / ((a - 1) * (a - 1) * (a - 2)) : .infinity
        case .boundedPareto(let a, let lo, let hi):
            let m = Self.boundedParetoMoment(1, a, lo, hi)
            return Self.boundedParetoMoment(2, a, lo, hi) - m * m
        case .empirical(let s):
            let m = mean
            return s.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(s.count)
        case .empiricalCDF(let v, let p):
            let (m, m2) = Self.cdfPointsMoments(v, p)
            return m2 - m * m
        }
    }

    /// The cumulative distribution function P(X ≤ x), from GSL's `gsl_cdf_*` where GSL has it.
    public func cdf(_ x: Double) -> Double {
        switch self {
        case .constant(let v): return x >= v ? 1 : 0
        case .uniform(let a, let b): return a == b ? (x >= a ? 1 : 0) : GSL.cdfFlat(x, a: a, b: b)
        case .exponential(let m): return GSL.cdfExponential(x, mean: m)
        case .normal(let m, let s): return GSL.cdfGaussian(x - m, sd: s)
        case .lognormal(let mu, let s): return GSL.cdfLognormal(x, mu: mu, sigma: s)
        case .gamma(let k, let t): return GSL.cdfGamma(x, shape: k, scale: t)
        case .weibull(let k, let l): return GSL.cdfWeibull(x, shape: k, scale: l)
        case .pareto(let a, let xm): return GSL.cdfPareto(x, shape: a, scale: xm)
        case .boundedPareto(let a, let lo, let hi):
            if x < lo { return 0 }
            if x >= hi { return 1 }
            return (1 - pow(lo / x, a)) / (1 - pow(lo / hi, a))
        case .empirical(let s): return Double(s.filter { $0 <= x }.count) / Double(s.count)
        case .empiricalCDF(let v, let p):
            if x < v[0] { return 0 }
            for i in 1..<v.count where x < v[i] {
                return p[i - 1] + (p[i] - p[i - 1]) * (x - v[i - 1]) / (v[i] - v[i - 1])
            }
            return 1
        }
    }

    static func gammaFunction(_ x: Double) -> Double { (try? GSL.gammaFunction(x)) ?? .infinity }

    /// E[X^k] of the bounded Pareto on [L, H] with shape α.
    static func boundedParetoMoment(_ k: Double, _ a: Double, _ lo: Double, _ hi: Double) -> Double {
        let norm = a * pow(lo, a) / (1 - pow(lo / hi, a))
        if abs(a - k) < 1e-12 { return norm * log(hi / lo) }
        return norm * (pow(hi, k - a) - pow(lo, k - a)) / (k - a)
    }

    /// (E[X], E[X²]) of the piecewise-linear CDF (an atom at v₀, uniform pieces between points).
    static func cdfPointsMoments(_ v: [Double], _ p: [Double]) -> (Double, Double) {
        var m = p[0] * v[0]
        var m2 = p[0] * v[0] * v[0]
        for i in 1..<max(1, v.count) {
            let w = p[i] - p[i - 1]
            let a = v[i - 1]
            let b = v[i]
            m += w * (a + b) / 2
            m2 += w * (a * a + a * b + b * b) / 3
        }
        return (m, m2)
    }
}
