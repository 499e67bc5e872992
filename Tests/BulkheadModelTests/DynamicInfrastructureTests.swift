import BulkheadMetrics
import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Testing

/// Dynamic infrastructure on the small cluster of `faultScenario` (spread: api on ra-1, ra-2;
/// solo on rb-1; rb-2 empty).
@Suite("Dynamic infrastructure")
struct DynamicInfrastructureTests {
    static let dynamic = "infrastructure: { mode: dynamic, detectAfter: 30s, startupTime: 20s }"

    func run(_ faults: String, extra: String = dynamic) throws -> Runner.Output {
        try Runner.run(try ScenarioLoader.parse(yaml: faultScenario(faults: faults, extra: extra)))
    }

    func solo(_ out: Runner.Output) throws -> ReschedulingResult {
        try #require(out.result.rescheduling.first { $0.service == "solo" })
    }

    /// solo's machine crashes for good: the rescheduler notices after 30 s and solo runs again
    /// on another machine 20 s later — 50 s to restore, instead of the rest of the run.
    @Test func lostReplicaIsRestoredWhenCapacityAllows() throws {
        let out = try run("  - { kind: machine-crash, machine: rb-1, at: \"00:30\" }")
        let r = try solo(out)
        #expect(r.lost == 1 && r.replacements == 1 && r.restored == 1 && r.waitingAtEnd == 0)
        #expect(r.maxRestoreSeconds == 50 && r.unplaceableAttempts == 0)
        let i = try #require(out.incidents.first)
        #expect((i.servicesDown["solo"] ?? 0) <= 2, "solo down \(i.servicesDown)")
        let staticRun = try run("  - { kind: machine-crash, machine: rb-1, at: \"00:30\" }", extra: "")
        #expect(staticRun.result.rescheduling.isEmpty)
        #expect((try #require(staticRun.incidents.first).servicesDown["solo"] ?? 0) >= 85)
    }

    /// One container per machine and every other machine busy or down: solo fits nowhere, the
    /// attempt is reported, and it is placed when rb-2 is repaired (00:40) and starts 20 s later.
    @Test func unplaceableReplicaWaitsForCapacityAndIsReported() throws {
        let out = try run(
            """
              - { kind: machine-crash, machine: rb-2, at: "00:10", repairAfter: 30m }
              - { kind: machine-crash, machine: rb-1, at: "00:20" }
            """, extra: "maxContainersPerMachine: 1\n" + Self.dynamic)
        let r = try solo(out)
        #expect(r.unplaceableAttempts == 1 && r.replacements == 1 && r.restored == 1)
        #expect(r.maxRestoreSeconds == 1_220.0)
        #expect(out.result.rescheduling.first { $0.service == "api" }?.lost == 0)
    }

    /// Never capacity again: the lost container is still waiting at the end.
    @Test func replicaThatNeverFitsIsWaitingAtTheEnd() throws {
        let out = try run(
            "  - { kind: correlated, target: rb, fraction: 100%, at: \"00:20\", duration: 3h }",
            extra: "maxContainersPerMachine: 1\n" + Self.dynamic)
        let r = try solo(out)
        #expect(r.lost == 1 && r.restored == 0 && r.waitingAtEnd == 1 && r.unplaceableAttempts >= 1)
    }

    /// A rack outage leaves solo running on rb-1 but unreachable: the rescheduler notices after
    /// 30 s and starts it in rack ra (rb-2 is unreachable too) 20 s later — down about a minute
    /// instead of the outage's 30 (static infrastructure).
    @Test func aReplicaOnAnUnreachableMachineIsMovedOff() throws {
        let outage = "  - { kind: rack-outage, rack: rb, at: \"00:30\", duration: 30m }"
        let out = try run(outage)
        let r = try solo(out)
        #expect(r.lost == 1 && r.replacements == 1 && r.restored == 1 && r.waitingAtEnd == 0)
        #expect(r.maxRestoreSeconds == 50)
        #expect((try #require(out.incidents.first).servicesDown["solo"] ?? 0) <= 2)
        let staticRun = try run(outage, extra: "")
        #expect((try #require(staticRun.incidents.first).servicesDown["solo"] ?? 0) >= 28)
    }

    /// An outage shorter than the detection delay moves nothing: solo runs on where it was.
    @Test func aShortOutageMovesNothing() throws {
        let out = try run("  - { kind: rack-outage, rack: rb, at: \"00:30\", duration: 20s }")
        let r = try solo(out)
        #expect(r.lost == 1 && r.replacements == 0 && r.restored == 1 && r.waitingAtEnd == 0)
        #expect(r.maxRestoreSeconds == 20)
    }

    @Test func infrastructureIsValidated() throws {
        let ok = try ScenarioLoader.parse(yaml: faultScenario(faults: "  []", extra: "infrastructure: dynamic"))
        #expect(ok.infrastructure == InfrastructureSpec())
        #expect(
            try ScenarioLoader.parse(yaml: faultScenario(faults: "  []", extra: "infrastructure: static")).infrastructure == nil)
        do {
            _ = try ScenarioLoader.parse(yaml: faultScenario(faults: "  []", extra: "infrastructure: { mode: elastic }"))
            Issue.record("mode elastic must be rejected")
        } catch {
            #expect(error.description.contains("infrastructure.mode"))
        }
    }
}
