/// A measured request rate replayed as a function of simulated time: one rate per fixed interval
/// of the trace (requests per second, already scaled), read as a step function or linearly
/// interpolated, from an offset into the trace, optionally looping.
///
/// Simulated time `t` reads the trace at position `x = t + start`. Interval `i` covers
/// `x ∈ [i·interval, (i+1)·interval)`.
/// - `step`: the rate is `rates[i]` over the whole interval, so the expected arrivals of interval
///   `i` are exactly `rates[i] × interval` (a trace of counts is reproduced count for count, up to
///   Poisson noise).
/// - `linear`: the rate passes through `rates[i]` at the interval's midpoint and is a straight line
///   between consecutive midpoints (constant over the first and last half-interval of a trace that
///   does not loop; wrapping from the last midpoint to the first when it loops). The integral over
///   an interval then differs from `rates[i] × interval` by (rᵢ₋₁ − 2rᵢ + rᵢ₊₁)·interval/8 — a
///   smoothing that conserves the total of a looping trace exactly.
/// Past the end of the trace the rate is 0 unless it loops.
///
/// Thinning uses a majorant per trace interval (the exact maximum of the rate over it), not one
/// global maximum, so a trace with a 4× daily swing or a long zero gap costs no rejected
/// candidates beyond the within-interval variation of `linear`.
public struct RateTrace: Sendable, Hashable {
    public enum Interpolation: String, Sendable, Hashable { case step, linear }

    /// Seconds per trace interval (> 0).
    public let interval: Double
    /// Requests per second of each interval (≥ 0, finite, at least one).
    public let rates: [Double]
    /// Seconds into the trace at simulated time 0 (≥ 0).
    public let start: Double
    public let loop: Bool
    public let interpolation: Interpolation
    /// Per interval: the maximum of the rate over it (the thinning majorant).
    let maxima: [Double]

    public init(interval: Double, rates: [Double], start: Double = 0, loop: Bool = false, interpolation: Interpolation = .step) {
        precondition(interval > 0 && interval.isFinite, "RateTrace: interval must be positive, got \(interval)")
        precondition(!rates.isEmpty, "RateTrace: at least one interval is needed")
        precondition(rates.allSatisfy { $0 >= 0 && $0.isFinite }, "RateTrace: rates must be finite and ≥ 0")
        precondition(start >= 0 && start.isFinite, "RateTrace: start must be finite and ≥ 0, got \(start)")
        self.interval = interval
        self.rates = rates
        self.start = start
        self.loop = loop
        self.interpolation = interpolation
        let n = rates.count
        if interpolation == .step {
            maxima = rates
        } else {
            // The line through the midpoints peaks at a midpoint or an interval edge; the edge
            // values are the averages with the neighbours.
            maxima = (0..<n).map { i in
                let before = i > 0 ? rates[i - 1] : (loop ? rates[n - 1] : rates[i])
                let after = i + 1 < n ? rates[i + 1] : (loop ? rates[0] : rates[i])
                return max(rates[i], (rates[i] + before) / 2, (rates[i] + after) / 2)
            }
        }
    }

    /// Seconds the trace covers.
    public var length: Double { interval * Double(rates.count) }

    /// The largest rate of the trace (requests per second).
    public var peak: Double { rates.max() ?? 0 }

    /// The mean of the per-interval rates (requests per second).
    public var mean: Double { rates.reduce(0, +) / Double(rates.count) }

    /// The interval index (not wrapped) holding simulated time `t`.
    @inline(__always) func index(at t: Double) -> Int {
        Int(((t + start) / interval).rounded(.down))
    }

    /// Interval `k`'s position in `rates` (wrapped when looping), or nil when it is outside the trace.
    @inline(__always) func slot(_ k: Int) -> Int? {
        let n = rates.count
        if k >= 0 && k < n { return k }
        guard loop else { return nil }
        return ((k % n) + n) % n
    }

    /// Simulated time at which interval `k` ends.
    @inline(__always) func end(of k: Int) -> Double { Double(k + 1) * interval - start }

    /// The thinning majorant of interval `k`: the maximum rate over it (0 outside the trace).
    @inline(__always) func bound(_ k: Int) -> Double {
        guard let i = slot(k) else { return 0 }
        return maxima[i]
    }

    /// The rate (requests per second) at simulated time `t`.
    /// - Complexity: O(1).
    public func rate(at t: Double) -> Double {
        let x = t + start
        let k = Int((x / interval).rounded(.down))
        return value(k, offset: x - Double(k) * interval)
    }

    /// The rate in interval `k` at `offset` seconds into it (`0...interval`, both ends included, so
    /// the end of an interval gives its left limit).
    @inline(__always) func value(_ k: Int, offset: Double) -> Double {
        guard let i = slot(k) else { return 0 }
        if interpolation == .step { return rates[i] }
        // Linear between the midpoint of k and the midpoint of the neighbour on offset's side.
        if offset < interval / 2 {
            guard let j = slot(k - 1) else { return rates[i] }
            return rates[i] + (rates[j] - rates[i]) * (0.5 - offset / interval)
        }
        guard let j = slot(k + 1) else { return rates[i] }
        return rates[i] + (rates[j] - rates[i]) * (offset / interval - 0.5)
    }

    /// The integral of the rate over simulated times [a, b], exact: the rate is constant (`step`)
    /// or linear (`linear`) between an interval's edges and its midpoint, where this splits.
    /// - Complexity: O(intervals spanned).
    public func integral(from a: Double, to b: Double) -> Double {
        guard b > a else { return 0 }
        var sum = 0.0
        var k = index(at: a)
        var t = a
        while t < b {
            let origin = Double(k) * interval - start
            guard slot(k) != nil else {
                if k >= rates.count { break }  // past the end of a trace that does not loop
                k += 1
                t = max(t, end(of: k - 1))
                continue
            }
            let e = max(t, min(b, t < origin + interval / 2 ? origin + interval / 2 : origin + interval))
            let u0 = min(interval, max(0, t - origin))
            let u1 = min(interval, max(0, e - origin))
            sum += (value(k, offset: u0) + value(k, offset: u1)) / 2 * (e - t)
            if e >= origin + interval { k += 1 }
            t = e
        }
        return sum
    }
}
