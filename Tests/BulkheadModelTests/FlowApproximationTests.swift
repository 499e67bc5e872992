import Foundation
import Testing

@testable import BulkheadModel

/// The flow engine's approximations for smoothed arrivals and CFS throttling (docs/model.md,
/// "Flow fidelity"): their limits, their directions, and the documented formula.
struct FlowApproximationTests {
    /// Poisson arrivals keep the processor-sharing station's exact E[N] whatever the work
    /// distribution; smoother arrivals queue less, more so for less variable work.
    @Test func arrivalFactorKeepsPoissonExactAndShrinksWithSmoothness() {
        for cs2 in [0.0, 0.5, 1.0, 4.0] {
            #expect(FlowQueueing.arrivalFactor(ca2: 1, cs2: cs2) == 1)
        }
        // Round-robin over 6 replicas, exponential work: (1/6 + 1) / 2.
        #expect(abs(FlowQueueing.arrivalFactor(ca2: 1.0 / 6, cs2: 1) - 7.0 / 12) < 1e-15)
        #expect(FlowQueueing.arrivalFactor(ca2: 0.25, cs2: 1) < FlowQueueing.arrivalFactor(ca2: 0.5, cs2: 1))
        #expect(FlowQueueing.arrivalFactor(ca2: 0.25, cs2: 0.5) < FlowQueueing.arrivalFactor(ca2: 0.25, cs2: 1))
    }

    /// The documented formula, evaluated independently (Python, math.erfc) for three cases: 20 ms
    /// lognormal(cv 1) requests at 0.59 of a 1-core limit, without and with 50 ms of burst, and
    /// 2 ms gamma(2) requests at 0.9 of a 4-core limit.
    @Test(arguments: [
        (29.6, 0.02, 8e-4, 1.0, 0.1, 0.1, 0.002866718208509035),
        (29.6, 0.02, 8e-4, 1.0, 0.1, 0.15, 0.0007869170996532302),
        (1800.0, 0.002, 6e-6, 4.0, 0.1, 0.4, 1.7195519148537822e-05),
    ])
    func throttleDelayMatchesTheFormula(
        _ rate: Double, _ work: Double, _ m2: Double, _ limit: Double, _ period: Double, _ ceiling: Double,
        _ expected: Double
    ) {
        let d = FlowQueueing.throttleDelay(
            rate: rate, work: work, secondMoment: m2, limit: limit, period: period, ceiling: ceiling)
        #expect(abs(d - expected) <= 1e-12 * expected)
    }

    /// No arrivals, no delay; far below the limit, none to speak of; it grows with the load and
    /// shrinks with burst.
    @Test func throttleDelayDirections() {
        func delay(_ rate: Double, ceiling: Double = 0.1) -> Double {
            FlowQueueing.throttleDelay(rate: rate, work: 0.002, secondMoment: 8e-6, limit: 1, period: 0.1, ceiling: ceiling)
        }
        #expect(delay(0) == 0)
        #expect(delay(50) < 1e-9)  // ρ = 0.1
        var last = 0.0
        for rate in stride(from: 250.0, through: 490, by: 40) {
            let d = delay(rate)
            #expect(d > last, "rate \(rate)")
            last = d
        }
        #expect(delay(450, ceiling: 0.15) < delay(450))
    }
}
