/// A Poisson arrival process: homogeneous, or non-homogeneous by thinning.
///
/// Non-homogeneous arrivals use Lewis & Shedler's thinning ("Simulation of nonhomogeneous Poisson
/// processes by thinning", Naval Res. Logistics Q. 26, 1979) with a **piecewise-constant
/// majorant**: the day is cut into one-minute buckets, each with the exact maximum of the rate
/// in it, so the acceptance ratio stays high even when a flash sale is 5× the night. Crossing a
/// bucket boundary restarts the exponential clock at the boundary (valid by memorylessness).
public struct ArrivalProcess: Sendable {
    public let baseRate: Double
    public let profile: DailyProfile
    let bucket: Double
    let maxima: [Double]

    /// - Parameters:
    ///   - rate: requests per second before the profile's multiplier.
    ///   - profile: time-of-day shape; `.flat` gives a homogeneous Poisson process.
    public init(rate: Double, profile: DailyProfile = .flat) {
        precondition(rate >= 0 && rate.isFinite, "ArrivalProcess: rate must be finite and ≥ 0, got \(rate)")
        self.baseRate = rate
        self.profile = profile
        self.bucket = 60
        self.maxima = profile == .flat ? [] : profile.bucketMaxima(bucket: 60)
    }

    /// The instantaneous rate (per second) at `t` seconds.
    public func rate(at t: Double) -> Double { baseRate * profile.multiplier(at: t) }

    /// The expected number of arrivals in [a, b] (numerical integral, 1-second trapezoids).
    public func expectedArrivals(from a: Double, to b: Double) -> Double {
        var sum = 0.0
        var t = a
        while t < b {
            let e = min(b, t + 1)
            sum += (rate(at: t) + rate(at: e)) / 2 * (e - t)
            t = e
        }
        return sum
    }

    /// The next arrival strictly after `t` (seconds), or `.infinity` if the rate is zero forever.
    public func next(after t: Double, _ r: RandomStream) -> Double {
        if maxima.isEmpty {
            return baseRate > 0 ? t + r.exponential(mean: 1 / baseRate) : .infinity
        }
        var now = t
        var idle = 0.0
        while true {
            let dayIndex = (now / DailyProfile.day).rounded(.down)
            let tod = now - dayIndex * DailyProfile.day
            let k = min(maxima.count - 1, Int(tod / bucket))
            var weekly = 1.0
            if let w = profile.weekly, !w.isEmpty { weekly = w[Int(dayIndex) % w.count] }
            let bound = baseRate * maxima[k] * weekly
            let bucketEnd = dayIndex * DailyProfile.day + Double(k + 1) * bucket
            if bound <= 0 {
                idle += bucketEnd - now
                if idle > 7 * DailyProfile.day { return .infinity }
                now = bucketEnd
                continue
            }
            let candidate = now + r.exponential(mean: 1 / bound)
            if candidate >= bucketEnd {
                now = bucketEnd
                continue
            }
            now = candidate
            if r.uniform() * bound <= rate(at: candidate) { return candidate }
        }
    }
}
