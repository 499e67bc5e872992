/// A Poisson arrival process: homogeneous, or non-homogeneous by thinning.
///
/// Non-homogeneous arrivals use Lewis & Shedler's thinning ("Simulation of nonhomogeneous Poisson
/// processes by thinning", Naval Res. Logistics Q. 26, 1979) with a **piecewise-constant
/// majorant**: the day is cut into one-minute buckets, each with the exact maximum of the rate
/// in it, so the acceptance ratio stays high even when a flash sale is 5× the night. Crossing a
/// bucket boundary restarts the exponential clock at the boundary (valid by memorylessness).
///
/// With a `trace` the rate is `baseRate × profile × trace`, and the majorant is piecewise constant
/// over the intersection of the profile's buckets and the trace's intervals (each interval's own
/// maximum), so replaying a long trace costs O(1) per candidate and no more rejections than the
/// profile alone would.
public struct ArrivalProcess: Sendable {
    public let baseRate: Double
    public let profile: DailyProfile
    /// A replayed rate multiplying the profile (nil: none, the rate is `baseRate × profile`).
    public let trace: RateTrace?
    let bucket: Double
    let maxima: [Double]

    /// - Parameters:
    ///   - rate: requests per second before the profile's multiplier.
    ///   - profile: time-of-day shape; `.flat` gives a homogeneous Poisson process.
    public init(rate: Double, profile: DailyProfile = .flat) {
        precondition(rate >= 0 && rate.isFinite, "ArrivalProcess: rate must be finite and ≥ 0, got \(rate)")
        self.baseRate = rate
        self.profile = profile
        self.trace = nil
        self.bucket = 60
        self.maxima = profile == .flat ? [] : profile.bucketMaxima(bucket: 60)
    }

    /// A replayed trace, times `rate`, times the profile.
    /// - Parameters:
    ///   - rate: factor on the trace's rates (1 when the trace is already in requests per second).
    ///   - trace: the replayed rate.
    ///   - profile: a time-of-day multiplier on top of the trace; `.flat` for the trace alone.
    public init(rate: Double = 1, trace: RateTrace, profile: DailyProfile = .flat) {
        precondition(rate >= 0 && rate.isFinite, "ArrivalProcess: rate must be finite and ≥ 0, got \(rate)")
        self.baseRate = rate
        self.profile = profile
        self.trace = trace
        self.bucket = 60
        self.maxima = profile == .flat ? [] : profile.bucketMaxima(bucket: 60)
    }

    /// The instantaneous rate (per second) at `t` seconds.
    public func rate(at t: Double) -> Double {
        guard let trace else { return baseRate * profile.multiplier(at: t) }
        let m = maxima.isEmpty ? 1 : profile.multiplier(at: t)
        return baseRate * m * trace.rate(at: t)
    }

    /// The expected number of arrivals in [a, b]: a numerical integral (1-second trapezoids), or
    /// the exact integral of a trace without a profile.
    public func expectedArrivals(from a: Double, to b: Double) -> Double {
        if let trace, maxima.isEmpty { return baseRate * trace.integral(from: a, to: b) }
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
    ///
    /// The majorant is constant over each piece where the profile's one-minute bucket and (with a
    /// trace) the trace interval stay the same: `baseRate × trace maximum × bucket maximum × weekly`.
    /// Without a trace the factor is 1 and the draws are those of the profile alone. The trace
    /// interval is advanced by counting, not recomputed from the clock, so a boundary that rounds
    /// badly cannot stall the sampler.
    public func next(after t: Double, _ r: RandomStream) -> Double {
        if maxima.isEmpty && trace == nil {
            return baseRate > 0 ? t + r.exponential(mean: 1 / baseRate) : .infinity
        }
        var now = t
        var idle = 0.0
        var k = trace?.index(at: now) ?? 0
        // Zero for longer than a week of the profile (or a lap of a looping trace) means zero forever;
        // a trace that does not loop has no traffic after its end.
        let idleLimit = trace.map { max(7 * DailyProfile.day, $0.length) + $0.interval } ?? 7 * DailyProfile.day
        // A step trace without a profile is constant over each piece: every candidate is accepted.
        let exact = maxima.isEmpty && trace?.interpolation == .step
        while true {
            var traceBound = 1.0
            var pieceEnd = Double.infinity
            if let trace {
                pieceEnd = trace.end(of: k)
                while pieceEnd <= now {
                    k += 1
                    pieceEnd = trace.end(of: k)
                }
                if !trace.loop && k >= trace.rates.count { return .infinity }
                traceBound = trace.bound(k)
            }
            var bound = baseRate * traceBound
            if !maxima.isEmpty {
                let dayIndex = (now / DailyProfile.day).rounded(.down)
                let tod = now - dayIndex * DailyProfile.day
                let b = min(maxima.count - 1, Int(tod / bucket))
                var weekly = 1.0
                if let w = profile.weekly, !w.isEmpty { weekly = w[Int(dayIndex) % w.count] }
                bound = bound * maxima[b] * weekly
                pieceEnd = min(pieceEnd, dayIndex * DailyProfile.day + Double(b + 1) * bucket)
            }
            if bound <= 0 {
                idle += pieceEnd - now
                if idle > idleLimit { return .infinity }
                now = pieceEnd
                continue
            }
            let candidate = now + r.exponential(mean: 1 / bound)
            if candidate >= pieceEnd {
                now = pieceEnd
                continue
            }
            now = candidate
            if exact { return candidate }
            if r.uniform() * bound <= rate(at: candidate) { return candidate }
        }
    }
}
