import Foundation
import Testing

@testable import BulkheadScenario

@Suite("Normative example and shipped scenarios")
struct NormativeExampleTests {
    @Test func normativeExampleDecodesWithNormalisedUnits() throws {
        // As written, the example's routes name services it does not define: exactly those are reported.
        let diags = Fixtures.diagnostics(Fixtures.normative)
        #expect(
            Set(diags.map(\.path)) == [
                "loadBalancers[0].routes.product", "loadBalancers[0].routes.cart",
                "loadBalancers[0].routes.checkout", "loadBalancers[0].routes.search",
            ])

        let s = try ScenarioLoader.parse(yaml: Fixtures.normativeComplete)
        #expect(s.name == "gilt-japan")
        #expect(s.seed == 42)
        #expect(s.duration == 24 * 3600 * 1_000_000_000)
        #expect(s.warmup == 30 * 60 * 1_000_000_000)
        #expect(s.machineTypes.map(\.name) == ["box", "db"])
        #expect(s.machineTypes[1] == MachineTypeSpec(name: "db", cpu: 32, memory: 256 * 1_073_741_824))
        #expect(s.racks[2] == RackSpec(name: "rack-data", type: "db", machines: 3, role: "data"))
        #expect(s.maxContainersPerMachine == 40)

        let lb = s.loadBalancers[0]
        #expect(lb.algorithm == .leastConnections)
        #expect(
            lb.healthCheck
                == HealthCheckSpec(
                    interval: 5_000_000_000, unhealthyThreshold: 3, healthyThreshold: 2,
                    timeout: 1_000_000_000))
        #expect(lb.connectTimeout == 1_000_000_000)
        #expect(lb.traffic.rate == 400)
        #expect(lb.traffic.daily?.interpolation == .linear)
        #expect(lb.traffic.daily?.points.count == 6)
        #expect(lb.traffic.daily?.points[3] == DailyPoint(timeOfDay: 43_200_000_000_000, value: 1.0))
        #expect(
            lb.traffic.spikes == [
                SpikeSpec(
                    at: 43_200_000_000_000, duration: 1_800_000_000_000, multiplier: 3.5,
                    ramp: 120_000_000_000)
            ])
        #expect(lb.routes.map(\.service) == ["catalog", "product", "cart", "checkout", "search"])
        #expect(lb.routes[0].weight == 0.45)

        let catalog = try #require(s.service(named: "catalog"))
        #expect(catalog.tenant == "browse")
        #expect(catalog.replicas == 12)
        #expect(
            catalog.resources
                == ResourcesSpec(
                    requestsCPU: 0.5, requestsMemory: 1_073_741_824, limitsCPU: 2,
                    limitsMemory: 2_147_483_648))
        #expect(catalog.work.cpu == .lognormal(mean: 0.008, cv: 1.5))
        #expect(catalog.memory == MemorySpec(base: 600 * 1_048_576, perRequest: 4 * 1_048_576))
        #expect(catalog.calls == [CallSpec(service: "postgres", count: 2)])
        #expect(catalog.timeout == 2_000_000_000)
        #expect(catalog.slo == SLOSpec(latencyP99: 250_000_000, availability: 0.999))

        let pg = try #require(s.service(named: "postgres"))
        #expect(pg.role == "data")
        #expect(pg.resources.limitsCPU == nil && pg.resources.limitsMemory == nil)
        #expect(pg.work.cpu == .exponential(mean: 0.001))
        #expect(pg.memory == nil && pg.timeout == nil && pg.slo == nil && pg.calls.isEmpty)
        #expect(s.placement == PlacementSpec(policy: "spread"))
        #expect(s.isolation == IsolationSpec(cpu: .shares, memory: .limits))
        #expect(s.warnings.isEmpty)
    }

    @Test func defaultsApply() throws {
        let s = try ScenarioLoader.parse(yaml: Fixtures.small)
        #expect(s.seed == 1)
        #expect(s.warmup == 0)
        #expect(s.maxContainersPerMachine == nil)
        #expect(s.placement.policy == "spread")
        #expect(s.isolation == IsolationSpec(cpu: .shares, memory: .limits))
        let lb = s.loadBalancers[0]
        #expect(lb.algorithm == .roundRobin)
        #expect(lb.healthCheck == HealthCheckSpec())
        #expect(lb.traffic.daily == nil && lb.traffic.weekly == nil && lb.traffic.spikes.isEmpty)
        #expect(s.services[1].calls.isEmpty)
    }

    @Test func shippedMinimalScenarioLoads() throws {
        let path = Fixtures.repoRoot.appendingPathComponent("scenarios/minimal.yaml").path
        let s = try ScenarioLoader.load(path: path)
        #expect(s.name == "minimal")
        #expect(s.services.count == 1 && s.warnings.isEmpty)
    }

    @Test func shippedGiltJapanScenarioLoads() throws {
        let path = Fixtures.repoRoot.appendingPathComponent("scenarios/gilt-japan.yaml").path
        let s = try ScenarioLoader.load(path: path)
        #expect(s.name == "gilt-japan")
        #expect(s.services.count >= 20)
        let containers = s.services.reduce(0) { $0 + $1.replicas }
        #expect((150...200).contains(containers))
        #expect(Set(s.services.map(\.tenant)).count >= 6)
        // Peak at the front balancer: rate × daily(noon) × spike ≈ 1,500/s.
        let lb = s.loadBalancers[0]
        let noon = lb.traffic.daily!.points.first { $0.timeOfDay == 43_200_000_000_000 }!.value
        let peak = lb.traffic.rate * noon * lb.traffic.spikes[0].multiplier
        #expect((1400...1600).contains(peak))
        // Only the background metrics agent is unreached, and that is a warning.
        #expect(s.warnings.map(\.path) == ["services[\(s.services.firstIndex { $0.name == "metrics-agent" }!)].name"])
    }

    @Test func jsonEchoRoundTrips() throws {
        let s = try ScenarioLoader.parse(yaml: Fixtures.normativeComplete)
        let data = try JSONEncoder().encode(s)
        let back = try JSONDecoder().decode(Scenario.self, from: data)
        #expect(back == s)
    }

    @Test func loadingAMissingFileIsADiagnostic() {
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: "/nonexistent/x.yaml") }
    }
}
