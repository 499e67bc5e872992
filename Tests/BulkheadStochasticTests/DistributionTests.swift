import Foundation
import Testing

@testable import BulkheadStochastic

/// Kolmogorov–Smirnov statistic of `samples` against `cdf`.
func ksStatistic(_ samples: [Double], _ cdf: (Double) -> Double) -> Double {
    let s = samples.sorted()
    let n = Double(s.count)
    var d = 0.0
    for (i, x) in s.enumerated() {
        let f = cdf(x)
        d = max(d, abs(Double(i + 1) / n - f), abs(f - Double(i) / n))
    }
    return d
}

@Suite("Distributions")
struct DistributionTests {
    static let n = 20_000
    /// Critical value of the one-sample KS test at α = 0.001 (asymptotic: 1.9495/√n). With fixed
    /// seeds the test is deterministic; α = 0.001 keeps a correct sampler far from the edge.
    static let ksCritical = 1.9495 / Double(n).squareRoot()

    static let continuous: [(String, Distribution)] = [
        ("uniform", try! .makeUniform(min: 0.002, max: 0.010)),
        ("exponential", try! .makeExponential(mean: 0.008)),
        ("normal", try! .makeNormal(mean: 5, sd: 1.5)),
        ("lognormal-mean-cv", try! .makeLognormal(mean: 0.008, cv: 1.5)),
        ("lognormal-median-sigma", try! .makeLognormal(median: 0.005, sigma: 0.8)),
        ("gamma", try! .makeGamma(shape: 2.5, scale: 0.004)),
        ("weibull", try! .makeWeibull(shape: 1.7, scale: 30)),
        ("pareto", try! .makePareto(shape: 2.5, scale: 0.001)),
        ("bounded-pareto", try! .makeBoundedPareto(shape: 1.1, lower: 0.001, upper: 1)),
        ("empirical-cdf", try! .makeEmpiricalCDF(values: [0.001, 0.004, 0.02], probabilities: [0, 0.7, 1])),
    ]

    @Test(arguments: continuous)
    func kolmogorovSmirnovAgainstGSLCDF(_ c: (String, Distribution)) {
        let r = StreamFactory(seed: 2026).stream("test/ks/\(c.0)")
        let xs = (0..<Self.n).map { _ in c.1.sample(r) }
        let d = ksStatistic(xs, c.1.cdf)
        #expect(d < Self.ksCritical, "\(c.0): D = \(d) ≥ \(Self.ksCritical)")
    }

    /// Sample mean within 4 standard errors of the analytic mean; sample variance within 15% for
    /// distributions with a finite fourth moment (heavy tails are excluded from the variance check).
    @Test(arguments: continuous)
    func momentsMatchAnalyticValues(_ c: (String, Distribution)) {
        let r = StreamFactory(seed: 7).stream("test/moments/\(c.0)")
        let n = 200_000
        let xs = (0..<n).map { _ in c.1.sample(r) }
        let m = xs.reduce(0, +) / Double(n)
        let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
        let se = (c.1.variance / Double(n)).squareRoot()
        #expect(abs(m - c.1.mean) < 4 * se, "\(c.0): mean \(m) vs \(c.1.mean) (se \(se))")
        if !["pareto", "bounded-pareto", "lognormal-mean-cv"].contains(c.0) {
            #expect(abs(v / c.1.variance - 1) < 0.15, "\(c.0): variance \(v) vs \(c.1.variance)")
        }
    }

    @Test func discreteEmpiricalMatchesSampleFrequencies() {
        let d = try! Distribution.makeEmpirical(samples: [1, 2, 2, 3])
        let r = StreamFactory(seed: 1).stream("test/empirical")
        var counts = [Double: Int]()
        for _ in 0..<40_000 { counts[d.sample(r), default: 0] += 1 }
        #expect(abs(Double(counts[2]!) / 40_000 - 0.5) < 0.01)
        #expect(d.mean == 2)
    }

