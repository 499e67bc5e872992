/// A time-of-day load profile: a rate multiplier as a function of simulated time.
///
/// rate(t) = daily(time of day) × weekly(weekday) × Π spikes(time of day).
/// - `daily`: points (seconds since midnight, multiplier), wrapping around midnight, with linear
///   or step interpolation. No points means a flat 1.
/// - `weekly`: 7 multipliers, day 0 of the simulation is `weekly[0]` (optional).
/// - `spikes`: recur every day; the full multiplier holds over [at, at + duration); it ramps
///   linearly from 1 over [at − ramp, at) and back to 1 over [at + duration, at + duration + ramp).
public struct DailyProfile: Sendable, Hashable {
    public enum Interpolation: String, Sendable, Hashable { case linear, step }

    public struct Spike: Sendable, Hashable {
        public var at: Double
        public var duration: Double
        public var multiplier: Double
        public var ramp: Double
        public init(at: Double, duration: Double, multiplier: Double, ramp: Double = 0) {
            self.at = at
            self.duration = duration
            self.multiplier = multiplier
            self.ramp = ramp
        }
    }

    public static let day: Double = 86_400

    public var times: [Double]
    public var values: [Double]
    public var interpolation: Interpolation
    public var weekly: [Double]?
    public var spikes: [Spike]

    /// - Parameters:
    ///   - points: (seconds since midnight, multiplier); sorted here.
    public init(
        points: [(Double, Double)] = [], interpolation: Interpolation = .linear,
        weekly: [Double]? = nil, spikes: [Spike] = []
    ) {
        let sorted = points.sorted { $0.0 < $1.0 }
        self.times = sorted.map { $0.0 }
        self.values = sorted.map { $0.1 }
        self.interpolation = interpolation
        self.weekly = weekly
        self.spikes = spikes
    }

    /// The flat profile (multiplier 1 at all times).
    public static let flat = DailyProfile()

    /// The multiplier at `t` seconds since the start of the simulation.
    /// - Complexity: O(points + spikes).
    public func multiplier(at t: Double) -> Double {
        let dayIndex = Int((t / Self.day).rounded(.down))
        let tod = t - Double(dayIndex) * Self.day
        var m = daily(tod)
        if let w = weekly, !w.isEmpty { m *= w[((dayIndex % w.count) + w.count) % w.count] }
        for s in spikes { m *= spike(s, tod) }
        return m
    }

    func daily(_ tod: Double) -> Double {
        guard !times.isEmpty else { return 1 }
        if times.count == 1 { return values[0] }
        // index of the last point at or before tod (wrapping to the previous day's last point)
        var i = times.count - 1
        for k in times.indices where times[k] <= tod { i = k }
        let before = times[0] > tod ? times.count - 1 : i
        if interpolation == .step { return values[before] }
        let after = (before + 1) % times.count
        var t0 = times[before]
        var t1 = times[after]
        var x = tod
        if t1 <= t0 { t1 += Self.day }
        if x < t0 { x += Self.day }
        if t0 > x { t0 -= Self.day }
        let f = t1 > t0 ? (x - t0) / (t1 - t0) : 0
        return values[before] + (values[after] - values[before]) * f
    }

    func spike(_ s: Spike, _ tod: Double) -> Double {
        // Evaluate the spike on this day and the neighbouring days (ramps may cross midnight).
        var m = 1.0
        for k in -1...1 {
            let x = tod - (s.at + Double(k) * Self.day)
            var f = 0.0
            if x >= 0 && x < s.duration {
                f = 1
                if s.ramp > 0 && x < s.ramp { f = x / s.ramp }
                if s.ramp > 0 && x > s.duration - s.ramp { f = min(f, (s.duration - x) / s.ramp) }
            }
            m = max(m, 1 + (s.multiplier - 1) * f)
        }
        return m
    }

    /// Times of day where the profile's slope may change (points and spike edges).
    var breakpoints: [Double] {
        var b = times
        for s in spikes {
            b += [s.at, s.at + s.ramp, s.at + s.duration - s.ramp, s.at + s.duration].map {
                ($0.truncatingRemainder(dividingBy: Self.day) + Self.day).truncatingRemainder(dividingBy: Self.day)
            }
        }
        return b.sorted()
    }

    /// An upper bound of the multiplier over every `bucket`-second slice of one day (without the
    /// weekly factor). Exact: the profile is piecewise linear (or step) between breakpoints, so
    /// its maximum over a slice is at a slice end or at a breakpoint inside it.
    func bucketMaxima(bucket: Double) -> [Double] {
        let n = Int((Self.day / bucket).rounded(.up))
        let bps = breakpoints
        var out = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let a = Double(k) * bucket
            let b = min(Self.day, a + bucket)
            var m = max(dayOnly(a), dayOnly(b.nextDown))
            for p in bps where p > a && p < b {
                m = max(m, dayOnly(p), dayOnly(p.nextDown))
            }
            out[k] = m
        }
        return out
    }

    func dayOnly(_ tod: Double) -> Double {
        var m = daily(tod)
        for s in spikes { m *= spike(s, tod) }
        return m
    }
}
