import BulkheadMetrics
import BulkheadRunner
import BulkheadScenario
import Testing

/// lb-failure, container-crash and correlated faults on the small cluster of `faultScenario`
/// (api: 2 replicas on ra-1, ra-2 under spread; solo: 1 replica on rb-1; 40 requests/s).
@Suite("Fault kinds: lb-failure, container-crash, correlated")
struct FaultKindTests {
    func run(_ yaml: String, measure: Bool = true) throws -> Runner.Output {
        try Runner.run(try ScenarioLoader.parse(yaml: yaml), options: .init(measureIncidents: measure))
    }

    /// A single balancer down for 5 minutes fails all its traffic: 40/s × 300 s = 12,000 requests
    /// (Poisson: sd ≈ 110; ±5% is over 5 sd).
    @Test func lbFailureWithoutStandbyFailsEverythingForItsDuration() throws {
        let out = try run(faultScenario(faults: "  - { kind: lb-failure, balancer: front, at: \"00:30\", duration: 5m }"))
        let i = try #require(out.incidents.first)
        #expect(i.kind == "lb-failure" && i.target == "front")
        #expect(i.end.map { $0 - i.start } == 300)
        let lost = out.result.failuresByCause.lbDown
        #expect(abs(Double(lost) - 12_000) < 600, "lb-down \(lost)")
        #expect(out.result.requests.failed == lost)
        #expect(Set(i.servicesAffected) == ["api", "solo"])
    }

    /// With a standby, traffic fails only for the failover time: 40/s × 10 s = 400 (sd 20).
    @Test func lbFailureWithStandbyFailsOnlyDuringFailover() throws {
        let out = try run(
            faultScenario(
                faults: "  - { kind: lb-failure, balancer: front, at: \"00:30\", duration: 5m }",
                balancer: "replicas: 2\n    failoverTime: 10s"))
        let i = try #require(out.incidents.first)
        #expect(i.end.map { $0 - i.start } == 10)
        let lost = out.result.failuresByCause.lbDown
        #expect(lost > 300 && lost < 500, "lb-down \(lost)")
    }

    /// A crash rate far above the restart rate: the container crashes as soon as it is back, so
    /// the outages follow CrashLoopBackOff exactly: 10 s doubling to 5 min, plus 5 s start-up.
    @Test func containerCrashesRestartWithDoublingBackoff() throws {
        let out = try run(
            faultScenario(faults: "  - { kind: container-crash, service: solo, rate: 1/s }", duration: "30m"),
            measure: false)
        let outages = out.result.incidents.prefix(8).compactMap { inc in inc.end.map { Int(($0 - inc.start).rounded()) } }
        #expect(outages == [15, 25, 45, 85, 165, 305, 305, 305])
        #expect(out.result.incidents.allSatisfy { $0.kind == "container-crash" && $0.target == "solo/0" })
        #expect(out.result.kills.total == 0, "crashes are incidents, not OOM kills")
    }

    /// Crash times come from one stream per replica: adding crashes of another service does not
    /// move api's; in-flight requests fail as `crashed`; each crash is an incident.
    @Test func containerCrashTimesComeFromPerReplicaStreams() throws {
        let one = try run(faultScenario(faults: "  - { kind: container-crash, service: api, rate: 6/h }"), measure: false)
        let two = try run(
            faultScenario(
                faults: """
                      - { kind: container-crash, service: api, rate: 6/h }
                      - { kind: container-crash, service: solo, rate: 6/h }
                    """), measure: false)
        let apiOne = one.result.incidents.map(\.start)
        let apiTwo = two.result.incidents.filter { $0.target.hasPrefix("api/") }.map(\.start)
        #expect(apiOne == apiTwo)
        // 2 replicas × 6/h × 2 h = 24 expected (Poisson sd ≈ 5).
        #expect((10...40).contains(apiOne.count), "\(apiOne.count) crashes")
        #expect(two.result.incidents.contains { $0.target == "solo/0" })
        #expect(one.result.failuresByCause.crashed + one.result.failuresByCause.deadReplica > 0)
    }

    /// A correlated fault over all of rack ra takes both api replicas down; at 50% one machine.
    @Test(arguments: [("100%", 2), ("50%", 1)])
    func correlatedFaultTakesAFractionOfARack(fraction: String, machines: Int) throws {
        let out = try run(
            faultScenario(
                faults: """
                      - { kind: correlated, domain: rack, target: ra, fraction: \(fraction), at: "00:30", duration: 10m }
                    """))
        let i = try #require(out.incidents.first)
        #expect(out.incidents.count == 1 && i.kind == "correlated")
        #expect(i.target.hasPrefix("ra:") && i.target.split(separator: "+").count == machines, "\(i.target)")
        #expect(i.end.map { $0 - i.start } == 600)
        if machines == 2 {
            let down = try #require(i.servicesDown["api"])
            #expect((9...11).contains(down), "api down \(down) min")
        } else {
            #expect(i.servicesDown.isEmpty)
        }
    }

    @Test func newFaultKindsAreValidated() {
        func message(_ faults: String) -> String {
            do {
                _ = try Runner.run(try ScenarioLoader.parse(yaml: faultScenario(faults: faults)))
                return ""
            } catch { return "\(error)" }
        }
        #expect(
            message("  - { kind: lb-failure, balancer: back, at: \"00:30\", duration: 5m }").contains("no load balancer `back`"))
        #expect(message("  - { kind: container-crash, service: api }").contains("faults[0].rate"))
        #expect(
            message("  - { kind: rack-outage, rack: ra, at: \"00:30\", duration: 5m, rate: 1/h }")
                .contains("`rate` does not apply to kind rack-outage"))
        #expect(
            message("  - { kind: correlated, domain: zone, target: ra, fraction: 50%, at: \"01:00\", duration: 1m }")
                .contains("faults[0].domain"))
        #expect(
            message(
                """
                  - { kind: release, service: api, at: "00:10", bad: { probability: 1, errorRate: 5% },
                      stages: [ { canary: { soak: 1h } } ] }
                """
            ).contains("releases moved to their own top-level list `releases:`"))
    }
}
