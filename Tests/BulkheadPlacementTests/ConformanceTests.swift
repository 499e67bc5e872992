import BulkheadModel
import BulkheadPlacement
import BulkheadStochastic
import Testing

@Suite("Conformance: every preset")
struct ConformanceTests {
    @Test("Valid, complete and deterministic on random instances", arguments: allPolicyNames)
    func invariants(policy: String) throws {
        var unschedulableSeen = 0
        for seed in UInt64(0)..<300 {
            let (config, failed) = randomInstance(seed: seed)
            let req = PlacementRequest(config: config, policy: policy, failedMachines: failed)
            let a = try Placer.place(req)
            let b = try Placer.place(req)
            #expect(a.placement.containers == b.placement.containers, "seed \(seed) not deterministic")
            #expect(a.unschedulable == b.unschedulable)
            let v = violations(a, config, failed: failed)
            #expect(v.isEmpty, "seed \(seed): \(v)")
            unschedulableSeen += a.unschedulable.count
        }
        #expect(unschedulableSeen > 0, "the random instances should exercise the unschedulable path")
    }

    @Test("Indexed placer equals the naive oracle", arguments: allPolicyNames)
    func oracle(policy: String) throws {
        for seed in UInt64(1000)..<1600 {
            let (config, failed) = randomInstance(seed: seed)
            let req = PlacementRequest(config: config, policy: policy, failedMachines: failed)
            let fast = try Placer.place(req)
            let slow = try Placer.placeNaive(req)
            #expect(fast.placement.containers == slow.placement.containers, "seed \(seed)")
            #expect(fast.unschedulable == slow.unschedulable, "seed \(seed)")
            #expect(fast.policy == slow.policy)
        }
    }

    @Test("Oracle agreement on larger instances with many ties", arguments: PlacementPolicy.presets.map(\.name))
    func oracleLarge(policy: String) throws {
        var g = SplitMix64(seed: 42)
        for round in 0..<6 {
            let machines = (0..<300).map { i in
                machine(
                    "m\(i)", cpu: [8, 16, 32].randomElement(using: &g)!, memory: [16, 64].randomElement(using: &g)! * gibibyte,
                    role: i % 7 == 0 ? "db" : nil)
            }
            let services = (0..<60).map { i in
                service(
                    "s\(i)", replicas: Int.random(in: 1...40, using: &g), cpu: [0.25, 0.5, 1, 2, 4].randomElement(using: &g)!,
                    memory: [0.5, 1, 2, 4].randomElement(using: &g)! * gibibyte, role: i % 9 == 0 ? "db" : nil)
            }
            let config = cluster(machines, services, maxContainers: 12 + round)
            let req = PlacementRequest(config: config, policy: policy, failedMachines: [3, 7, 100])
            let fast = try Placer.place(req)
            let slow = try Placer.placeNaive(req)
            #expect(fast.placement.containers == slow.placement.containers, "round \(round)")
            #expect(fast.unschedulable == slow.unschedulable, "round \(round)")
            #expect(violations(fast, config, failed: [3, 7, 100]).isEmpty)
        }
    }

    @Test(
        "Oracle agreement with identical machines and containers (all ties) and zero capacities",
        arguments: PlacementPolicy.presets.map(\.name))
    func oracleTies(policy: String) throws {
        let machines =
            (0..<64).map { machine("m\($0)", cpu: 8, memory: 16 * gibibyte) }
            + [machine("nomem", cpu: 8, memory: 0), machine("nocpu", cpu: 0, memory: 16 * gibibyte)]
        let services = [
            service("a", replicas: 100, cpu: 1, memory: 2 * gibibyte), service("b", replicas: 50, cpu: 0, memory: 0),
            service("c", replicas: 30, cpu: 0.5, memory: 0), service("d", replicas: 400, cpu: 1, memory: 1 * gibibyte),
        ]
        for maxContainers in [3, 7, 110] {
            let config = cluster(machines, services, maxContainers: maxContainers)
            let req = PlacementRequest(config: config, policy: policy, failedMachines: [5])
            let fast = try Placer.place(req)
            let slow = try Placer.placeNaive(req)
            #expect(fast.placement.containers == slow.placement.containers, "max \(maxContainers)")
            #expect(fast.unschedulable == slow.unschedulable, "max \(maxContainers)")
            #expect(violations(fast, config, failed: [5]).isEmpty)
        }
    }
}
