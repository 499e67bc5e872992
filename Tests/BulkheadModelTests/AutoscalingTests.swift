import BulkheadMetrics
import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Testing

/// Autoscaling through the real model and runner (fixed seeds).
@Suite("Autoscaling")
struct AutoscalingTests {
    /// One service `web` behind round-robin on `machines` machines of 8 cores; `extra` is appended
    /// to the service, `traffic` is the balancer's traffic.
    static func scenario(
        autoscaling: String, traffic: String = "{ rate: 50/s }", machines: Int = 4,
        replicas: Int = 2, top: String = "", work: String = "{ exponential: { mean: 10ms } }",
        duration: String = "3h"
    ) -> String {
        """
        name: autoscale
        seed: 3
        duration: \(duration)
        \(top)
        machineTypes: { m: { cpu: 8, memory: 32Gi } }
        racks: [ { name: r, type: m, machines: \(machines) } ]
        placement: { policy: spread }
        loadBalancers:
          - name: front
            algorithm: round-robin
            traffic: \(traffic)
            routes: { web: 1.0 }
        services:
          - name: web
            tenant: t
            replicas: \(replicas)
            resources: { requests: { cpu: 1, memory: 1Gi } }
            work: { cpu: \(work) }
            autoscaling: \(autoscaling)
        """
    }

