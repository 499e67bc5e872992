import BulkheadKernel
import BulkheadModel
import BulkheadTestSupport
import Foundation
import Testing

/// Validation of the CPU model against queueing theory, through the real model (scenario →
/// compiled config → simulation). Tolerance: the theoretical mean must lie inside the 99%
/// batch-means confidence interval (20 batches, Student t), after dropping the first 2% of
/// requests as warm-up. Seeds are fixed, so the tests are deterministic.
@Suite("Queueing validation")
struct QueueingValidationTests {
    func responseTimes(_ yaml: String) throws -> [Double] {
        var (sim, rec, _, _) = try makeSimulation(yaml)
        _ = sim.run()
        let times = rec.records.filter { $0.outcome == .success }.map { ($0.end - $0.start).seconds }
        #expect(rec.records.allSatisfy { $0.outcome == .success })
        return Array(times.dropFirst(times.count / 50))
    }

    /// M/M/1: λ = 70/s, μ = 100/s (ρ = 0.7): E[T] = 1/(μ − λ) = 33.3 ms.
    @Test func mm1MeanResponseTime() throws {
        let t = try responseTimes(queueScenario(cores: 1, rate: 70, work: "{ exponential: { mean: 10ms } }", duration: "3000s"))
        let (m, h) = batchMeans(t)
        let theory = 1.0 / (100 - 70)
        print("VALIDATION M/M/1: simulated \(m) ± \(h) s, theory \(theory) s, n = \(t.count)")
        #expect(abs(m - theory) < h, "M/M/1: \(m) ± \(h) vs \(theory)")
        #expect(h / theory < 0.1, "confidence interval too wide to mean anything: ±\(h)")
    }

    /// M/M/c with c = 4 and 8 (ρ = 0.8): single-threaded requests under processor sharing have
    /// the number-in-system process of M/M/c, so E[T] = C(c, a)/(cμ − λ) + 1/μ.
    @Test(arguments: [4, 8])
    func mmcMeanResponseTime(c: Int) throws {
        let mu = 100.0
        let lambda = 0.8 * Double(c) * mu
        let t = try responseTimes(
            queueScenario(
                cores: c, rate: lambda, work: "{ exponential: { mean: 10ms } }",
                duration: "\(Int(300_000 / lambda))s"))
        let (m, h) = batchMeans(t)
        let theory = erlangC(c: c, a: lambda / mu) / (Double(c) * mu - lambda) + 1 / mu
        print("VALIDATION M/M/\(c): simulated \(m) ± \(h) s, theory \(theory) s, n = \(t.count)")
        #expect(abs(m - theory) < h, "M/M/\(c): \(m) ± \(h) vs \(theory)")
    }

    /// M/G/1-PS with lognormal work of cv 3: E[T] = E[S]/(1 − ρ), insensitive to the work
    /// distribution (FCFS would give E[S] + λE[S²]/(2(1 − ρ)), about 3× larger here).
    @Test func mg1ProcessorSharingIsInsensitive() throws {
        let t = try responseTimes(
            queueScenario(cores: 1, rate: 60, work: "{ lognormal: { mean: 10ms, cv: 3 } }", duration: "5000s"))
        let (m, h) = batchMeans(t)
        let theory = 0.010 / (1 - 0.6)
        let fcfs = 0.010 + 60 * (0.010 * 0.010 * 10) / (2 * 0.4)
        print("VALIDATION M/G/1-PS: simulated \(m) ± \(h) s, theory \(theory) s (FCFS would be \(fcfs) s), n = \(t.count)")
        #expect(abs(m - theory) < h, "M/G/1-PS: \(m) ± \(h) vs \(theory)")
        #expect(abs(m - fcfs) > 5 * h)
    }
}
