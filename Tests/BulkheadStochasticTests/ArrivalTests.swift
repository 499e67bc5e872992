import Testing

@testable import BulkheadStochastic

@Suite("Arrival processes")
struct ArrivalTests {
    static let profile = DailyProfile(
        points: [(0, 0.2), (6 * 3600, 0.3), (9 * 3600, 0.8), (12 * 3600, 1.0), (18 * 3600, 0.9), (22 * 3600, 0.4)],
        interpolation: .linear,
        spikes: [.init(at: 12 * 3600, duration: 1800, multiplier: 3.5, ramp: 120)]
    )

    @Test func profileInterpolatesAndSpikes() {
        let p = Self.profile
        #expect(abs(p.multiplier(at: 0) - 0.2) < 1e-12)
        #expect(abs(p.multiplier(at: 3 * 3600) - 0.25) < 1e-12)
        #expect(abs(p.multiplier(at: 23 * 3600) - 0.3) < 1e-12)  // wraps from 22:00 (0.4) to 24:00 (0.2)
        #expect(abs(p.multiplier(at: 12 * 3600 + 600) - 3.5 * p.daily(12 * 3600 + 600)) < 1e-12)
        #expect(abs(p.multiplier(at: 12 * 3600 + 60) - p.daily(12 * 3600 + 60) * 2.25) < 1e-9)  // half-way up the ramp
        #expect(abs(p.multiplier(at: 12 * 3600 - 60) - p.daily(12 * 3600 - 60)) < 1e-12)  // not yet started
        #expect(abs(p.multiplier(at: 86_400 + 3 * 3600) - 0.25) < 1e-12)  // the next day repeats
        let step = DailyProfile(points: [(0, 1), (43200, 2)], interpolation: .step)
        #expect(step.multiplier(at: 43199) == 1 && step.multiplier(at: 43200) == 2)
    }

    @Test func bucketMaximaBoundTheProfile() {
        let p = Self.profile
        let maxima = p.bucketMaxima(bucket: 60)
        for t in stride(from: 0.0, to: 86_400, by: 7.3) {
            #expect(p.dayOnly(t) <= maxima[Int(t / 60)] + 1e-12)
        }
    }

    /// Arrivals per hour over 10 days match the integral of the rate: for each hour of the day
    /// the total count over 10 days is Poisson, so |count − Λ| < 4√Λ (a 4σ bound; 24 hours tested,
    /// false-alarm probability ≈ 24 × 6e-5).
    @Test func nonHomogeneousArrivalsMatchTheIntegralOfTheRate() {
        let process = ArrivalProcess(rate: 4, profile: Self.profile)
        let r = StreamFactory(seed: 11).stream("arrivals/test")
        var counts = [Int](repeating: 0, count: 24)
        let days = 10.0
        var t = 0.0
        while true {
            t = process.next(after: t, r)
            if t >= days * 86_400 { break }
            counts[Int(t.truncatingRemainder(dividingBy: 86_400) / 3600)] += 1
        }
        for h in 0..<24 {
            let lambda = days * process.expectedArrivals(from: Double(h) * 3600, to: Double(h + 1) * 3600)
            #expect(abs(Double(counts[h]) - lambda) < 4 * lambda.squareRoot(), "hour \(h): \(counts[h]) vs \(lambda)")
        }
    }

    @Test func homogeneousPoissonHasTheRightRate() {
        let process = ArrivalProcess(rate: 50)
        let r = StreamFactory(seed: 5).stream("arrivals/flat")
        var t = 0.0
        var n = 0
        while true {
            t = process.next(after: t, r)
            if t > 10_000 { break }
            n += 1
        }
        #expect(abs(Double(n) - 500_000) < 4 * 500_000.0.squareRoot())
    }
}
