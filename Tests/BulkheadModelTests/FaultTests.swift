import BulkheadKernel
import BulkheadMetrics
import BulkheadModel
import BulkheadPlacement
import BulkheadRunner
import BulkheadScenario
import BulkheadStochastic
import Foundation
import Testing

/// A small static cluster: 2 racks × 2 machines, `api` (2 replicas) and `solo` (1 replica).
func faultScenario(
    faults: String, duration: String = "2h", policy: String = "spread", rate: String = "40/s",
    extra: String = "", balancer: String = "", releases: String = ""
) -> String {
    """
    name: faults
    seed: 9
    duration: \(duration)
    machineTypes: { m: { cpu: 8, memory: 32Gi } }
    racks: [ { name: ra, type: m, machines: 2 }, { name: rb, type: m, machines: 2 } ]
    loadBalancers:
      - name: front
        algorithm: round-robin
        \(balancer)
        traffic: { rate: \(rate) }
        routes: { api: 0.7, solo: 0.3 }
    services:
      - name: api
        tenant: a
        replicas: 2
        resources: { requests: { cpu: "1", memory: 1Gi } }
        work: { cpu: { exponential: { mean: 5ms } } }
        timeout: 1s
      - name: solo
        tenant: b
        replicas: 1
        resources: { requests: { cpu: "1", memory: 1Gi } }
        work: { cpu: { exponential: { mean: 5ms } } }
        timeout: 1s
    placement: { policy: \(policy) }
    \(extra)
    faults:
    \(faults)
    \(releases.isEmpty ? "" : "releases:\n" + releases)
    """
}

@Suite("Faults and incidents")
struct FaultTests {
    func run(_ yaml: String) throws -> Runner.Output {
        try Runner.run(try ScenarioLoader.parse(yaml: yaml))
    }

    /// Spread puts api on ra-1, ra-2 and solo on rb-1: rb-2 is empty, and crashing it changes nothing.
    @Test func crashingAnEmptyMachineHasZeroImpact() throws {
        let out = try run(faultScenario(faults: "  - { kind: machine-crash, machine: rb-2, at: \"00:30\", repairAfter: 10m }"))
        let hosts = Set(out.placement.placement.containers.map { out.config.machines[$0.machine].name })
        #expect(!hosts.contains("rb-2"))
        #expect(out.incidents.count == 1)
        let i = try #require(out.incidents.first)
        #expect(i.extraFailed == 0 && i.servicesAffected.isEmpty && i.servicesDown.isEmpty && i.extraSLOBadMinutes == 0)
        #expect(out.result.requests.failed == 0)
    }

    /// The twin of a run is the run without faults: measured against itself, every impact is zero.
    @Test func anIncidentMeasuredAgainstAnIdenticalRunHasNoImpact() throws {
        let out = try run(faultScenario(faults: "  - { kind: machine-crash, machine: ra-1, at: \"00:30\", repairAfter: 10m }"))
        #expect(out.incidents.first.map { $0.extraFailed > 0 } == true, "the real twin sees the crash")
        let impacts = IncidentAnalysis.measure(faulty: out.result, twin: out.result)
        #expect(impacts.count == 1)
        #expect(impacts.allSatisfy { $0.extraFailed == 0 && $0.servicesAffected.isEmpty && $0.servicesDown.isEmpty })
    }

    /// Static infrastructure: the only replica's machine crashes for 20 minutes: solo is down
    /// (no success for whole minutes) for about that long, api loses one of two replicas only
    /// until the balancer notices (3 failed probes × 5 s).
    @Test func singleReplicaIsDownUntilRepair() throws {
        let out = try run(faultScenario(faults: "  - { kind: machine-crash, machine: rb-1, at: \"00:30\", repairAfter: 20m }"))
        let i = try #require(out.incidents.first)
        #expect(i.target == "rb-1")
        let down = try #require(i.servicesDown["solo"])
        #expect((18...21).contains(down), "solo down \(down) min")
        #expect(i.servicesDown["api"] == nil)
        #expect(i.tenantsAffected == ["b"])
        // solo gets 12 req/s: ~20 min of them fail, plus requests sent before the balancer noticed.
        #expect(i.extraFailed > 12 * 60 * 18 && i.extraFailed < 12 * 60 * 22)
        #expect(i.recoveryMinutes != nil && i.recoveryMinutes! <= 2)
    }

