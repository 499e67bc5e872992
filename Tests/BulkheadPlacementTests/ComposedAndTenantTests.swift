import BulkheadModel
import BulkheadPlacement
import BulkheadStochastic
import Testing

/// Tenant-rule violations of a placement: a dedicated tenant sharing a machine, or avoided tenants together.
func tenantViolations(_ res: PlacementResult, _ config: ClusterConfig) -> [String] {
    var on: [Int: Set<String>] = [:]
    for c in res.placement.containers { on[c.machine, default: []].insert(config.services[c.service].tenant) }
    var problems: [String] = []
    for (m, ts) in on where ts.count > 1 {
        for t in ts {
            let rule = config.tenantRules[t] ?? .init()
            if rule.dedicated { problems.append("dedicated \(t) shares machine \(m) with \(ts)") }
            for u in rule.avoid where u != t && ts.contains(u) { problems.append("\(t) and avoided \(u) on machine \(m)") }
        }
    }
    return problems
}

typealias Composed = ClusterConfig.ComposedPolicy

let everyScorer: [Composed.Scorer] = [
    .init(kind: .leastAllocated, weight: 1), .init(kind: .mostAllocated, weight: 0.5),
    .init(kind: .balancedAllocation, weight: 1), .init(kind: .topologySpread, weight: 2, key: .rack),
    .init(
        kind: .requestedToCapacityRatio, weight: 1,
        shape: [.init(utilization: 0, score: 0), .init(utilization: 100, score: 10)]),
    .init(kind: .tetris, weight: 1), .init(kind: .random, weight: 1),
]

/// Adds random tenant rules over the random instance's tenants t0, t1, t2.
func withRandomTenantRules(_ c: ClusterConfig, seed: UInt64) -> ClusterConfig {
    var g = SplitMix64(seed: seed ^ 0xABCDEF)
    var c = c
    for t in ["t0", "t1", "t2"] {
        c.tenantRules[t] = .init(
            dedicated: Int.random(in: 0..<4, using: &g) == 0,
            avoid: Int.random(in: 0..<3, using: &g) == 0 ? ["t\(Int.random(in: 0..<3, using: &g))"] : [])
    }
    return c
}

@Suite("Composed policies and tenant rules")
struct ComposedAndTenantTests {
    @Test("A composed policy passes the conformance invariants and is deterministic")
    func composedConformance() throws {
        var unschedulable = 0
        for seed in UInt64(0)..<300 {
            var (config, failed) = randomInstance(seed: seed)
            config.composedPolicy = .init(scorers: everyScorer)
            let req = PlacementRequest(config: config, policy: "custom", failedMachines: failed, seed: seed)
            let a = try Placer.place(req)
            let b = try Placer.place(req)
            #expect(a.policy == "custom")
            #expect(a.placement.containers == b.placement.containers, "seed \(seed) not deterministic")
            #expect(a.unschedulable == b.unschedulable)
            let v = violations(a, config, failed: failed)
            #expect(v.isEmpty, "seed \(seed): \(v)")
            unschedulable += a.unschedulable.count
        }
        #expect(unschedulable > 0)
    }

    @Test("custom without a composed policy is an unknown policy")
    func customNeedsComposedPolicy() {
        let c = cluster([machine("m0", cpu: 1, memory: gibibyte)], [])
        #expect(throws: PlacementError.self) { try Placer.place(.init(config: c, policy: "custom")) }
    }

    @Test(
        "[mostAllocated] places as binpack and [leastAllocated] as spread",
        arguments: [
            (Composed.Scorer.Kind.mostAllocated, "binpack"), (.leastAllocated, "spread"),
        ])
    func singleScorerEqualsPreset(kind: Composed.Scorer.Kind, preset: String) throws {
        for seed in UInt64(2000)..<2400 {
            var (config, failed) = randomInstance(seed: seed)
            config.composedPolicy = .init(scorers: [.init(kind: kind, weight: 1)])
            let composed = try Placer.place(.init(config: config, policy: "custom", failedMachines: failed))
            let named = try Placer.place(.init(config: config, policy: preset, failedMachines: failed))
            #expect(composed.placement.containers == named.placement.containers, "seed \(seed)")
            #expect(composed.unschedulable == named.unschedulable, "seed \(seed)")
        }
    }

    @Test(
        "Random tenant rules: every preset and the composed policy respect them; fast = naive",
        arguments: allPolicyNames + ["custom"])
    func tenantRulesEverywhere(policy: String) throws {
        for seed in UInt64(3000)..<3200 {
            let (base, failed) = randomInstance(seed: seed)
            var config = withRandomTenantRules(base, seed: seed)
            config.composedPolicy = .init(scorers: everyScorer)
            let req = PlacementRequest(config: config, policy: policy, failedMachines: failed, seed: seed)
            let fast = try Placer.place(req)
            let slow = try Placer.placeNaive(req)
            #expect(violations(fast, config, failed: failed).isEmpty, "seed \(seed)")
            #expect(tenantViolations(fast, config).isEmpty, "seed \(seed): \(tenantViolations(fast, config))")
            if !policy.contains("shuffle") {
                #expect(fast.placement.containers == slow.placement.containers, "seed \(seed)")
            }
        }
    }

