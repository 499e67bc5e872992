import BulkheadRunner
import BulkheadScenario
import Testing

/// Sliding rollback windows (`rollback.every`) against tumbling ones, on `faultScenario`'s cluster:
/// api has 2 replicas behind round-robin (14 requests/s each at the base rate), work 5 ms
/// (exponential), timeout 1 s, on 8-core machines.
@Suite("Releases: sliding-window rollback")
struct SlidingRollbackTests {
    /// A bad canary whose CPU factor 50 (work 250 ms) is harmless at the base rate (3.5 of 8 cores)
    /// but overloads its machine during a ×2.5 traffic spike from 00:24 to 00:26 — a burst of
    /// timeouts straddling the 00:25 boundary of the 5-minute tumbling windows.
    func run(rollback: String) throws -> Runner.Output {
        let yaml = faultScenario(
            faults: "  []", duration: "40m",
            rate: "40/s, spikes: [ { at: \"00:24\", duration: 2m, multiplier: 2.5 } ]",
            releases: """
                  - { service: api, at: "00:20", stages: [ { canary: { soak: 1h } } ],
                      bad: { probability: 1, cpuFactor: 50 }, rollback: \(rollback) }
                """)
        return try Runner.run(try ScenarioLoader.parse(yaml: yaml))
    }

    /// Tumbling windows [00:20, 00:25) and [00:25, 00:30) each hold half of the burst, diluted
    /// by four minutes at the base rate: neither crosses 45%, and the bad canary stays. Sliding
    /// windows of 5 minutes evaluated every minute see the whole burst in [00:21, 00:26) and roll
    /// back at 00:26 — within window + every of the burst's start, and at most 6 minutes after
    /// the release started.
    @Test func slidingWindowCatchesTheBurstTumblingMisses() throws {
        let tumbling = try run(rollback: "{ errorRate: 45%, window: 5m }")
        let sliding = try run(rollback: "{ errorRate: 45%, window: 5m, every: 1m }")
        let t = try #require(tumbling.incidents.first)
        let s = try #require(sliding.incidents.first)
        #expect(t.end == nil, "tumbling rolled back at \(t.end ?? -1)")
        let detected = try #require(s.end)
        // The burst starts at 00:24 (1,440 s): detected by 00:24 + 5 m + 1 m, on a whole minute.
        #expect(detected > 1_440 && detected <= 1_440 + 360, "sliding rolled back at \(detected)")
        #expect(detected.truncatingRemainder(dividingBy: 60) == 0)
        // The burst is what made the difference: both runs had timeouts in it.
        #expect(tumbling.result.failuresByCause.timeout > 1_000)
    }

    /// Sliding windows evaluate every tumbling window too (at each multiple of `window`, the
    /// last `window` is exactly the tumbling window), and never before a full window: a constant
    /// bad version (50% errors) is rolled back at the first window's end under both.
    @Test func slidingIsNeverLaterThanTumbling() throws {
        for rollback in ["{ errorRate: 10%, window: 5m }", "{ errorRate: 10%, window: 5m, every: 30s }"] {
            let yaml = faultScenario(
                faults: "  []", duration: "1h",
                releases: """
                      - { service: api, at: "00:20", stages: [ { canary: { soak: 1h } } ],
                          bad: { probability: 1, errorRate: 50% }, rollback: \(rollback) }
                    """)
            let out = try Runner.run(try ScenarioLoader.parse(yaml: yaml))
            let i = try #require(out.incidents.first)
            #expect(i.end.map { $0 - i.start } == 300, "\(rollback)")
        }
    }

    /// `every` must divide `window`: reported at its line and column.
    @Test func everyMustDivideTheWindow() throws {
        let yaml = faultScenario(
            faults: "  []",
            releases: """
                  - { service: api, at: "00:20", stages: [ { canary: { soak: 1h } } ],
                      bad: { probability: 1, errorRate: 50% }, rollback: { errorRate: 10%, window: 5m, every: 2m } }
                """)
        #expect {
            _ = try ScenarioLoader.parse(yaml: yaml)
        } throws: { error in
            "\(error)".contains("releases[0].rollback.every") && "\(error)".contains("divide")
        }
    }
}
