import CGSL

/// The only file that calls `gsl_*`. Everything else in Bulkhead sees safe Swift.
///
/// GSL's default error handler calls `abort()`; it is switched off once, before the first GSL
/// call, and the status codes GSL returns are turned into `GSLError`.
enum GSL {
    /// Switches GSL's aborting error handler off exactly once (Swift runs global initialisers
    /// lazily and thread-safely).
    static let setUp: Void = { _ = gsl_set_error_handler_off() }()

    typealias Generator = UnsafeMutablePointer<gsl_rng>

    static func allocateGenerator(seed: UInt64) throws(GSLError) -> Generator {
        _ = setUp
        guard let r = gsl_rng_alloc(bulkhead_rng_mt19937()) else {
            throw GSLError(status: Int32(GSL_ENOMEM), context: "gsl_rng_alloc(mt19937)")
        }
        gsl_rng_set(r, UInt(truncatingIfNeeded: seed))
        return r
    }

    static func free(_ r: Generator) { gsl_rng_free(r) }
    static func generatorName(_ r: Generator) -> String { String(cString: gsl_rng_name(r)) }

    // Samplers. Parameter orders follow GSL's own documentation; the wrappers name them.
    @inline(__always) static func uniformPositive(_ r: Generator) -> Double { gsl_rng_uniform_pos(r) }
    @inline(__always) static func uniform(_ r: Generator) -> Double { gsl_rng_uniform(r) }
    @inline(__always) static func uniformInt(_ r: Generator, below n: Int) -> Int { Int(gsl_rng_uniform_int(r, UInt(n))) }
    @inline(__always) static func flat(_ r: Generator, a: Double, b: Double) -> Double { gsl_ran_flat(r, a, b) }
    /// `gsl_ran_exponential(r, mu)`: mu is the **mean**.
    @inline(__always) static func exponential(_ r: Generator, mean: Double) -> Double { gsl_ran_exponential(r, mean) }
    /// `gsl_ran_gaussian_ziggurat(r, sigma)`: zero mean.
    @inline(__always) static func gaussian(_ r: Generator, sd: Double) -> Double { gsl_ran_gaussian_ziggurat(r, sd) }
    /// `gsl_ran_lognormal(r, zeta, sigma)`: μ and σ of the underlying normal.
    @inline(__always) static func lognormal(_ r: Generator, mu: Double, sigma: Double) -> Double {
        gsl_ran_lognormal(r, mu, sigma)
    }
    /// `gsl_ran_gamma(r, a, b)`: a = shape, b = scale.
    @inline(__always) static func gamma(_ r: Generator, shape: Double, scale: Double) -> Double { gsl_ran_gamma(r, shape, scale) }
    /// `gsl_ran_weibull(r, a, b)`: **a = scale, b = shape** (the reverse of gamma's order).
    @inline(__always) static func weibull(_ r: Generator, shape: Double, scale: Double) -> Double {
        gsl_ran_weibull(r, scale, shape)
    }
    /// `gsl_ran_pareto(r, a, b)`: a = shape (exponent), b = scale (minimum).
    @inline(__always) static func pareto(_ r: Generator, shape: Double, scale: Double) -> Double {
        gsl_ran_pareto(r, shape, scale)
    }
    @inline(__always) static func poisson(_ r: Generator, mean: Double) -> Int { Int(gsl_ran_poisson(r, mean)) }

    // Cumulative distribution functions (used by the tests' Kolmogorov–Smirnov checks and by
    // users who want analytic references).
    static func cdfFlat(_ x: Double, a: Double, b: Double) -> Double { gsl_cdf_flat_P(x, a, b) }
    static func cdfExponential(_ x: Double, mean: Double) -> Double { gsl_cdf_exponential_P(x, mean) }
    static func cdfGaussian(_ x: Double, sd: Double) -> Double { gsl_cdf_gaussian_P(x, sd) }
    static func cdfLognormal(_ x: Double, mu: Double, sigma: Double) -> Double { gsl_cdf_lognormal_P(x, mu, sigma) }
    static func cdfGamma(_ x: Double, shape: Double, scale: Double) -> Double { gsl_cdf_gamma_P(x, shape, scale) }
    static func cdfWeibull(_ x: Double, shape: Double, scale: Double) -> Double { gsl_cdf_weibull_P(x, scale, shape) }
    static func cdfPareto(_ x: Double, shape: Double, scale: Double) -> Double { gsl_cdf_pareto_P(x, shape, scale) }
    static func tQuantile(_ p: Double, dof: Double) -> Double { gsl_cdf_tdist_Pinv(p, dof) }
    static func gammaFunction(_ x: Double) throws(GSLError) -> Double {
        _ = setUp
        var result = gsl_sf_result()
        let status = gsl_sf_gamma_e(x, &result)
        guard status == Int32(GSL_SUCCESS) else { throw GSLError(status: status, context: "gsl_sf_gamma(\(x))") }
        return result.val
    }
    static func message(_ status: Int32) -> String { String(cString: gsl_strerror(status)) }
}

/// A GSL status code turned into a Swift error.
public struct GSLError: Error, CustomStringConvertible, Sendable {
    public let status: Int32
    public let context: String
    public var description: String { "GSL error \(status) in \(context): \(GSL.message(status))" }
}
