import Foundation
import Testing

@testable import BulkheadModel

/// The flow engine's approximations for smoothed arrivals, CFS throttling and power-of-two's split
/// (docs/model.md, "Flow fidelity"): their limits, their directions, and the documented formula.
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

    /// Power-of-two's share of replica i by its definition — ordered pairs (a, b) of distinct
    /// replicas, equally likely, a taken when N_a ≤ N_b — with the geometric probabilities
    /// summed term by term (not the closed form).
    static func powerOfTwoByDefinition(_ r: [Double]) -> [Double] {
        let m = r.count
        func pmf(_ i: Int, _ k: Int) -> Double { (1 - r[i]) * pow(r[i], Double(k)) }
        return (0..<m).map { i in
            var p = 0.0
            for j in 0..<m where j != i {
                // P(N_i ≤ N_j) (i drawn first) + P(N_i < N_j) (i drawn second).
                var le = 0.0
                var lt = 0.0
                for k in 0..<4000 {
                    let above = pow(r[j], Double(k))  // P(N_j ≥ k)
                    le += pmf(i, k) * above
                    lt += pmf(i, k) * above * r[j]  // P(N_j ≥ k + 1)
                }
                p += le + lt
            }
            return p / Double(m * (m - 1))
        }
    }

    @Test func powerOfTwoSharesMatchTheDefinition() {
        for r in [[0.5, 0.5], [0.2, 0.8], [0, 0.6, 0.9], [0.1, 0.3, 0.5, 0.7, 0.95]] {
            var out: [Double] = []
            FlowQueueing.powerOfTwoShares(ratios: r, into: &out)
            let expected = Self.powerOfTwoByDefinition(r)
            for i in r.indices { #expect(abs(out[i] - expected[i]) < 1e-9, "\(r): \(out) vs \(expected)") }
            #expect(abs(out.prefix(r.count).reduce(0, +) - 1) < 1e-12)
        }
        // An empty replica against busy ones: (1/m)(1 + mean of the others' r).
        var out: [Double] = []
        FlowQueueing.powerOfTwoShares(ratios: [0, 0.5, 0.7], into: &out)
        #expect(abs(out[0] - (1 + 0.6) / 3) < 1e-12)
    }

    /// Equal loads split equally; a more loaded replica gets less; the mean field used over 32
    /// replicas stays within 2 % (relative) of the exact pairwise sum on a spread of loads.
    @Test func powerOfTwoSharesDirectionsAndMeanField() {
        var out: [Double] = []
        for m in [2, 7, 40] {
            FlowQueueing.powerOfTwoShares(ratios: Array(repeating: 0.6, count: m), into: &out)
            for i in 0..<m { #expect(abs(out[i] - 1 / Double(m)) < 1e-15) }
        }
        let r = (0..<40).map { 0.3 + 0.4 * Double($0) / 39 }
        FlowQueueing.powerOfTwoShares(ratios: r, into: &out)
        for i in 1..<40 { #expect(out[i] < out[i - 1]) }
        #expect(abs(out.prefix(40).reduce(0, +) - 1) < 1e-12)
        let exact = Self.powerOfTwoByDefinition(r)
        for i in 0..<40 { #expect(abs(out[i] / exact[i] - 1) < 0.02, "replica \(i): \(out[i]) vs \(exact[i])") }
    }

    /// Least-connections' share of replica i by its definition — a rotating start s, equally
    /// likely; the scan from s takes the first replica with the fewest in flight — with the
    /// geometric probabilities summed term by term (not the closed form).
    static func leastConnectionsByDefinition(_ r: [Double]) -> [Double] {
        let m = r.count
        func pmf(_ i: Int, _ k: Int) -> Double { (1 - r[i]) * pow(r[i], Double(k)) }
        var out = [Double](repeating: 0, count: m)
        for start in 0..<m {
            let order = (0..<m).map { (start + $0) % m }
            for (position, i) in order.enumerated() {
                for k in 0..<4000 {
                    var p = pmf(i, k)
                    for (q, j) in order.enumerated() where j != i {
                        // Scanned before i: must hold more than k; after: at least k.
                        p *= q < position ? pow(r[j], Double(k + 1)) : pow(r[j], Double(k))
                    }
                    out[i] += p / Double(m)
                    if p < 1e-300 { break }
                }
            }
        }
        return out
    }

    @Test func leastConnectionsSharesMatchTheDefinition() {
        for r in [[0.5, 0.5], [0.2, 0.8], [0, 0.6, 0.9], [0.1, 0.3, 0.5, 0.7, 0.95], [0.9, 0.2, 0.6, 0.4]] {
            var out: [Double] = []
            FlowQueueing.leastConnectionsShares(ratios: r, into: &out)
            let expected = Self.leastConnectionsByDefinition(r)
            let sum = expected.reduce(0, +)
            #expect(abs(sum - 1) < 1e-9, "the definition's shares sum to \(sum)")
            for i in r.indices { #expect(abs(out[i] - expected[i]) < 1e-9, "\(r): \(out) vs \(expected)") }
        }
        // Equal loads split equally; a less loaded replica gets more than power-of-two gives it
        // (least-connections always takes the least loaded, power-of-two only when it is drawn).
        var lc: [Double] = []
        var p2: [Double] = []
        FlowQueueing.leastConnectionsShares(ratios: Array(repeating: 0.7, count: 6), into: &lc)
        for i in 0..<6 { #expect(abs(lc[i] - 1 / 6) < 1e-15) }
        let r = [0.3, 0.6, 0.6, 0.6]
        FlowQueueing.leastConnectionsShares(ratios: r, into: &lc)
        FlowQueueing.powerOfTwoShares(ratios: r, into: &p2)
        #expect(lc[0] > p2[0] && p2[0] > 0.25)
    }

    /// JSQ(d)'s factor on the queueing: for one core the classic P(N ≥ k) = ρ^((dᵏ − 1)/(d − 1));
    /// for several cores the fixed point of the mean-field equations, reached here independently
    /// by integrating them in time (Euler) from an empty system; no choice (d = 1) or no queueing
    /// leaves the factor at 1, and more choices queue less.
    @Test func choiceFactorIsTheMeanFieldFixedPoint() {
        for (rho, d) in [(0.8, 2.0), (0.5, 2.0), (0.95, 3.0)] {
            var n = 0.0
            var k = 1.0
            while true {
                let x = pow(rho, (pow(d, k) - 1) / (d - 1))
                if x < 1e-18 { break }
                n += x
                k += 1
            }
            let expected = (n - rho) / (rho * rho / (1 - rho))
            let f = FlowQueueing.choiceFactor(offered: rho, capacity: 1, choices: d, replicas: 1000)
            #expect(abs(f - expected) < 1e-12, "ρ \(rho) d \(d): \(f) vs \(expected)")
        }
        func integrated(offered a: Double, capacity c: Double, choices d: Double) -> Double {
            var x = [Double](repeating: 0, count: 60)
            x[0] = 1
            let dt = 0.002
            for _ in 0..<400_000 {
                var next = x
                for k in 1..<59 {
                    next[k] += dt * (a * (pow(x[k - 1], d) - pow(x[k], d)) - min(Double(k), c) * (x[k] - x[k + 1]))
                }
                x = next
            }
            let n = x.dropFirst().reduce(0, +)
            return (n - a) / (FlowQueueing.meanInSystem(offered: a, capacity: c) - a)
        }
        for (a, c, d) in [(1.6, 2.0, 2.0), (3.2, 4.0, 2.0), (2.2, 2.5, 2.0), (1.6, 2.0, 10.0)] {
            let f = FlowQueueing.choiceFactor(offered: a, capacity: c, choices: d, replicas: 1000)
            let g = integrated(offered: a, capacity: c, choices: d)
            #expect(abs(f - g) < 1e-4, "a \(a) c \(c) d \(d): \(f) vs integrated \(g)")
        }
        #expect(FlowQueueing.choiceFactor(offered: 0.8, capacity: 1, choices: 1, replicas: 10) == 1)
        #expect(FlowQueueing.choiceFactor(offered: 0.5, capacity: 64, choices: 2, replicas: 10) == 1)
        let two = FlowQueueing.choiceFactor(offered: 3.2, capacity: 4, choices: 2, replicas: 1000)
        let ten = FlowQueueing.choiceFactor(offered: 3.2, capacity: 4, choices: 10, replicas: 1000)
        #expect(0 < ten && ten < two && two < 1)
        // Few replicas: never below the ten pooled into one M/M/10 (Erlang C for 8 erlangs).
        var term = 1.0
        var sum = 0.0
        for k in 0..<10 {
            sum += term
            term *= 8 / Double(k + 1)
        }
        let tail = term * 10 / (10 - 8)  // a^10/10! · 1/(1 − ρ)
        let erlangC = tail / (sum + tail)
        let pooled = (8 + erlangC * 0.8 / (1 - 0.8)) / 10
        let f = FlowQueueing.choiceFactor(offered: 0.8, capacity: 1, choices: 10, replicas: 10)
        #expect(abs(f - (pooled - 0.8) / (0.8 * 0.8 / 0.2)) < 1e-12, "\(f) vs pooled \(pooled)")
    }

    /// A container's busy cores with hog threads: work-conserving for its requests (no hogs: the
    /// offered load), one core per hog thread when cores are plenty, and below the cores when
    /// few threads are runnable — 2 cores, 1 hog thread: busy 1 with no request, 2 otherwise.
    @Test func hogChainBusyCores() {
        #expect(abs(FlowQueueing.withHogs(offered: 1.5, capacity: 4, hogs: 1e-9).busy - 1.5) < 1e-6)
        #expect(abs(FlowQueueing.withHogs(offered: 1, capacity: 64, hogs: 2).busy - 3) < 1e-9)
        // p_n ∝ Π_{k≤n} a / μ_k with μ_k = min(k, k·c/(h + k)).
        let (a, c, h) = (0.5, 2.0, 1.0)
        var term = 1.0
        var sum = 1.0
        for k in 1..<400 {
            term *= a / min(Double(k), Double(k) * c / (h + Double(k)))
            sum += term
        }
        let p0 = 1 / sum
        #expect(abs(FlowQueueing.withHogs(offered: a, capacity: c, hogs: h).busy - (2 - p0)) < 1e-9)
    }
}
