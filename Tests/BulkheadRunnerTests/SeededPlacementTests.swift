import BulkheadModel
import BulkheadPlacement
import BulkheadScenario
import BulkheadStochastic
import Testing

@testable import BulkheadRunner

/// Placement draws from the named stream `placement` of (seed, replication): the `random` and
/// `shuffle-shard` presets place differently for another seed or replication, identically for the
/// same ones, `place` agrees with `run` at replication 0, and re-placements continue the stream
/// instead of repeating the first draw.
@Suite struct SeededPlacementTests {
    /// Twelve 8-core machines, three services of four 1-core replicas: many ways to place them.
    static let yaml = """
        name: seeded
        seed: 1
        duration: 2m
        warmup: 0s
        machineTypes: { m: { cpu: 8, memory: 32Gi } }
        racks: [ { name: r, type: m, machines: 6 }, { name: s, type: m, machines: 6 } ]
        loadBalancers:
          - name: front
            traffic: { rate: 10/s }
            routes: { a: 0.4, b: 0.3, c: 0.3 }
        services:
          - { name: a, tenant: ta, replicas: 4, resources: { requests: { cpu: "1", memory: 1Gi } }, work: { cpu: { constant: 1ms } } }
          - { name: b, tenant: tb, replicas: 4, resources: { requests: { cpu: "1", memory: 1Gi } }, work: { cpu: { constant: 1ms } } }
          - { name: c, tenant: tc, replicas: 4, resources: { requests: { cpu: "1", memory: 1Gi } }, work: { cpu: { constant: 1ms } } }
        """

    func machines(_ policy: String, seed: UInt64, replication: Int = 0) throws -> [Int] {
        let scenario = try ScenarioLoader.parse(yaml: Self.yaml)
        let out = try Runner.run(
            scenario, options: .init(seed: seed, policy: policy, replication: replication, measureIncidents: false))
        return out.placement.placement.containers.map(\.machine)
    }

    @Test(arguments: ["random", "shuffle-shard"])
    func seedsAndReplicationsChangeTheDraw(policy: String) throws {
        let one = try machines(policy, seed: 1)
        #expect(try machines(policy, seed: 1) == one, "same seed, same placement")
        #expect(try machines(policy, seed: 2) != one, "another seed, another placement")
        #expect(try machines(policy, seed: 1, replication: 1) != one, "another replication, another placement")
    }

    @Test func deterministicPoliciesIgnoreTheSeed() throws {
        #expect(try machines("binpack", seed: 1) == machines("binpack", seed: 2))
    }

    @Test(arguments: ["random", "shuffle-shard", "spread"])
    func placeAgreesWithRunAtReplicationZero(policy: String) throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.yaml)
        let config = try ScenarioCompiler.compile(scenario)
        let analysed = try PlacementAnalysis.analyse(config: config, policy: policy, seed: 7)
        let viaPlace = analysed.rows.filter { $0.status == .placed }.map(\.machine)
        let viaRun = try machines(policy, seed: 7).map { config.machines[$0].name }
        #expect(viaPlace == viaRun)
    }

    /// The rescheduler owns one generator for the whole simulation: asking twice for the same
    /// container on the same cluster draws twice, as two re-placements in a run do.
    @Test func replacementsContinueTheStream() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.yaml)
        let config = try ScenarioCompiler.compile(scenario)
        let seed = Placer.streamSeed(seed: 1, replication: 0)
        let placed = try Placer.place(PlacementRequest(config: config, policy: "random", seed: seed))
        let r = PolicyRescheduler(config: config, policy: "random", seed: seed, generator: placed.generator)
        let running = placed.placement.containers
        let draws = (0..<8).map { _ in r.machine(service: 0, replica: 0, running: running, down: []) }
        #expect(draws.allSatisfy { $0 != nil })
        #expect(Set(draws).count > 1, "each re-placement draws anew: \(draws)")
        // A second rescheduler from the same state makes the same draws (the twin run).
        let twin = PolicyRescheduler(config: config, policy: "random", seed: seed, generator: placed.generator)
        #expect((0..<8).map { _ in twin.machine(service: 0, replica: 0, running: running, down: []) } == draws)
    }
}
