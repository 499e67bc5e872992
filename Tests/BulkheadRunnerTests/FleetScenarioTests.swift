import BulkheadReport
import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation
import Testing

/// fleet-10k loads and places; a zone-outage runs through the model.
@Suite("Fleets and zones")
struct FleetScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func fleet10kLoadsAndPlacesWithTheBorgRequestMix() throws {
        let s = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/fleet-10k.yaml").path)
        #expect(s.zones == ["zone-1", "zone-2", "zone-3", "zone-4"])
        #expect(s.racks.count == 250)
        #expect(s.services.count == 6000)
        let containers = s.services.reduce(0) { $0 + $1.replicas }
        #expect((290_000...310_000).contains(containers))
        #expect(Set(s.services.map(\.tenant)).count == 400)
        // Container requests follow the table: replica-weighted mean CPU within 5 % of the table's
        // weighted mean (0.011876 of a 128-core machine).
        let cpu = s.services.reduce(0.0) { $0 + Double($1.replicas) * $1.resources.requestsCPU } / Double(containers)
        #expect(abs(cpu / (0.011876 * 128) - 1) < 0.05, "mean CPU request \(cpu)")
        let config = try ScenarioCompiler.compile(s)
        #expect(config.machines.count == 10_000)
        let p = try PlacementAnalysis.analyse(config: config, policy: s.placement.policy, seed: s.seed)
        #expect(p.summary.unschedulable == 0)
        #expect(p.summary.machinesUsed == 10_000)
        #expect((20...40).contains(Int(p.summary.containersPerMachine.mean.rounded())))
        #expect(p.summary.containersPerMachine.max <= 40)
        let zones = try #require(p.summary.blastRadius.zone)
        #expect(zones.units == 4)
        #expect(p.summary.blastRadius.rack?.units == 250)
        // front and back spread over zones (maxSkew 1): no zone takes one of them down.
        let down = Set(p.blastRadius.filter { $0.kind == .zone }.flatMap(\.downServices))
        #expect(!down.contains { $0.hasPrefix("front-") || $0.hasPrefix("back-") })
        #expect(p.rows.allSatisfy { $0.zone != nil })
    }

    /// fleet-10k's first two hours under flow (its machine and container crashes and their
    /// health-check verdicts, the night's falling traffic): stepping each event's part on its own
    /// (Simulation+FlowParts.swift) and replaying settled steps (Simulation+FlowReplay.swift)
    /// against closing the whole fleet at every event and passing every step — the same figures
    /// within a small fraction of issue 13's bounds, in far fewer container computations.
    @Test func fleet10kPartsAndReplaysMatchPassingEverything() throws {
        var s = try ScenarioLoader.load(
            path: Self.root.appendingPathComponent("scenarios/fleet-10k.yaml").path, overrides: ["duration=2h"])
        s.fidelity = .flow
        let fast = try Runner.run(s, options: .init(measureIncidents: false))
        let whole = try Runner.run(s, options: .init(measureIncidents: false, flowParts: false, flowReplay: false))
        #expect(fast.flowPartPasses > 0 && whole.flowPartPasses == 0)
        #expect(fast.flowReplayedSteps > 0 && whole.flowReplayedSteps == 0)
        let c = FlowComparison.compare(request: whole.result, flow: fast.result, name: "fleet-10k 2 h, parts + replays vs whole")
        print("flow-validation \(c); container passes \(fast.flowContainerPasses) vs \(whole.flowContainerPasses), \(fast.flowReplayedSteps) steps replayed")
        // Measured: CPU, means and failures equal to the printed precision, p99 3.0 % (one bin,
        // back-183); 9.5 M vs 141.0 M container computations, 93 steps replayed.
        #expect(c.cpuError < 0.002 && c.meanLatencyError < 0.01 && c.p99Error < 0.06, "\(c)")
        #expect(c.failedRatio < 0.2 && c.sloRatio < 0.5, "\(c)")
        #expect(Double(fast.flowContainerPasses) < 0.2 * Double(whole.flowContainerPasses))
    }

    static let zoned = """
        name: zones
        duration: 40m
        machineTypes: { box: { cpu: 8, memory: 32Gi } }
        racks:
          - { name: "r-{i}", count: 4, type: box, machines: 2, zone: [east, west] }
        loadBalancers:
          - { name: lb, traffic: { rate: 200/s }, routes: { web: 1 } }
        services:
          - name: web
            tenant: shop
            replicas: 4
            resources: { requests: { cpu: 1, memory: 1Gi } }
            work: { cpu: { exponential: { mean: 5ms } } }
            timeout: 2s
            topologySpread: { key: zone }
        placement: { policy: binpack }
        faults:
          - { kind: zone-outage, zone: east, at: "00:10", duration: 5m }
        """

    @Test func aZoneOutageFailsTheZonesShareOfRequestsAndIsAnIncident() throws {
        let s = try ScenarioLoader.parse(yaml: Self.zoned)
        let out = try Runner.run(s, options: .init())
        let r = out.result
        let incident = try #require(r.incidents.first)
        #expect(incident.kind == "zone-outage")
        #expect(incident.target == "east")
        #expect(abs(incident.start - 600) < 1e-9)
        // Two of the four replicas are in east: requests routed there fail while it is unreachable,
        // until health checks remove them (~15 s), so some but far from all requests fail.
        #expect(r.requests.failed > 0)
        #expect(Double(r.requests.failed) < 0.05 * Double(r.requests.total))
        let machines = MachineResult.csv(for: r.machines).text(r.machines)
        #expect(machines.hasPrefix("machine,rack,zone,"))
        #expect(r.machines.map(\.zone) == ["east", "east", "west", "west", "east", "east", "west", "west"])
    }
}
