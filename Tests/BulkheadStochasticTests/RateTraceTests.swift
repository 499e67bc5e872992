import Testing

@testable import BulkheadStochastic

/// The replayed rate function: values, interpolation, offsets, looping, its exact integral and
/// the per-interval thinning majorant.
@Suite("Rate traces")
struct RateTraceTests {
    static let rates: [Double] = [10, 0, 20, 5]

    @Test func stepHoldsEachIntervalAndStartShifts() {
        let t = RateTrace(interval: 60, rates: Self.rates, start: 90)
        #expect(t.rate(at: 0) == 0)  // position 90 s: interval 1
        #expect(t.rate(at: 29.999) == 0)
        #expect(t.rate(at: 30) == 20)  // position 120 s: interval 2
        #expect(t.rate(at: 150) == 0)  // position 240 s: past the end, no loop
        let looped = RateTrace(interval: 60, rates: Self.rates, start: 90, loop: true)
        #expect(looped.rate(at: 150) == 10)  // position 240 = 0 of the next lap
        #expect(looped.rate(at: 150 + 240 * 1000) == 10)
    }

    @Test func linearPassesThroughMidpoints() {
        let t = RateTrace(interval: 60, rates: Self.rates, interpolation: .linear)
        #expect(t.rate(at: 30) == 10)
        #expect(t.rate(at: 90) == 0)
        #expect(abs(t.rate(at: 60) - 5) < 1e-12)  // half-way between 10 and 0
        #expect(abs(t.rate(at: 120) - 10) < 1e-12)  // half-way between 0 and 20
        #expect(t.rate(at: 10) == 10)  // before the first midpoint: constant (no loop)
        #expect(t.rate(at: 235) == 5)  // after the last midpoint: constant
        let looped = RateTrace(interval: 60, rates: Self.rates, loop: true, interpolation: .linear)
        #expect(abs(looped.rate(at: 0) - 7.5) < 1e-12)  // between the last (5) and the first (10)
    }

    /// The exact integral against a fine numerical one, for both interpolations, across interval
    /// edges, midpoints, the end of the trace and a loop.
    @Test(arguments: [RateTrace.Interpolation.step, .linear], [false, true])
    func integralIsExact(interpolation: RateTrace.Interpolation, loop: Bool) {
        let t = RateTrace(interval: 60, rates: Self.rates, start: 17, loop: loop, interpolation: interpolation)
        for (a, b) in [(0.0, 600.0), (13.0, 77.0), (100.0, 101.5), (200.0, 260.0)] {
            var numeric = 0.0
            let h = 0.001
            var x = a
            while x < b - h / 2 {
                numeric += t.rate(at: x + h / 2) * h
                x += h
            }
            #expect(abs(t.integral(from: a, to: b) - numeric) < 1e-3 * max(1, numeric), "[\(a), \(b)]")
        }
    }

    @Test(arguments: [RateTrace.Interpolation.step, .linear])
    func majorantBoundsEveryInterval(interpolation: RateTrace.Interpolation) {
        let t = RateTrace(interval: 60, rates: Self.rates, start: 0, loop: true, interpolation: interpolation)
        for x in stride(from: 0.0, to: 480, by: 0.37) {
            #expect(t.rate(at: x) <= t.bound(t.index(at: x)) + 1e-12, "t = \(x)")
        }
    }

    /// Arrivals per trace interval match rate × interval (Poisson: within 4√expected), a zero
    /// interval gets none, and a trace that does not loop stops.
    @Test func arrivalsFollowTheTrace() {
        let process = ArrivalProcess(rate: 2, trace: RateTrace(interval: 60, rates: Self.rates, loop: true))
        let r = StreamFactory(seed: 3).stream("arrivals/trace")
        var counts = [Int](repeating: 0, count: 4)
        var t = 0.0
        let laps = 50.0
        while true {
            t = process.next(after: t, r)
            if t >= laps * 240 { break }
            counts[Int(t / 60) % 4] += 1
        }
        for k in 0..<4 {
            let expected = laps * 2 * Self.rates[k] * 60
            #expect(abs(Double(counts[k]) - expected) <= 4 * expected.squareRoot(), "interval \(k): \(counts[k]) vs \(expected)")
        }
        #expect(counts[1] == 0)
        let once = ArrivalProcess(trace: RateTrace(interval: 60, rates: Self.rates))
        var last = 0.0
        while case let next = once.next(after: last, r), next.isFinite { last = next }
        #expect(last < 240)
    }
}
