import BulkheadModel
import BulkheadPlacement
import Testing

@Suite("Static blast radius, co-tenancy, capacity view")
struct BlastRadiusTests {
    /// racks r0 {m0, m1 (db)}, r1 {m2}; services a (tenant x, 2 replicas), b (tenant y, 1), c (tenant z, 2), pg (db).
    func fixture() -> (ClusterConfig, Placement) {
        let ms = [
            machine("m0", cpu: 8, memory: 16, rack: 0), machine("m1", cpu: 8, memory: 16, role: "db", rack: 0),
            machine("m2", cpu: 8, memory: 16, rack: 1),
        ]
        var cfg = cluster(
            ms,
            [
                service("a", replicas: 2, cpu: 1, memory: 1, tenant: "x"),
                service("b", replicas: 1, cpu: 1, memory: 15, tenant: "y"),
                service("c", replicas: 2, cpu: 1, memory: 1, tenant: "z"),
                service("pg", replicas: 1, cpu: 8, memory: 1, role: "db", tenant: "x"),
            ])
        cfg.balancers = [
            .init(name: "lb1", algorithm: .roundRobin, arrivals: .init(rate: 1, profile: .flat), routes: [(0, 0.5), (1, 0.5)]),
            .init(name: "lb2", algorithm: .roundRobin, arrivals: .init(rate: 1, profile: .flat), routes: [(1, 1)]),
        ]
        let p = Placement(containers: [
            .init(service: 0, replica: 0, machine: 0), .init(service: 0, replica: 1, machine: 2),
            .init(service: 1, replica: 0, machine: 0),
            .init(service: 2, replica: 0, machine: 2), .init(service: 2, replica: 1, machine: 2),
            .init(service: 3, replica: 0, machine: 1),
        ])
        return (cfg, p)
    }

    @Test func unitsByHand() throws {
        let (cfg, p) = fixture()
        let br = BlastRadius(config: cfg, placement: p)
        func unit(_ k: BlastRadius.Kind, _ n: String) throws -> BlastRadius.Unit {
            try #require(br.units.first { $0.kind == k && $0.name == n })
        }
        let m0 = try unit(.machine, "m0")
        #expect(m0.servicesDown == [1] && m0.servicesDegraded == 1 && m0.tenantsTouched == 2 && m0.containersLost == 2)
        let m2 = try unit(.machine, "m2")
        #expect(m2.servicesDown == [2] && m2.servicesDegraded == 1 && m2.tenantsTouched == 2)
        let r0 = try unit(.rack, "r0")
        #expect(r0.servicesDown == [1, 3] && r0.servicesDegraded == 1 && r0.tenantsTouched == 2 && r0.containersLost == 3)
        #expect(abs(r0.shareLost - 0.5) < 1e-12)
        #expect(try unit(.roleMachine, "m1").servicesDown == [3])
        #expect(try unit(.balancer, "lb1").servicesDown == [0])  // a only via lb1; b also via lb2
        #expect(try unit(.balancer, "lb1").servicesDegraded == 1)
        #expect(try unit(.balancer, "lb2").servicesDown.isEmpty)
        let s = try #require(br.summary(.machine))
        #expect(s.units == 3 && s.maxServicesDown == 1 && abs(s.meanServicesDown - 1) < 1e-12 && s.unitsTakingServiceDown == 3)
        #expect(br.summary(.rack)?.maxServicesDown == 2)
    }

    @Test func coTenancyAndCapacity() throws {
        let (cfg, p) = fixture()
        let co = CoTenancy(config: cfg, placement: p)
        // m0: x, y; m1: x; m2: x, z → x shares with y and z; y with x; z with x.
        #expect(co.tenants == ["x", "y", "z"])
        #expect(co.neighbours == [2, 1, 1])
        #expect(co.worst?.tenant == "x" && co.worst?.neighbours == 2)
        let cap = CapacityView(config: cfg, placement: p, unschedulable: 0)
        #expect(cap.machinesUsed == 3)
        #expect(abs(cap.allocation.cpu - 13.0 / 24) < 1e-12)
        #expect(abs(cap.allocation.memory - 20.0 / 48) < 1e-12)
        // m0 memory 16/16 full → its free cpu 6 is stranded; m1 cpu 8/8 full → free memory 15 stranded.
        #expect(cap.stranded.cpu == 6 && cap.stranded.memory == 15)
        #expect(cap.containersPerMachine.min == 1 && cap.containersPerMachine.max == 3 && cap.containersPerMachine.mean == 2)
    }