    func run(_ yaml: String) throws -> (Runner.Output, AutoscalingResult) {
        let out = try Runner.run(try ScenarioLoader.parse(yaml: yaml))
        return (out, try #require(out.result.autoscaling.first { $0.service == "web" }))
    }

    /// A hog on one replica draws among the replicas placed: never a parked slot. One slot of four
    /// is placed for the first hour, so every activation before 01:00 hits replica 0 (drawing
    /// among all four slots, about 30 activations would all hit it with probability 4^-30).
    @Test func aHogOnOneReplicaNeverDrawsAParkedSlot() throws {
        let yaml =
            Self.scenario(autoscaling: "{ schedule: { \"00:00\": 1, \"01:00\": 4 }, startupTime: 20s }", duration: "2h")
                + """

                hogs:
                  - { kind: cpu-spin, service: web, threads: 2, every: { constant: 1m }, duration: { constant: 1m } }
                """
        let (out, _) = try run(yaml)
        let hogs = out.result.incidents.filter { $0.kind == "hog/cpu-spin" }
        let early = hogs.filter { $0.start < 3600 }
        let late = hogs.filter { $0.start > 3700 }
        #expect(early.count >= 25 && late.count >= 25)
        #expect(early.allSatisfy { $0.target == "web-0" }, "\(Set(early.map(\.target)))")
        #expect(Set(late.map(\.target)).count > 1, "after 01:00 all four replicas are drawn")
    }

    /// `container-crash` strikes every running replica, autoscaled slots included: from 01:00
    /// four replicas run, and the three slots placed then crash too (about 3 × 1 h × 6/h).
    @Test func containerCrashesStrikeAutoscaledReplicas() throws {
        let yaml =
            Self.scenario(autoscaling: "{ schedule: { \"00:00\": 1, \"01:00\": 4 }, startupTime: 20s }", duration: "2h")
                + """

                faults:
                  - { kind: container-crash, service: web, rate: 6/h }
                """
        let (out, _) = try run(yaml)
        let crashes = out.result.incidents.filter { $0.kind == "container-crash" }
        let slots = crashes.filter { $0.target != "web/0" }
        #expect(slots.allSatisfy { $0.start >= 3600 }, "a parked slot never crashes")
        #expect(slots.count >= 8, "\(slots.count) crashes of the slots placed at 01:00")
        #expect(crashes.filter { $0.start < 7000 }.allSatisfy { $0.end != nil }, "every crash ends with a restart")
    }

    /// Steps at 01:00 (up to 6) and 02:00 (down to 3). A scale-up at 01:00 is serving 20 s later,
    /// so the minute ending at 01:00 still shows 2; a scale-down leaves the pools at once, so the
    /// minute ending at 02:00 already shows 3.
    @Test func scheduleChangesServingReplicasAtTheScheduledTimes() throws {
        let (out, a) = try run(
            Self.scenario(
                autoscaling: "{ schedule: { \"00:00\": 2, \"01:00\": 6, \"02:00\": 3 }, startupTime: 20s }"))
        #expect(a.minutes.count == 180)
        for m in a.minutes {
            let expected = m.minute < 60 ? 2 : m.minute < 119 ? 6 : 3
            #expect(m.serving == expected, "minute \(m.minute): \(m.serving) serving, expected \(expected)")
        }
        #expect(a.scaleUps == 1 && a.scaleDowns == 1 && a.replicasAdded == 4 && a.replicasRemoved == 3)
        #expect(a.unplaceableScaleUps == 0 && a.minReplicas == 2 && a.maxReplicas == 6)
        // Removed replicas drained within the grace period: nothing failed.
        #expect(out.result.requests.failed == 0)
    }

    /// 2 cores of work at 100/s (20 ms each); requests of 1 core at a 50% target want 4 replicas.
    /// The load doubles from 01:00 to 02:00: 8 replicas (9 if the noise rounds up), at once; back
    /// to 4–5 only after the 5-minute scale-down delay.
    @Test func targetScalesUpUnderALoadStepAndDownAfterTheDelay() throws {
        let (_, a) = try run(
            Self.scenario(
                autoscaling: "{ targetCPU: 50%, min: 2, max: 12, period: 30s, scaleDownDelay: 5m, startupTime: 20s }",
                traffic: "{ rate: 100/s, daily: { interpolation: step, points: { \"00:00\": 1, \"01:00\": 2, \"02:00\": 1 } } }",
                replicas: 4, work: "{ constant: 20ms }"))
        func serving(_ minute: Int) -> Int { a.minutes.first { $0.minute == minute }?.serving ?? -1 }
        for m in [10, 30, 59] { #expect(serving(m) == 4, "minute \(m): \(serving(m))") }
        // 01:00:30 sees the doubled load; the new replicas serve from 01:00:50.
        for m in [61, 90, 119] { #expect((8...9).contains(serving(m)), "minute \(m): \(serving(m))") }
        // Still up through 02:04 (the delay), down by 02:10.
        for m in [121, 123] { #expect(serving(m) >= 8, "minute \(m): \(serving(m))") }
        for m in [130, 170] { #expect((4...5).contains(serving(m)), "minute \(m): \(serving(m))") }
        #expect(a.scaleUps >= 1 && a.scaleDowns >= 1 && a.unplaceableScaleUps == 0)
    }

    /// One container per machine, 3 machines, r-3 down from 00:30 to 01:30: the 01:00 scale-up to
    /// 3 places one replica and the third fits nowhere; it is retried every 30 s and placed at
    /// 01:30 when r-3 is repaired, serving from 01:30:20.
    @Test func unplaceableScaleUpIsReportedAndSucceedsWhenCapacityAppears() throws {
        let yaml = Self.scenario(
            autoscaling: "{ schedule: { \"00:00\": 1, \"01:00\": 3 } }", machines: 3, replicas: 1,
            top: """
                maxContainersPerMachine: 1
                faults:
                  - { kind: machine-crash, machine: r-3, at: "00:30", repairAfter: 1h }
                """, duration: "2h")
        let (_, a) = try run(yaml)
        func serving(_ minute: Int) -> Int { a.minutes.first { $0.minute == minute }?.serving ?? -1 }
        #expect(a.unplaceableScaleUps == 1, "r-3 is down: the third replica fits nowhere at 01:00")
        #expect(a.unplaceableAttempts == 60, "retried every 30 s from 01:00 to 01:29:30")
        #expect(serving(70) == 2 && serving(91) == 3)
        #expect(a.replicasAdded == 2 && a.unplacedAtEnd == 0)
    }

    @Test(arguments: [
        ("{ targetCPU: 60%, min: 5, max: 3 }", "services[0].autoscaling.max", "min 5 is greater than max 3"),
        ("{ targetCPU: 150%, min: 1, max: 3 }", "services[0].autoscaling.targetCPU", "targetCPU must be in (0, 100%]"),
        ("{ targetCPU: 0%, min: 1, max: 3 }", "services[0].autoscaling.targetCPU", "targetCPU must be in (0, 100%]"),
        ("{ schedule: { \"8h\": 3 } }", "services[0].autoscaling.schedule.8h", "is not a time of day"),
        ("{ schedule: { \"25:00\": 3 } }", "services[0].autoscaling.schedule.25:00", "is not a time of day"),
        ("{ schedule: { \"08:00\": 0 } }", "services[0].autoscaling.schedule.08:00", "replicas must be at least 1"),
        ("{ schedule: { \"08:00\": 2 }, targetCPU: 50% }", "services[0].autoscaling.targetCPU", "either"),
        ("{ min: 1, max: 2 }", "services[0].autoscaling", "missing `schedule` or `targetCPU`"),
    ])
    func validationErrorsPointAtTheValue(autoscaling: String, path: String, message: String) throws {
        do {
            _ = try ScenarioLoader.parse(yaml: Self.scenario(autoscaling: autoscaling))
            Issue.record("\(autoscaling) must be rejected")
        } catch {
            let d = try #require(error.diagnostics.first { $0.path == path }, "\(error.description)")
            #expect(d.message.contains(message), "\(d.message)")
            #expect(d.line == 19 && (d.column ?? 0) > 0, "\(d)")
        }
    }

    /// Top-level `autoscaling:` is not a key: it is set per service.
    @Test func autoscalingIsPerService() throws {
        #expect(throws: ScenarioError.self) {
            _ = try ScenarioLoader.parse(
                yaml: Self.scenario(
                    autoscaling: "{ schedule: { \"00:00\": 2 } }",
                    top: "autoscaling: { schedule: { \"00:00\": 2 } }"))
        }
    }

    /// A machine crash that kills a running autoscaled replica, with interference on: the
    /// per-container hog and interference tables must cover the autoscaled slots (they once
    /// stopped at the placed containers, and the kill read past their end).
    @Test func crashOfAMachineHoldingAnAutoscaledReplica() throws {
        let yaml = Self.scenario(
            autoscaling: "{ schedule: { \"00:00\": 2, \"00:10\": 4 }, startupTime: 10s }", machines: 2,
            top: """
                interference: { web: 0.5 }
                faults: [ { kind: machine-crash, machine: r-2, at: "00:20", repairAfter: 5m } ]
                """, duration: "40m")
        let (out, a) = try run(yaml)
        #expect(a.replicasAdded == 2)
        // Two of the four replicas (spread) ran on r-2: they died with it and restarted after the repair.
        #expect(out.incidents.count == 1)
        #expect(a.minutes.first { $0.minute == 22 }?.serving == 2)
        #expect(a.minutes.last?.serving == 4)
    }
}