    @Test("A dedicated tenant never shares a machine, and others stay off its machines")
    func dedicatedTenant() throws {
        let ms = (0..<8).map { machine("m\($0)", cpu: 8, memory: 8 * gibibyte) }
        var c = cluster(
            ms,
            [
                service("a", replicas: 3, cpu: 1, memory: gibibyte, tenant: "acme"),
                service("b", replicas: 3, cpu: 1, memory: gibibyte, tenant: "beta"),
                service("d", replicas: 2, cpu: 1, memory: gibibyte, tenant: "ded"),
                service("e", replicas: 2, cpu: 1, memory: gibibyte, tenant: "acme"),
            ])
        c.tenantRules["ded"] = .init(dedicated: true)
        for p in ["binpack", "spread", "first-fit"] {
            let r = try Placer.place(.init(config: c, policy: p))
            #expect(r.unschedulable.isEmpty)
            #expect(tenantViolations(r, c).isEmpty, "\(p): \(tenantViolations(r, c))")
            let dedMachines = Set(r.placement.containers.filter { $0.service == 2 }.map(\.machine))
            let others = Set(r.placement.containers.filter { $0.service != 2 }.map(\.machine))
            #expect(dedMachines.isDisjoint(with: others), "\(p)")
        }
        // binpack: a and b fill m0 (6 containers), d goes to m1 alone, e back to m0.
        let r = try Placer.place(.init(config: c, policy: "binpack"))
        #expect(r.placement.containers.map(\.machine) == [0, 0, 0, 0, 0, 0, 1, 1, 0, 0])
    }

    @Test("avoidTenants applies both ways, and reasons are reported")
    func avoidTenantsBothWays() throws {
        let ms = (0..<2).map { machine("m\($0)", cpu: 8, memory: 8 * gibibyte) }
        let svcs = [
            service("a", replicas: 2, cpu: 1, memory: gibibyte, tenant: "acme"),
            service("b", replicas: 2, cpu: 1, memory: gibibyte, tenant: "beta"),
        ]
        for rule in [("acme", "beta"), ("beta", "acme")] {
            var c = cluster(ms, svcs)
            c.tenantRules[rule.0] = .init(avoid: [rule.1])
            let r = try Placer.place(.init(config: c, policy: "binpack"))
            #expect(r.placement.containers.map(\.machine) == [0, 0, 1, 1], "\(rule)")
            #expect(tenantViolations(r, c).isEmpty)
        }
        // One machine: the second tenant is unschedulable, reason "avoided tenant".
        var one = cluster([machine("m0", cpu: 8, memory: 8 * gibibyte)], svcs)
        one.tenantRules["beta"] = .init(avoid: ["acme"])
        let r = try Placer.place(.init(config: one, policy: "spread"))
        #expect(r.placement.containers.count == 2)
        #expect(r.unschedulable.count == 2)
        #expect(r.unschedulable.first?.reason == "0/1 machines: 1 avoided tenant")
        #expect(r.unschedulable.first?.counts == [TenantFilter.avoidedReason: 1])
        // Dedicated: reason "dedicated tenant".
        var ded = cluster([machine("m0", cpu: 8, memory: 8 * gibibyte)], svcs)
        ded.tenantRules["acme"] = .init(dedicated: true)
        let d = try Placer.place(.init(config: ded, policy: "first-fit"))
        #expect(d.unschedulable.map(\.service) == [1, 1])
        #expect(d.unschedulable.first?.reason == "0/1 machines: 1 dedicated tenant")
    }

    @Test("A composed filter list drops the filters it omits (health always applies)")
    func composedFilters() throws {
        let ms = [machine("m0", cpu: 8, memory: 8 * gibibyte, role: "db"), machine("m1", cpu: 8, memory: 8 * gibibyte)]
        var c = cluster(ms, [service("a", replicas: 2, cpu: 1, memory: gibibyte, role: "db")])
        c.composedPolicy = .init(filters: [.fits], scorers: [.init(kind: .leastAllocated)])
        let r = try Placer.place(.init(config: c, policy: "custom", failedMachines: [0]))
        #expect(r.placement.containers.map(\.machine) == [1, 1])  // role ignored, failed m0 avoided
    }

    @Test("requestedToCapacityRatio interpolates the shape")
    func requestedToCapacityRatio() {
        let s = RequestedToCapacityRatioScorer(shape: [
            .init(utilization: 0, score: 10), .init(utilization: 50, score: 0),
            .init(utilization: 100, score: 10),
        ])
        #expect(s.value(at: 0) == 10)
        #expect(s.value(at: 25) == 5)
        #expect(s.value(at: 75) == 5)
        #expect(s.value(at: 100) == 10)
        // Bin-packing shape: a composed [requestedToCapacityRatio 0→0, 100→10] fills the fuller machine.
        let ms = (0..<3).map { machine("m\($0)", cpu: 4, memory: 4 * gibibyte) }
        var c = cluster(ms, [service("a", replicas: 4, cpu: 1, memory: gibibyte)])
        c.composedPolicy = .init(scorers: [
            .init(
                kind: .requestedToCapacityRatio,
                shape: [.init(utilization: 0, score: 0), .init(utilization: 100, score: 10)])
        ])
        let r = try? Placer.place(.init(config: c, policy: "custom"))
        #expect(r?.placement.containers.map(\.machine) == [0, 0, 0, 0])
    }
}
