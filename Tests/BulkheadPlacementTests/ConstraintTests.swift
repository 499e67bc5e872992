import BulkheadModel
import BulkheadPlacement
import Testing

@Suite("Constraints and new presets (hand-checked)")
struct ConstraintTests {
    /// Two racks of two 4-core machines.
    let twoRacks = [
        machine("a1", cpu: 4, memory: 8 * gibibyte, rack: 0), machine("a2", cpu: 4, memory: 8 * gibibyte, rack: 0),
        machine("b1", cpu: 4, memory: 8 * gibibyte, rack: 1), machine("b2", cpu: 4, memory: 8 * gibibyte, rack: 1),
    ]

    func machinesOf(_ r: PlacementResult) -> [Int] { r.placement.containers.map(\.machine) }

    @Test func rackSpreadAlternatesRacks() throws {
        let cfg = cluster(twoRacks, [service("web", replicas: 3, cpu: 1, memory: 1 * gibibyte)])
        // rep 0: all empty → a1; rep 1: rack 0 has 1 > min 0 → rack 1, b1; rep 2: min 1 → least allocated a2.
        #expect(machinesOf(try Placer.place(.init(config: cfg, policy: "rack-spread"))) == [0, 2, 1])
        #expect(machinesOf(try Placer.place(.init(config: cfg, policy: "binpack"))) == [0, 0, 0])
        #expect(machinesOf(try Placer.place(.init(config: cfg, policy: "spread"))) == [0, 1, 2])
    }

    @Test func blastRadiusOfThreeReplicasOnTwoRacks() throws {
        let cfg = cluster(twoRacks, [service("web", replicas: 3, cpu: 1, memory: 1 * gibibyte)])
        let bin = BlastRadius(config: cfg, placement: try Placer.place(.init(config: cfg, policy: "binpack")).placement)
        // Binpack puts all three on a1: losing a1 or rack 0 takes web down.
        #expect(bin.summary(.rack)?.maxServicesDown == 1)
        #expect(bin.summary(.machine)?.maxServicesDown == 1)
        #expect(bin.units.first { $0.kind == .rack && $0.name == "r0" }?.servicesDown == [0])
        for policy in ["rack-spread", "spread", "k8s-default", "round-robin"] {
            let br = BlastRadius(config: cfg, placement: try Placer.place(.init(config: cfg, policy: policy)).placement)
            #expect(br.summary(.rack)?.maxServicesDown == 0, "\(policy)")
            #expect(br.summary(.machine)?.maxServicesDown == 0, "\(policy)")
        }
        let rs = BlastRadius(config: cfg, placement: try Placer.place(.init(config: cfg, policy: "rack-spread")).placement)
        // Rack 0 holds two of three replicas: degraded (2·2 ≥ 3), 2/3 of the containers lost.
        let r0 = try #require(rs.units.first { $0.kind == .rack && $0.name == "r0" })
        #expect(r0.servicesDegraded == 1 && r0.containersLost == 2)
        #expect(abs(r0.shareLost - 2.0 / 3.0) < 1e-12)
    }

    @Test func rackSpreadFallsBackWhenPreferredRacksAreFull() throws {
        // Rack 1 is a single 1-core machine: the third replica still lands (allow), in rack 0.
        let ms = [machine("a1", cpu: 4, memory: 8 * gibibyte, rack: 0), machine("b1", cpu: 1, memory: 8 * gibibyte, rack: 1)]
        let cfg = cluster(ms, [service("web", replicas: 4, cpu: 1, memory: 1 * gibibyte)])
        let r = try Placer.place(.init(config: cfg, policy: "rack-spread"))
        #expect(r.unschedulable.isEmpty)
        #expect(machinesOf(r) == [0, 1, 0, 0])
    }

    @Test func hardRackSpreadRefuses() throws {
        let ms = [machine("a1", cpu: 4, memory: 8 * gibibyte, rack: 0), machine("b1", cpu: 1, memory: 8 * gibibyte, rack: 1)]
        let svc = service("web", replicas: 4, cpu: 1, memory: 1 * gibibyte, spread: [.init(key: .rack, maxSkew: 1)])
        for policy in ["binpack", "spread", "first-fit", "k8s-default", "tetris"] {
            let r = try Placer.place(.init(config: cluster(ms, [svc]), policy: policy))
            // a1, b1, a1 (skew 2−1 = 1 … 2+1−1 = 2 > 1 refused): only 3 of 4.
            #expect(r.placement.containers.count == 3, "\(policy)")
            #expect(r.unschedulable.first?.reason == "0/2 machines: 1 insufficient cpu, 1 topology spread (rack)", "\(policy)")
        }
    }