    @Test func constantIsConstant() {
        let r = StreamFactory(seed: 1).stream("x")
        #expect((0..<10).allSatisfy { _ in Distribution.constant(0.25).sample(r) == 0.25 })
    }

    @Test func truncatedNormalNeverNegative() {
        let d = try! Distribution.makeNormal(mean: 0.001, sd: 0.002)
        let r = StreamFactory(seed: 3).stream("trunc")
        #expect((0..<10_000).allSatisfy { _ in d.sampleNonNegative(r) >= 0 })
    }

    @Test func lognormalFromMeanAndCVHasThatMeanAndCV() throws {
        let d = try Distribution.makeLognormal(mean: 0.008, cv: 1.5)
        #expect(abs(d.mean - 0.008) < 1e-12)
        #expect(abs(d.variance.squareRoot() / d.mean - 1.5) < 1e-9)
    }

    @Test func weibullUsesShapeAndScaleCorrectly() throws {
        // Weibull with shape 1 is exponential with mean = scale: GSL's argument order trap.
        let d = try Distribution.makeWeibull(shape: 1, scale: 3)
        #expect(abs(d.mean - 3) < 1e-9)
        #expect(abs(d.cdf(3) - (1 - exp(-1))) < 1e-12)
    }

    static let invalid: [(String, @Sendable () throws(DistributionError) -> Distribution, String)] = [
        ("exp mean 0", { @Sendable () throws(DistributionError) in try .makeExponential(mean: 0) }, "mean"),
        ("uniform min>max", { @Sendable () throws(DistributionError) in try .makeUniform(min: 3, max: 1) }, "max"),
        ("lognormal cv<0", { @Sendable () throws(DistributionError) in try .makeLognormal(mean: 1, cv: -1) }, "cv"),
        ("gamma shape 0", { @Sendable () throws(DistributionError) in try .makeGamma(shape: 0, scale: 1) }, "shape"),
        ("weibull scale nan", { @Sendable () throws(DistributionError) in try .makeWeibull(shape: 1, scale: .nan) }, "scale"),
        ("pareto shape<0", { @Sendable () throws(DistributionError) in try .makePareto(shape: -2, scale: 1) }, "shape"),
        (
            "bp upper<lower", { @Sendable () throws(DistributionError) in try .makeBoundedPareto(shape: 1, lower: 2, upper: 1) },
            "upper"
        ),
        ("empirical empty", { @Sendable () throws(DistributionError) in try .makeEmpirical(samples: []) }, "samples"),
        (
            "cdf not ending at 1",
            { @Sendable () throws(DistributionError) in try .makeEmpiricalCDF(values: [1, 2], probabilities: [0.2, 0.9]) },
            "cdf[last].p"
        ),
        ("normal sd<0", { @Sendable () throws(DistributionError) in try .makeNormal(mean: 1, sd: -1) }, "sd"),
    ]

    @Test(arguments: invalid.indices)
    func invalidParametersGiveClearErrors(_ i: Int) {
        let (name, make, parameter) = Self.invalid[i]
        do {
            _ = try make()
            Issue.record("\(name): no error")
        } catch {
            #expect(error.parameter == parameter, "\(name)")
            #expect(error.description.contains("allowed"), "\(name)")
        }
    }
}

@Suite("Empirical CDF atoms")
struct EmpiricalAtomTests {
    /// A first CDF point with p > 0 is an atom: that share of draws equals the first value exactly.
    @Test func firstPointIsAnAtom() throws {
        let d = try Distribution.makeEmpiricalCDF(values: [0.001, 0.004, 0.02], probabilities: [0.1, 0.7, 1])
        let r = StreamFactory(seed: 4).stream("atom")
        let n = 50_000
        let atoms = (0..<n).filter { _ in d.sample(r) == 0.001 }.count
        #expect(abs(Double(atoms) / Double(n) - 0.1) < 4 * (0.1 * 0.9 / Double(n)).squareRoot())
    }
}
