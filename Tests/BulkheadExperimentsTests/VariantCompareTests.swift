import BulkheadExperiments
import BulkheadResults
import BulkheadScenario
import Foundation
import Testing

/// `compare --variant`: variants of one scenario (here CPU isolation settings) compared with common
/// random numbers, summarised as policies are.
@Suite struct VariantCompareTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func variant(_ name: String, _ overrides: [String]) throws -> Comparison.Variant {
        let path = Self.root.appendingPathComponent("scenarios/limits-dilemma.yaml").path
        return Comparison.Variant(
            name: name, scenario: try ScenarioLoader.load(path: path, overrides: ["duration=3m", "warmup=30s"] + overrides))
    }

    @Test func parsesNameAndOverrides() {
        #expect(
            Comparison.parseVariant("tight: isolation.cpu=quota; services[0].replicas=2")?.overrides
                == ["isolation.cpu=quota", "services[0].replicas=2"])
        #expect(Comparison.parseVariant("tight: a=b")?.name == "tight")
        #expect(Comparison.parseVariant("no-colon") == nil)
        #expect(Comparison.parseVariant("empty:  ; ") == nil)
    }

    /// Same traffic in every variant of a replication; identical variants differ by exactly 0; the
    /// limits dilemma shows: a tight quota raises the api's own p99, a burst takes it back, and the
    /// spinner's quota lowers the neighbour's p99 against shares only.
    @Test func isolationVariantsShareTheTrafficAndShowTheDilemma() throws {
        let c = try Comparison.run(
            variants: [
                try variant("shares-only", ["isolation.cpu=shares"]), try variant("same", ["isolation.cpu=shares"]),
                try variant("tight-quota", ["isolation.cpu=quota"]),
                try variant("quota-burst", ["isolation.cpu=quota", "services[0].resources.limits.cpuBurst=100ms"]),
            ], replications: 4, jobs: 2)
        #expect(c.policies == ["shares-only", "same", "tight-quota", "quota-burst"])
        let shop = try #require(c.metrics.first { $0.name == "tenant.shop.p99" })
        #expect(shop.policies[1].differenceToBaseline == Estimate(mean: 0, halfWidth: 0, count: 4))
        let tight = try #require(shop.policies[2].differenceToBaseline)
        #expect(tight.mean - tight.halfWidth > 0, "a tight quota throttles the api: \(tight)")
        let burst = shop.policies[3].estimate.mean
        #expect(burst < shop.policies[2].estimate.mean, "the burst gives the api its latency back")
        let content = try #require(c.metrics.first { $0.name == "tenant.content.p99" })
        let neighbour = try #require(content.policies[2].differenceToBaseline)
        #expect(neighbour.mean + neighbour.halfWidth < 0, "capping the spinner helps the neighbour: \(neighbour)")
        #expect(c.metrics.contains { $0.name == "cpu.throttledPeriods" })
    }
}