    /// What the static analysis says a machine failure takes down is what the run measures when
    /// nothing reschedules (every machine, binpack and spread).
    @Test(arguments: ["spread", "binpack"])
    func staticAndMeasuredBlastRadiusAgree(policy: String) throws {
        let base = try ScenarioLoader.parse(
            yaml: faultScenario(faults: "  []", policy: policy).replacingOccurrences(of: "faults:\n      []", with: ""))
        let config = try ScenarioCompiler.compile(base)
        let placed = try Placer.place(PlacementRequest(config: config, policy: policy))
        let radius = BlastRadius(config: config, placement: placed.placement)
        for unit in radius.units where unit.kind == .machine {
            let yaml = faultScenario(
                faults: "  - { kind: machine-crash, machine: \(unit.name), at: \"00:20\" }",
                duration: "50m", policy: policy)
            let out = try run(yaml)
            let measured = Set(try #require(out.incidents.first).servicesDown.keys)
            let predicted = Set(unit.servicesDown.map { config.services[$0].name })
            #expect(measured == predicted, "\(policy) \(unit.name): measured \(measured), static \(predicted)")
        }
    }

    /// A scheduled crash of a machine already down (another fault's outage) is absorbed: it opens
    /// no incident, and its short repair does not bring the machine back early — solo stays down
    /// for the first crash's 20 minutes.
    @Test func aCrashOfAMachineAlreadyDownIsAbsorbed() throws {
        let out = try run(
            faultScenario(
                faults: """
                      - { kind: machine-crash, machine: rb-1, at: "00:30", repairAfter: 20m }
                      - { kind: machine-crash, machine: rb-1, at: "00:35", repairAfter: 1m }
                    """))
        #expect(out.result.incidents.count == 1)
        let r = try #require(out.result.incidents.first)
        #expect(r.end.map { $0 - r.start } == 1200)
        let i = try #require(out.incidents.first)
        let down = try #require(i.servicesDown["solo"])
        #expect((18...21).contains(down), "solo down \(down) min")
    }

    /// The chaos monkey kills the oldest machine each day; replaced machines are young again.
    @Test func chaosMonkeyKillsTheOldestMachineEachDay() throws {
        let scenario = try ScenarioLoader.parse(
            yaml: faultScenario(
                faults: "  - { kind: chaos-monkey, every: 24h, at: \"10:00\", target: oldest-machine, replaceAfter: 15m }",
                duration: "4d", rate: "1/s"))
        let out = try Runner.run(scenario, options: .init(measureIncidents: false))
        #expect(out.result.incidents.map(\.target) == ["ra-1", "ra-2", "rb-1", "rb-2"])
        #expect(out.result.incidents.map { Int($0.start) } == [10, 34, 58, 82].map { $0 * 3600 })
        #expect(out.result.incidents.allSatisfy { inc in inc.end.map { $0 - inc.start } == 900 })
    }

    /// Availability: k = 2 replicas on 2 machines failing and repairing independently
    /// (exponential MTBF 1 h, MTTR 15 min, static infrastructure): the service has no live
    /// replica a fraction u² of the time, u = MTTR/(MTBF+MTTR) = 0.2 → 0.04. Measured on the
    /// machine timelines over 2,000 simulated hours (about 1,600 failures per machine): 20 batches,
    /// the theoretical value must lie in the 99% Student-t interval.
    @Test func availabilityOfTwoReplicasIsUSquared() throws {
        let yaml = faultScenario(
            faults:
                "  - { kind: machine-crash, type: m, mtbf: { exponential: { mean: 1h } }, mttr: { exponential: { mean: 15m } } }",
            duration: "2000h", rate: "0.05/s"
        )
        .replacingOccurrences(
            of: "machines: 2 }, { name: rb, type: m, machines: 2 }", with: "machines: 1 }, { name: rb, type: m, machines: 1 }"
        )
        .replacingOccurrences(of: "routes: { api: 0.7, solo: 0.3 }", with: "routes: { api: 1.0 }")
        .replacingOccurrences(of: "replicas: 1\n", with: "replicas: 0\n")
        let scenario = try ScenarioLoader.parse(yaml: yaml)
        let out = try Runner.run(scenario, options: .init(measureIncidents: false))
        let horizon = 2000.0 * 3600
        // Down intervals per machine, then the time both are down, per batch.
        var intervals: [String: [(Double, Double)]] = [:]
        for i in out.result.incidents { intervals[i.target, default: []].append((i.start, i.end ?? horizon)) }
        let a = intervals["ra-1"] ?? []
        let b = intervals["rb-1"] ?? []
        #expect(a.count > 1200 && b.count > 1200)
        let batches = 20
        let width = horizon / Double(batches)
        var fractions = [Double](repeating: 0, count: batches)
        for x in a {
            for y in b {
                let lo = max(x.0, y.0)
                let hi = min(x.1, y.1)
                guard hi > lo else { continue }
                var t = lo
                while t < hi {
                    let k = min(batches - 1, Int(t / width))
                    let e = min(hi, Double(k + 1) * width)
                    fractions[k] += (e - t) / width
                    t = e
                }
            }
        }
        let mean = fractions.reduce(0, +) / Double(batches)
        let h = StudentT.halfWidth(fractions, confidence: 0.99)
        print(
            "VALIDATION availability: both replicas down \(mean) ± \(h) of the time, theory 0.04; request failure ratio \(Double(out.result.requests.failed) / Double(out.result.requests.total))"
        )
        #expect(abs(mean - 0.04) < h, "u² = 0.04 vs \(mean) ± \(h)")
        // Requests see it too: the failure ratio is u² plus the short detection windows of single failures.
        let failRatio = Double(out.result.requests.failed) / Double(out.result.requests.total)
        #expect(failRatio > 0.03 && failRatio < 0.06, "failure ratio \(failRatio)")
    }

    @Test func faultTargetsAreValidated() {
        #expect(throws: (any Error).self) {
            try run(faultScenario(faults: "  - { kind: machine-crash, machine: nowhere-9, at: \"00:30\" }"))
        }
        do {
            _ = try ScenarioLoader.parse(yaml: faultScenario(faults: "  - { kind: rack-outage, rack: ra }"))
            Issue.record("a rack-outage without `at` and `duration` must be rejected")
        } catch {
            #expect(error.description.contains("faults[0].at"))
            #expect(error.description.contains("faults[0].duration"))
        }
    }
}
