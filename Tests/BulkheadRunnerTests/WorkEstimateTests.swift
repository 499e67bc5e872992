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
        let e = WorkEstimate.of(s)
        #expect(e.refusal(.init())?.contains("longer than") == true, "refused for its time, not its memory")
        #expect(abs(e.requests / (200 * 36_500 * 86_400) - 1) < 1e-9)
    }

    /// The per-minute series are streamed to a store with a bounded buffer (issue 16, item 7), so
    /// the memory estimate must not grow with the simulated duration: gilt-japan's peak RSS was
    /// measured flat from 1 to 30 days (docs/validation.md, "Long runs").
    @Test func memoryIsConstantInTheSimulatedDuration() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios/gilt-japan.yaml").path
        let bytes = try ["1h", "24h", "7d", "30d", "365d"].map { d in
            WorkEstimate.counts(of: try ScenarioLoader.load(path: path, overrides: ["duration=\(d)"])).bytes
        }
        #expect(Set(bytes).count == 1, "\(bytes)")
        let month = WorkEstimate.of(try ScenarioLoader.load(path: path, overrides: ["duration=30d"]))
        #expect(month.refusal(.init()) == nil, "a 30-day gilt-japan run is not refused: \(month.line)")
    }

    /// The one term that still grows: an autoscaled service's per-minute replica counts (16 bytes
    /// per minute), i.e. 0.7 MB per service for 30 days.
    @Test func onlyAutoscaledServicesAddMemoryPerMinute() throws {
        let fixed = try ScenarioLoader.parse(yaml: Self.yaml)
        let scaled = try ScenarioLoader.parse(
            yaml: Self.yaml.replacingOccurrences(
                of: "replicas: 2, resources", with: "replicas: 2, autoscaling: { min: 1, max: 4, targetCPU: 60% }, resources"))
        let scaledServices = scaled.services.filter { $0.autoscaling != nil }.count
        #expect(scaledServices == 2)
        func growth(_ s: Scenario) -> Double {
            var hour = s, month = s
            hour.duration = 3_600 * 1_000_000_000
            month.duration = 721 * 3_600 * 1_000_000_000
            return WorkEstimate.counts(of: month).bytes - WorkEstimate.counts(of: hour).bytes
        }
        #expect(growth(fixed) == 0)
        #expect(growth(scaled) == Double(scaledServices) * 720 * 60 * 16)
    }
}
