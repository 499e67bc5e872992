import BulkheadModel
import BulkheadPlacement
import BulkheadStochastic
import Testing

/// Zones (failure domains holding racks): zone topology spread in the indexed placer against the
/// naive oracle, the spread actually enforced, and zones as units of the N-1 blast radius.
@Suite("Zones")
struct ZoneTests {
    /// `randomInstance(seed)` with its racks striped over 1–3 zones and some spreads over zones.
    static func zoned(seed: UInt64) -> (ClusterConfig, Set<Int>) {
        var (c, failed) = randomInstance(seed: seed)
        var g = SplitMix64(seed: seed ^ 0x5A4F_4E45)
        let nz = Int.random(in: 1...3, using: &g)
        c.zones = (0..<nz).map { "z\($0)" }
        for m in c.machines.indices { c.machines[m].zone = c.machines[m].rack % nz }
        for s in c.services.indices where Int.random(in: 0..<2, using: &g) == 0 {
            c.services[s].topologySpread.append(
                .init(
                    key: .zone, maxSkew: Int.random(in: 1...2, using: &g),
                    whenUnsatisfiable: Bool.random(using: &g) ? .refuse : .allow))
        }
        return (c, failed)
    }

    @Test(
        "Indexed placer equals the naive oracle with zone spreads",
        arguments: ["spread", "binpack", "first-fit", "rack-spread", "best-fit-decreasing"])
    func oracle(policy: String) throws {
        var constrained = 0
        for seed in UInt64(5000)..<5300 {
            let (config, failed) = Self.zoned(seed: seed)
            if config.services.contains(where: { $0.topologySpread.contains { $0.key == .zone } }) { constrained += 1 }
            let req = PlacementRequest(config: config, policy: policy, failedMachines: failed)
            let fast = try Placer.place(req)
            let slow = try Placer.placeNaive(req)
            #expect(fast.placement.containers == slow.placement.containers, "seed \(seed)")
            #expect(fast.unschedulable == slow.unschedulable, "seed \(seed)")
            #expect(violations(fast, config, failed: failed).isEmpty, "seed \(seed)")
        }
        #expect(constrained > 100)
    }

    /// 3 zones × 2 racks × 2 machines; racks listed zone-striped (rack r in zone r mod 3).
    static func threeZones(_ services: [ClusterConfig.Service]) -> ClusterConfig {
        let machines = (0..<12).map { i in machine("m\(i)", cpu: 16, memory: 64 * gibibyte, rack: i / 2) }
        var c = cluster(machines, services)
        c.zones = ["a", "b", "c"]
        for m in c.machines.indices { c.machines[m].zone = c.machines[m].rack % 3 }
        return c
    }

    func perZone(_ r: PlacementResult, _ c: ClusterConfig, service: Int = 0) -> [Int] {
        var n = [0, 0, 0]
        for k in r.placement.containers where k.service == service { n[c.machines[k.machine].zone] += 1 }
        return n
    }

    @Test func binpackPacksIntoOneZoneUnlessTheServiceSpreadsOverZones() throws {
        let loose = Self.threeZones([service("web", replicas: 7, cpu: 1, memory: gibibyte)])
        let packed = try Placer.place(.init(config: loose, policy: "binpack"))
        #expect(perZone(packed, loose) == [7, 0, 0])
        let tight = Self.threeZones([
            service("web", replicas: 7, cpu: 1, memory: gibibyte, spread: [.init(key: .zone, maxSkew: 1)])
        ])
        let spread = try Placer.place(.init(config: tight, policy: "binpack"))
        #expect(perZone(spread, tight) == [3, 2, 2])
        // N-1 over zones: packed, zone a takes web down; spread over zones, no zone does.
        let br = BlastRadius(config: loose, placement: packed.placement)
        let zones = br.units.filter { $0.kind == .zone }
        #expect(zones.map(\.name) == ["a", "b", "c"])
        #expect(zones.map(\.servicesDown) == [[0], [], []])
        #expect(zones.map(\.containersLost) == [7, 0, 0])
        let brSpread = BlastRadius(config: tight, placement: spread.placement)
        #expect(brSpread.summary(.zone)?.unitsTakingServiceDown == 0)
        #expect(brSpread.summary(.zone)?.units == 3)
    }

    @Test func clustersWithoutZonesHaveNoZoneUnitsAndTheSameOrder() throws {
        let c = cluster((0..<6).map { machine("m\($0)", cpu: 4, memory: 8 * gibibyte, rack: (5 - $0) / 2) }, [])
        let s = ClusterSnapshot(config: c)
        #expect(s.machinesInOrder == [4, 5, 2, 3, 0, 1])
        #expect(BlastRadius(config: c, placement: .init(containers: [])).summary(.zone) == nil)
    }
}