    @Test("Linear-time analysis agrees with a brute-force recount on random placements")
    func bruteForce() throws {
        for seed in UInt64(0)..<60 {
            let (cfg, failed) = randomInstance(seed: seed)
            let r = try Placer.place(.init(config: cfg, policy: "spread", failedMachines: failed))
            let br = BlastRadius(config: cfg, placement: r.placement)
            let placed = Dictionary(grouping: r.placement.containers, by: \.service).mapValues(\.count)
            for u in br.units where u.kind == .machine || u.kind == .rack {
                let inUnit = r.placement.containers.filter {
                    u.kind == .machine ? cfg.machines[$0.machine].name == u.name : "r\(cfg.machines[$0.machine].rack)" == u.name
                }
                let lost = Dictionary(grouping: inUnit, by: \.service).mapValues(\.count)
                #expect(u.servicesDown == lost.filter { $0.value == placed[$0.key] }.keys.sorted(), "seed \(seed) \(u.name)")
                #expect(u.servicesDegraded == lost.filter { $0.value < placed[$0.key]! && 2 * $0.value >= placed[$0.key]! }.count)
                #expect(u.tenantsTouched == Set(lost.keys.map { cfg.services[$0].tenant }).count)
                #expect(u.containersLost == inUnit.count)
            }
        }
    }

    /// N-2 by hand: 3 machines → 3 pairs. a (m0, m2) is down only with the pair m0+m2; b (m0) with
    /// every pair holding m0; c (m2, m2) with every pair holding m2; pg (m1) with every pair holding m1.
    @Test func machinePairsByHand() throws {
        let (cfg, p) = fixture()
        let pairs = try #require(PairBlastRadius(config: cfg, placement: p))
        #expect(pairs.pairs == 3)
        #expect(pairs.pairsTakingServiceDown == 3)
        let worst = try #require(pairs.worst.first)
        #expect(worst.names == "m0+m2")
        #expect(worst.servicesDown == [0, 1, 2])
        #expect(pairs.maxServicesDown == 3)
        // m0+m1: b and pg; m1+m2: c and pg
        #expect(abs(pairs.meanServicesDown - Double(3 + 2 + 2) / 3) < 1e-12)
        #expect(PairBlastRadius(config: cfg, placement: p, limit: 2) == nil)
    }

    @Test("N-2 agrees with a brute-force recount on random placements")
    func pairsBruteForce() throws {
        for seed in UInt64(0)..<20 {
            let (cfg, failed) = randomInstance(seed: seed)
            let r = try Placer.place(.init(config: cfg, policy: "binpack", failedMachines: failed))
            guard let pairs = PairBlastRadius(config: cfg, placement: r.placement, keep: 1_000_000) else { continue }
            let placed = Dictionary(grouping: r.placement.containers, by: \.service).mapValues(\.count)
            var maxDown = 0
            var taking = 0
            var n = 0
            for a in cfg.machines.indices {
                for b in cfg.machines.indices where b > a {
                    n += 1
                    let lost = Dictionary(
                        grouping: r.placement.containers.filter { $0.machine == a || $0.machine == b }, by: \.service
                    )
                    .mapValues(\.count)
                    let down = lost.filter { $0.value == placed[$0.key] }.count
                    maxDown = max(maxDown, down)
                    if down > 0 { taking += 1 }
                }
            }
            #expect(
                pairs.pairs == n && pairs.maxServicesDown == maxDown && pairs.pairsTakingServiceDown == taking, "seed \(seed)")
        }
    }
}