    @Test func antiAffinityBounds() throws {
        let svc = service("db", replicas: 5, cpu: 0.5, memory: 1 * gibibyte, antiAffinity: .init(maxPerMachine: 2, maxPerRack: 3))
        let r = try Placer.place(.init(config: cluster(twoRacks, [svc]), policy: "binpack"))
        #expect(machinesOf(r) == [0, 0, 1, 2, 2])
        let one = service("db", replicas: 5, cpu: 0.5, memory: 1 * gibibyte, antiAffinity: .init(maxPerMachine: 1))
        let r1 = try Placer.place(.init(config: cluster(twoRacks, [one]), policy: "binpack"))
        #expect(machinesOf(r1) == [0, 1, 2, 3])
        #expect(r1.unschedulable.first?.reason == "0/4 machines: 4 max per machine")
    }

    @Test func overcommitScalesCapacity() throws {
        let cfg = cluster(
            [machine("m", cpu: 4, memory: 8 * gibibyte)], [service("s", replicas: 6, cpu: 1, memory: 1 * gibibyte)],
            overcommit: .init(cpu: 1.5, memory: 1))
        let r = try Placer.place(.init(config: cfg, policy: "binpack"))
        #expect(r.placement.containers.count == 6)
        let plain = cluster(
            [machine("m", cpu: 4, memory: 8 * gibibyte)], [service("s", replicas: 6, cpu: 1, memory: 1 * gibibyte)])
        #expect(try Placer.place(.init(config: plain, policy: "binpack")).unschedulable.count == 2)
    }

    @Test func shuffleShardStaysInItsShard() throws {
        let ms = (0..<20).map { machine("m\($0)", cpu: 16, memory: 64 * gibibyte, rack: $0 / 5) }
        var cfg = cluster(ms, (0..<10).map { service("s\($0)", replicas: 6, cpu: 1, memory: 1 * gibibyte) })
        cfg.shardSize = 3
        let r = try Placer.place(.init(config: cfg, policy: "shuffle-shard", seed: 9))
        #expect(r.unschedulable.isEmpty)
        var shards: [Set<Int>] = []
        for s in 0..<10 {
            let used = Set(r.placement.containers.filter { $0.service == s }.map(\.machine))
            #expect(used.count >= 2 && used.count <= 3, "6 replicas inside a 3-machine shard")
            shards.append(used)
        }
        #expect(Set(shards).count > 5, "shards differ between services")
        // A full shard: 1-core machines, 2 replicas of 1 core, shard of 1.
        var tiny = cluster(
            (0..<4).map { machine("t\($0)", cpu: 1, memory: 8 * gibibyte) },
            [service("x", replicas: 2, cpu: 1, memory: 1 * gibibyte)])
        tiny.shardSize = 1
        let t = try Placer.place(.init(config: tiny, policy: "shuffle-shard"))
        #expect(t.unschedulable.count == 1)
        #expect(
            t.unschedulable[0].reason.hasPrefix("shard full: 0/4 machines: 3 not in shard, 1 insufficient cpu"),
            "\(t.unschedulable[0].reason)")
    }

    @Test func randomIsSeededAndDeterministic() throws {
        let ms = (0..<50).map { machine("m\($0)", cpu: 64, memory: 256 * gibibyte) }
        let cfg = cluster(ms, [service("s", replicas: 40, cpu: 1, memory: 1 * gibibyte)])
        let a = try Placer.place(.init(config: cfg, policy: "random", seed: 1))
        let b = try Placer.place(.init(config: cfg, policy: "random", seed: 1))
        let c = try Placer.place(.init(config: cfg, policy: "random", seed: 2))
        #expect(a.placement.containers == b.placement.containers)
        #expect(a.placement.containers != c.placement.containers)
        #expect(Set(machinesOf(a)).count > 20, "40 uniform draws over 50 machines hit many machines")
    }

    @Test func roundRobinCycles() throws {
        let cfg = cluster(twoRacks, [service("s", replicas: 6, cpu: 1, memory: 1 * gibibyte)])
        #expect(machinesOf(try Placer.place(.init(config: cfg, policy: "round-robin"))) == [0, 1, 2, 3, 0, 1])
    }

    @Test func balancedAndTetrisFollowTheShape() throws {
        // m0 is CPU-heavy-loaded, m1 memory-heavy-loaded; a memory-heavy container balances m0.
        let ms = [machine("m0", cpu: 10, memory: 10), machine("m1", cpu: 10, memory: 10)]
        let cfg = cluster(
            ms,
            [
                service("cpuHog", replicas: 1, cpu: 6, memory: 1),
                service("memHog", replicas: 1, cpu: 1, memory: 6),
                service("memSmall", replicas: 1, cpu: 0.5, memory: 3),
            ])
        // Balanced: cpuHog → m0 (tie: lowest); memHog → m0, which it balances exactly (fractions .7, .7 → 1.0,
        // vs .1, .6 → .75 on m1; spread would pick m1); memSmall ties (.875 both) → m0.
        #expect(machinesOf(try Placer.place(.init(config: cfg, policy: "balanced"))) == [0, 0, 0])
        #expect(machinesOf(try Placer.place(.init(config: cfg, policy: "spread"))) == [0, 1, 0])
        // Tetris: cpuHog → m0, memHog: dot with m0 free (4,9): .1·.4+.6·.9 = .58 vs m1 (10,10): .1+.6 = .7 → m1;
        // memSmall: m0 free (4,9): .05·.4+.3·.9 = .29; m1 free (9,4): .05·.9+.3·.4 = .165 → m0.
        #expect(machinesOf(try Placer.place(.init(config: cfg, policy: "tetris"))) == [0, 1, 0])
    }

    @Test func scorers() {
        var s = ClusterSnapshot(config: cluster([machine("m", cpu: 4, memory: 8)], []))
        s.assign(Resources(cpu: 1, memory: 6), to: 0, service: 0)
        let c = ContainerRequest(service: 0, replica: 0, request: Resources(cpu: 1, memory: 0), role: nil)
        // fractions after: cpu 2/4 = .5, memory 6/8 = .75 → 1 − |.5 − .75|/2 = .875
        #expect(abs(BalancedAllocationScorer().score(c, machine: 0, in: s) - 0.875) < 1e-12)
        // (1/4)·(3/4) + 0 = .1875
        #expect(abs(TetrisScorer().score(c, machine: 0, in: s) - 0.1875) < 1e-12)
    }

    @Test func k8sDefaultSpreadsReplicasAcrossRacks() throws {
        // Rack 0 has a big empty machine; LeastAllocated alone would stack there, topology spread pulls to rack 1.
        let ms = [
            machine("big", cpu: 64, memory: 256 * gibibyte, rack: 0), machine("small", cpu: 8, memory: 32 * gibibyte, rack: 1),
        ]
        let cfg = cluster(ms, [service("s", replicas: 2, cpu: 1, memory: 1 * gibibyte)])
        #expect(machinesOf(try Placer.place(.init(config: cfg, policy: "spread"))) == [0, 0])
        #expect(machinesOf(try Placer.place(.init(config: cfg, policy: "k8s-default"))) == [0, 1])
    }

    @Test func machinesAreConsideredRackByRack() throws {
        // Machine 0 is in rack 1, machine 1 in rack 0: rank order is 1, 0.
        let ms = [machine("x", cpu: 4, memory: 8 * gibibyte, rack: 1), machine("y", cpu: 4, memory: 8 * gibibyte, rack: 0)]
        let cfg = cluster(ms, [service("s", replicas: 1, cpu: 1, memory: 1 * gibibyte)])
        for policy in ["first-fit", "binpack", "spread"] {
            #expect(machinesOf(try Placer.place(.init(config: cfg, policy: policy))) == [1], "\(policy)")
        }
    }
}

