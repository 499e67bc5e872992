import BulkheadMetrics
import BulkheadRunner
import BulkheadScenario
import Testing

/// Releases on the small cluster of `faultScenario`: api has 2 replicas and 28 requests/s
/// (70% of 40/s), 14/s per replica under round-robin.
@Suite("Releases: dark canary, canary, rolling update, rollback")
struct ReleaseTests {
    func run(_ release: String, duration: String = "2h") throws -> Runner.Output {
        try Runner.run(
            try ScenarioLoader.parse(yaml: faultScenario(faults: "  []", duration: duration, releases: "  - " + release)))
    }

    /// A bad canary failing 50% of its requests is rolled back at the first 5-minute window:
    /// 14/s × 300 s × 0.5 ≈ 2,100 bad-release failures (sd ≈ 35), one replica's worth.
    @Test func badCanaryIsRolledBackAfterOneWindow() throws {
        let out = try run(
            """
            { service: api, at: "00:20", stages: [ { canary: { soak: 30m } }, { release: { batch: 1, interval: 5m } } ],
                bad: { probability: 1, errorRate: 50% }, rollback: { errorRate: 10%, window: 5m } }
            """)
        let i = try #require(out.incidents.first)
        #expect(i.kind == "release" && i.target == "api")
        #expect(i.end.map { $0 - i.start } == 300)
        let bad = out.result.failuresByCause.badRelease
        #expect(bad > 1_800 && bad < 2_400, "bad-release \(bad)")
        #expect(i.servicesAffected == ["api"])
    }

    /// Without a rollback rule the bad version reaches every replica and the incident stays open;
    /// after the rolling update, half of all api requests fail.
    @Test func withoutRollbackTheBadVersionReachesEveryReplica() throws {
        let out = try run(
            """
            { service: api, at: "00:20", stages: [ { release: { batch: 1, interval: 10m } } ],
                bad: { probability: 1, errorRate: 50% } }
            """)
        let i = try #require(out.incidents.first)
        #expect(i.end == nil)
        // One replica bad for 10 minutes, then both for 90: 14·600·0.5 + 28·5400·0.5 ≈ 79,800.
        let bad = Double(out.result.failuresByCause.badRelease)
        #expect(abs(bad - 79_800) < 2_000, "bad-release \(bad)")
    }

    /// A good version changes nothing: no incident, no failure, the same requests as without it.
    @Test func aGoodReleaseIsNotAnIncident() throws {
        let out = try run(
            """
            { service: api, at: "00:20", stages: [ { canary: { soak: 10m } }, { release: { batch: 1 } } ],
                bad: { probability: 0, errorRate: 50% }, rollback: { errorRate: 1% } }
            """)
        #expect(out.incidents.isEmpty)
        #expect(out.result.requests.failed == 0)
    }

    /// A dark canary receives only `share` of the service's requests and none of the balancer's
    /// round-robin: with errorRate 100% and no rollback, 10% × 28/s × 600 s ≈ 1,680 (sd ≈ 40).
    @Test func darkCanaryTakesOnlyItsShare() throws {
        let out = try run(
            """
            { service: api, at: "00:20", stages: [ { dark-canary: { share: 10%, soak: 10m } }, { canary: { soak: 2h } } ],
                bad: { probability: 1, errorRate: 100% }, rollback: { errorRate: 50%, window: 20m } }
            """)
        let i = try #require(out.incidents.first)
        // The first window check (00:40) sees the live canary's 10 minutes at 100%: rolled back.
        #expect(i.end.map { $0 - i.start } == 1_200)
        // 10 min dark (10% of 28/s) + 10 min live canary (half of 28/s).
        let expected = 0.1 * 28 * 600 + 14 * 600
        let bad = Double(out.result.failuresByCause.badRelease)
        #expect(abs(bad - expected) < 500, "bad-release \(bad) vs \(expected)")
    }

    /// A bad version's CPU factor is caught through the timeouts it causes: 1 core, work 5 ms ×
    /// 400 = 2 s per request on the canary, past the 1 s timeout, so every request it takes times out.
    @Test func cpuFactorTimeoutsTriggerRollback() throws {
        let out = try run(
            """
            { service: api, at: "00:20", stages: [ { canary: { soak: 1h } } ],
                bad: { probability: 1, cpuFactor: 400 }, rollback: { errorRate: 20%, window: 5m } }
            """)
        let i = try #require(out.incidents.first)
        #expect(i.end.map { $0 - i.start } == 300)
        #expect(out.result.failuresByCause.badRelease == 0)
        #expect(out.result.failuresByCause.timeout > 1_000)
    }
}
