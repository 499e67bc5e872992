import Foundation
import Testing

@testable import BulkheadModel

/// The flow engine's shortcuts agree with the computations they skip.
struct FlowQueueingShortcutTests {
    /// E[N] of the limited processor-sharing station summed term by term over all states (no early
    /// stop, no shortcut): p_n ∝ aⁿ/n! up to ⌊c⌋, then geometric with ratio a/c.
    func summed(_ a: Double, _ c: Double) -> Double {
        let f = Int(c.rounded(.down))
        var term = 1.0
        var sum = 0.0
        var weighted = 0.0
        for n in 0..<f {
            sum += term
            weighted += Double(n) * term
            term *= a / Double(n + 1)
        }
        let rho = a / c
        sum += term / (1 - rho)
        weighted += term * (Double(f) / (1 - rho) + rho / ((1 - rho) * (1 - rho)))
        return weighted / sum
    }

    /// Where the M/M/∞ shortcut applies ((e·a/⌊c⌋)^⌊c⌋ ≤ 1e-18) it returns a, which the full sum
    /// matches to 1e-14 relative (at small a/c and at large c alike).
    @Test(arguments: [(0.03, 9.5), (0.3, 18.0), (0.6, 20.0), (1.5, 64.0), (10.0, 60.0), (23.0, 128.0)])
    func meanInSystemShortcut(_ a: Double, _ c: Double) {
        let fast = FlowQueueing.meanInSystem(offered: a, capacity: c)
        #expect(abs(fast - summed(a, c)) <= 1e-14 * a, "a = \(a), c = \(c)")
    }

    /// The inline roundings are `rounded()` and `rounded(.down)` on every non-negative value the
    /// flow rounds: ties, values just below and above them, fractions, large counts.
    @Test func inlineRoundingsAreTheLibrarys() {
        var values: [Double] = [0, 0.49999999999999994, 0.5, 1.5, 2.5, 3.4999999999999996, 1e15 + 0.5, 4.5e15, 123_456_789.5]
        var x = 0.001
        while x < 1e12 {
            values += [x, x.nextDown, x.nextUp, (x * 2).rounded() / 2]
            x *= 1.37
        }
        for v in values {
            #expect(FlowQueueing.nearest(v) == Int(v.rounded()), "\(v)")
            #expect(FlowQueueing.wholePart(v) == v.rounded(.down), "\(v)")
        }
        #expect(FlowQueueing.wholePart(-2.5) == -3)
    }

    @Test func meanInSystemNearSaturationIsNotTheShortcut() {
        // 8 cores at a = 6: far from M/M/∞ (queueing), so the shortcut must not apply.
        let value = FlowQueueing.meanInSystem(offered: 6, capacity: 8)
        #expect(abs(value - summed(6, 8)) <= 1e-12 * value)
        #expect(value > 6.5)
    }

    /// `timeoutSplit` equals `exceedance` and `truncatedMoments` on a grid of means, spreads and
    /// deadlines, inside and outside its far-deadline shortcut.
    @Test func timeoutSplitAgrees() {
        for m in [0.001, 0.02, 0.3] {
            for cv in [0.0, 0.2, 1.0, 3.0] {
                for tauFactor in [0.5, 2.0, 10.0, 200.0, Double.infinity] {
                    let v = cv * cv * m * m
                    let tau = m * tauFactor
                    let split = FlowQueueing.timeoutSplit(mean: m, variance: v, threshold: tau)
                    let exceed = FlowQueueing.exceedance(mean: m, variance: v, threshold: tau)
                    let (m1, m2) = FlowQueueing.truncatedMoments(mean: m, variance: v, threshold: tau)
                    let label = "m \(m), cv \(cv), τ/m \(tauFactor)"
                    #expect(abs(split.exceed - exceed) <= 1e-15, "\(label)")
                    #expect(abs(split.m1 - m1) <= 1e-12 * m1, "\(label)")
                    #expect(abs(split.m2 - m2) <= 1e-12 * m2, "\(label)")
                }
            }
        }
    }
}