/// `pinnedTo`: a pinned replica goes to its machine whatever the policy, through the same filters
/// (a machine too small leaves it unschedulable with the reason); unpinned services are placed
/// by the policy around the pinned ones; the indexed and naive paths agree.
@Suite struct PinnedPlacementTests {
    func pinnedCluster() -> ClusterConfig {
        var pinned = service("pinned", replicas: 3, cpu: 3, memory: gibibyte)
        pinned.pinnedTo = [2, 0, 1]  // replica 2 asks 3 cores of a 2-core machine
        return cluster(
            [
                machine("a", cpu: 8, memory: 16 * gibibyte), machine("b", cpu: 2, memory: 16 * gibibyte),
                machine("c", cpu: 8, memory: 16 * gibibyte),
            ],
            [pinned, service("free", replicas: 2, cpu: 4, memory: gibibyte)])
    }

    @Test(arguments: ["binpack", "spread", "first-fit", "random", "fgd"])
    func pinnedReplicasGoToTheirMachines(policy: String) throws {
        let r = try Placer.place(.init(config: pinnedCluster(), policy: policy))
        let pinned = r.placement.containers.filter { $0.service == 0 }.map { [$0.replica, $0.machine] }
        #expect(Set(pinned) == [[0, 2], [1, 0]])
        let u = try #require(r.unschedulable.first)
        #expect(r.unschedulable.count == 1 && u.service == 0 && u.replica == 2)
        #expect(u.reason == "0/3 machines: 2 pinned to another machine, 1 insufficient cpu", "\(u.reason)")
        #expect(r.placement.containers.filter { $0.service == 1 }.count == 2)
        let naive = try Placer.placeNaive(.init(config: pinnedCluster(), policy: policy))
        #expect(naive.placement.containers == r.placement.containers)
    }
}
