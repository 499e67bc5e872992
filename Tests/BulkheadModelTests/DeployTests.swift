import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Testing

/// Deploys with a restart cost and blue-green on `faultScenario`'s cluster: spread puts api's two
/// replicas on ra-1 and ra-2 (8 cores each, 1-core requests) and solo on rb-1; rb-2 is empty.
/// api takes 28 requests/s of 5 ms (exponential), health checks every 5 s (2 to be healthy).
@Suite("Releases: restart cost and blue-green deploys")
struct DeployTests {
    func run(_ release: String, machineCores: Int = 8, duration: String = "40m") throws -> Runner.Output {
        var yaml = faultScenario(faults: "  []", duration: duration, releases: "  - " + release)
        yaml = yaml.replacingOccurrences(of: "m: { cpu: 8,", with: "m: { cpu: \(machineCores),")
        // Every container holds 512 MiB while it runs: memory shows which containers exist.
        yaml = yaml.replacingOccurrences(of: "timeout: 1s", with: "timeout: 1s\n    memory: { base: 512Mi }")
        return try Runner.run(try ScenarioLoader.parse(yaml: yaml))
    }

    func busy(_ out: Runner.Output, _ machine: String, minute: Int) -> Double {
        out.result.timeSeries.machines.first { $0.machine == machine && $0.minute == minute }?.cpuUtilization ?? -1
    }

    /// Memory in use over the whole cluster in `minute` (GiB; 32 GiB machines), from the samples.
    func memory(_ out: Runner.Output, minute: Int) -> Double {
        out.result.timeSeries.machines.filter { $0.minute == minute }.reduce(0) { $0 + $1.memoryUtilization * 32 }
    }

    /// A good blue-green release: the new set is placed, started (30 s), switched to once
    /// healthy, and the old set drained and destroyed. No request fails; both sets existed during
    /// the switch (more memory in use in minute 20 than the 3 × 0.5 GiB before) and the old set
    /// is gone afterwards (3 × 0.5 GiB again); the extra machine-hours are 2 replicas × 1/8
    /// machine × the deploy's duration.
    @Test func blueGreenSwitchesDrainsAndDestroysTheOldSet() throws {
        let out = try run(
            """
            { service: api, at: "00:20", stages: [ { blue-green: {} } ], restart: { startup: 30s },
                bad: { probability: 0, errorRate: 50% } }
            """)
        let d = try #require(out.result.deploys.first)
        #expect(d.strategy == "blue-green" && d.outcome == "completed")
        let duration = try #require(d.durationSeconds)
        // Start-up, then two health checks 5 s apart: never switched before the new set is healthy.
        #expect(duration >= 35 && duration <= 45, "deploy \(duration) s")
        #expect(abs(d.extraMachineHours - 2 * 0.125 * duration / 3600) < 1e-9)
        #expect(d.failedRequests == 0 && out.result.requests.failed == 0)
        #expect(abs(memory(out, minute: 15) - 1.5) < 1e-9)
        // Both sets ran from the new set's start (30 s) until the old set was destroyed at the
        // deploy's end: 1.5 GiB + 2 × 0.5 GiB × (duration − 30 s) / 60 s over minute 20.
        #expect(duration - 30 >= 5)
        // Tolerance 0.002 GiB·min/min: 0.12 s of both sets (the drain is polled every 100 ms).
        #expect(abs(memory(out, minute: 20) - (1.5 + (duration - 30) / 60)) < 0.002, "minute 20: \(memory(out, minute: 20)) GiB")
        #expect(abs(memory(out, minute: 25) - 1.5) < 1e-9)
        // rb-2 was empty: the policy (spread) put a new replica there, and it serves.
        #expect(busy(out, "rb-2", minute: 25) > 0)
    }

    /// The new set does not fit (1-core machines: one free machine for two new replicas).
    @Test(arguments: ["abort", "wait", "rolling"])
    func whenTheNewSetDoesNotFit(_ mode: String) throws {
        let out = try run(
            """
            { service: api, at: "00:20", stages: [ { blue-green: { onNoCapacity: \(mode), retry: 1m, batch: 1, interval: 1m } } ],
                restart: { startup: 10s }, bad: { probability: 0, errorRate: 50% } }
            """, machineCores: 1)
        let d = try #require(out.result.deploys.first)
        switch mode {
        case "abort":
            // Given up at once: nothing changed, no extra machine-hours beyond the placed one's 0 s.
            #expect(d.outcome == "aborted-no-capacity" && d.unplaceableAttempts == 1 && d.durationSeconds == 0)
            #expect(d.extraMachineHours == 0)
        case "wait":
            // Retried every minute until the end (20 minutes): one new replica held its machine.
            #expect(d.outcome == "unfinished" && d.durationSeconds == nil && (20...21).contains(d.unplaceableAttempts))
            #expect(abs(d.extraMachineHours - 20.0 / 60) < 1e-6, "\(d.extraMachineHours)")
        default:
            // In place, one replica at a time: drain, 10 s start-up, one minute between batches.
            #expect(d.strategy == "blue-green→rolling" && d.outcome == "completed" && d.extraMachineHours == 0)
            #expect(d.replicaHoursOut > 0 && (d.durationSeconds ?? 0) >= 69)
        }
        #expect(out.result.requests.failed == 0)
    }

    /// A rolling restart's warm-up multiplies CPU work by its factor for its duration only:
    /// factor 3 for 2 minutes against factor 1. ra-1 runs only api's replica 0, restarted at
    /// 00:20 (10 s start-up): its busy CPU triples over minute 21 (inside the warm-up) and is the
    /// same in both runs from minute 23 on (the same requests and work draws).
    @Test func warmupRaisesCPUOnlyForItsDuration() throws {
        func rolling(_ factor: Int) throws -> Runner.Output {
            try run(
                """
                { service: api, at: "00:20", stages: [ { release: { batch: 1, interval: 5m } } ],
                    restart: { startup: 10s, warmup: { factor: \(factor), duration: 2m } }, bad: { probability: 0, errorRate: 50% } }
                """)
        }
        let cold = try rolling(3)
        let warm = try rolling(1)
        let inside = busy(cold, "ra-1", minute: 21) / busy(warm, "ra-1", minute: 21)
        #expect(inside > 2.7 && inside < 3.3, "ratio in the warm-up \(inside)")
        for minute in 23..<25 {
            let after = busy(cold, "ra-1", minute: minute) / busy(warm, "ra-1", minute: minute)
            #expect(abs(after - 1) < 0.01, "minute \(minute): ratio \(after)")
        }
        let d = try #require(cold.result.deploys.first)
        #expect(d.strategy == "rolling" && d.outcome == "completed" && d.extraMachineHours == 0)
    }

    /// Flow fidelity refuses releases, blue-green included, at the release's line and column.
    @Test func flowFidelityRefusesBlueGreen() throws {
        let yaml = faultScenario(
            faults: "  []", extra: "fidelity: flow",
            releases:
                "  - { service: api, at: \"00:20\", stages: [ { blue-green: {} } ], bad: { probability: 0, errorRate: 5% } }")
        #expect {
            _ = try ScenarioLoader.parse(yaml: yaml)
        } throws: { error in
            let text = "\(error)"
            return text.contains("releases[0]") && text.contains("flow")
        }
    }
}
