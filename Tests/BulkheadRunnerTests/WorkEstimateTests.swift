import BulkheadRunner
import BulkheadScenario
import Foundation
import Testing

/// The work estimate made before simulating, and the guards built on it (issue 16's findings:
/// `replicas: 2000000000` grew to 5.8 GB silently; `rate: 1e15/s` would have run for years).
@Suite struct WorkEstimateTests {
    static let yaml = """
        name: est
        duration: 1h
        machineTypes: { m: { cpu: 8, memory: 32Gi } }
        racks: [ { name: r, type: m, machines: 1 } ]
        loadBalancers:
          - { name: front, traffic: { rate: 100/s }, routes: { a: 1 } }
        services:
          - { name: a, tenant: t, replicas: 2, resources: { requests: { cpu: "1", memory: 1Gi } }, work: { cpu: { constant: 1ms } }, calls: [ { service: b } ] }
          - { name: b, tenant: t, replicas: 2, resources: { requests: { cpu: "1", memory: 1Gi } }, work: { cpu: { constant: 1ms } } }
        """

    @Test func requestsAreTheIntegralOfTheRateTimesTheCalls() throws {
        let e = WorkEstimate.of(try ScenarioLoader.parse(yaml: Self.yaml))
        // 100/s for 3600 s, each external request to `a` also calls `b`.
        #expect(abs(e.requests - 720_000) < 1)
        #expect(e.containers == 4 && e.machines == 1)
        #expect(e.refusal(.init()) == nil)
    }

    @Test func hugeReplicasAreRefusedWithoutCompiling() throws {
        let s = try ScenarioLoader.parse(yaml: Self.yaml, overrides: ["services[0].replicas=2000000000"])
        let clock = ContinuousClock()
        var e: WorkEstimate?
        let took = clock.measure { e = WorkEstimate.of(s) }
        #expect(e?.refusal(.init())?.contains("containers") == true)
        #expect(e?.requests == 0, "the arrival rates were not integrated: nothing was compiled")
        #expect(took < .seconds(1))
    }

    @Test func hugeRatesAreRefusedAsTooLong() throws {
        let s = try ScenarioLoader.parse(yaml: Self.yaml, overrides: ["loadBalancers[0].traffic.rate=1e15/s"])
        let e = WorkEstimate.of(s)
        #expect(e.requests > 1e18)
        #expect(e.refusal(.init())?.contains("longer than") == true)
        #expect(e.line.contains("years"), "\(e.line)")
    }

    @Test func longDurationsAreIntegratedCheaply() throws {
        let s = try ScenarioLoader.parse(yaml: Self.yaml, overrides: ["duration=36500d"])
        var unbounded = WorkEstimate.Limits()
        unbounded.bytes = .infinity  // a century of per-minute series exceeds any machine's memory
        let e = WorkEstimate.of(s, limits: unbounded)
        #expect(e.refusal(.init()) != nil)
        #expect(abs(e.requests / (200 * 36_500 * 86_400) - 1) < 1e-9)
    }
}
