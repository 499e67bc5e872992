import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation
import Testing

/// A shared 6-core box: `shop` (catalog) and `pay` (payments) next to `analytics` (reports), the hog.
func noisyBox(
    cpu: String, memory: String = "limits", hogs: String, duration: String = "30m",
    interference: String = ""
) -> String {
    """
    name: noisy
    seed: 5
    duration: \(duration)
    machineTypes: { box: { cpu: 6, memory: 16Gi } }
    racks: [ { name: r, type: box, machines: 1 } ]
    loadBalancers:
      - name: front
        traffic: { rate: 100/s }
        routes: { catalog: 0.7, payments: 0.28, reports: 0.02 }
    services:
      - name: catalog
        tenant: shop
        replicas: 1
        resources: { requests: { cpu: "2", memory: 8Gi }, limits: { cpu: "2", memory: 10Gi } }
        work: { cpu: { exponential: { mean: 10ms } } }
        memory: { base: 8Gi }
        timeout: 2s
        slo: { latency: { p99: 100ms } }
      - name: payments
        tenant: pay
        replicas: 1
        resources: { requests: { cpu: "1", memory: 1Gi }, limits: { cpu: "2", memory: 2Gi } }
        work: { cpu: { exponential: { mean: 10ms } } }
        memory: { base: 1Gi }
        timeout: 2s
      - name: reports
        tenant: analytics
        replicas: 1
        resources: { requests: { cpu: "1", memory: 1Gi }, limits: { cpu: "1", memory: 3Gi } }
        work: { cpu: { exponential: { mean: 20ms } } }
        memory: { base: 1Gi }
    isolation: { cpu: \(cpu), memory: \(memory) }
    \(interference)
    hogs:
    \(hogs)
    """
}

@Suite("Hog measurement against the twin")
struct HogMeasurementTests {
    /// A batch job end to end: 12 tasks of 120 CPU-seconds, all at once in `reports` (12 slots),
    /// on the 6-core box under per-thread fairness. 1440 CPU-seconds on at most 6 cores take at
    /// least 240 s; the job is one `hog/batch` incident of the analytics tenant that hurts the shop.
    @Test func batchJobRunsEndToEnd() throws {
        let s = try ScenarioLoader.parse(
            yaml: noisyBox(
                cpu: "none",
                hogs: "  - { kind: batch, service: reports, tasks: 12, threads: 12, taskWork: { constant: 120s }, at: \"00:05\" }"
            ))
        let out = try Runner.run(s)
        let job = try #require(out.result.batchJobs.first)
        #expect(out.result.batchJobs.count == 1 && job.service == "reports" && job.start == 300)
        #expect(job.tasks == 12 && job.completed == 12 && job.retries == 0 && job.waitedForSlotSeconds == 0)
        let makespan = try #require(job.makespanSeconds)
        #expect(makespan >= 240 && makespan < 400, "makespan \(makespan)")
        let impact = try #require(out.result.hogImpacts.first)
        #expect(impact.kind == "hog/batch" && impact.tenant == "analytics")
        #expect(abs(impact.start - 300) < 1e-9 && abs((impact.end ?? 0) - (300 + makespan)) < 1e-6)
        #expect(impact.victims.contains { $0.tenant == "shop" && ($0.p99Inflation ?? 0) > 1.5 })
        #expect(out.twin?.batchJobs.isEmpty == true)
    }

    /// A workflow end to end through scenario → runner → results: a fork of 12 tasks of 120
    /// CPU-seconds (12 slots in `reports`) then a join of 60 s, on the 6-core box under per-thread
    /// fairness. The fork's 1440 CPU-seconds take at least 240 s on 6 cores, the join 60 s more;
    /// the run is one `hog/workflow` incident of the analytics tenant, measured against the twin
    /// (run without hogs, so without the workflow) as every hog is: it hurts the shop. The critical path is
    /// t0 → join, 180 s: the makespan's excess over it is what sharing 6 cores cost.
    @Test func workflowRunsEndToEndAndIsMeasuredAgainstTheTwin() throws {
        let fork = (0..<12).map { "{ name: t\($0), work: { constant: 120s } }" }.joined(separator: ", ")
        let after = (0..<12).map { "t\($0)" }.joined(separator: ", ")
        let s = try ScenarioLoader.parse(
            yaml: noisyBox(
                cpu: "none",
                hogs:
                    "  - { kind: workflow, name: wf, service: reports, threads: 12, at: \"00:05\", deadline: 10m, tasks: [ \(fork), { name: join, work: { constant: 60s }, after: [\(after)] } ] }"
            ))
        let out = try Runner.run(s)
        let w = try #require(out.result.workflows.first)
        #expect(out.result.workflows.count == 1 && out.result.batchJobs.isEmpty)
        #expect(w.name == "wf" && w.service == "reports" && w.tasks == 13 && w.deadlineSeconds == 600)
        #expect(w.started == 1 && w.completed == 1 && w.failed == 0 && w.retries == 0 && w.deadlineMisses == 0)
        let makespan = try #require(w.makespanMaxSeconds)
        #expect(makespan >= 300 && makespan < 460 && w.makespanMeanSeconds == makespan, "makespan \(makespan)")
        #expect(w.criticalPath == ["t0", "join"] && w.criticalPathSeconds == 180)
        let impact = try #require(out.result.hogImpacts.first)
        #expect(impact.kind == "hog/workflow" && impact.tenant == "analytics" && impact.target == "reports")
        #expect(abs(impact.start - 300) < 1e-9 && abs((impact.end ?? 0) - (300 + makespan)) < 1e-6)
        #expect(impact.victims.contains { $0.tenant == "shop" && ($0.p99Inflation ?? 0) > 1.5 })
        #expect(out.twin?.workflows.isEmpty == true)
        #expect(out.result.hogging.workflows == out.result.workflows)
    }

    /// Retries exhausted through the memory path: `big` holds 4 GiB in a container limited to
    /// 3 GiB (1 GiB base), so every attempt is OOM-killed as it starts; with `retries: 2` the third
    /// death fails the run on `big` after `prep` is done. Each death is an OOM kill of reports.
    @Test func memoryKillsExhaustRetriesAndFailTheRun() throws {
        let s = try ScenarioLoader.parse(
            yaml: noisyBox(
                cpu: "shares",
                hogs:
                    "  - { kind: workflow, name: wf, service: reports, at: \"00:05\", deadline: 20m, tasks: [ { name: prep, work: { constant: 60s }, memory: 512Mi }, { name: big, work: { constant: 60s }, memory: 4Gi, after: [prep], retries: 2, backoff: 10s } ] }"
            ))
        let out = try Runner.run(s)
        let w = try #require(out.result.workflows.first)
        let run = try #require(w.runs.first)
        #expect(w.started == 1 && w.failed == 1 && w.completed == 0 && w.deadlineMisses == 1)
        #expect(run.failedTask == "big" && run.completed == 1 && run.retries == 2 && run.makespanSeconds == nil)
        #expect(w.makespanMeanSeconds == nil && w.makespanMaxSeconds == nil)
        #expect(out.result.kills.byContainer["reports-0"] == 3 && out.result.kills.oomLimit == 3, "\(out.result.kills)")
    }

    /// A hog that never fires (scheduled after the end): the twin is run and is identical to the
    /// run, and every hogging figure is zero.
    @Test func withoutActivationTheTwinIsIdenticalAndEverythingIsZero() throws {
        let s = try ScenarioLoader.parse(
            yaml: noisyBox(
                cpu: "shares", hogs: "  - { kind: cpu-spin, service: reports, threads: 8, at: \"01:00\", day: 3, duration: 10m }")
        )
        let out = try Runner.run(s)
        let twin = try #require(out.twin)
        #expect(twin == out.result)
        let h = out.result.hogging
        #expect(h.hogs == 0 && h.victimP99Inflation.max == 0 && h.victimTenantsPerHog.mean == 0 && h.innocentOOMKills == 0)
        #expect(out.result.interference.isEmpty)
    }

    /// A 16-thread spinner for 10 minutes: under `none` the other tenants' p99 inflates far more
    /// than under `quota` (the hog capped at 1 core), where nobody else is hurt.
    @Test func spinHurtsOthersUnderNoneNotUnderQuota() throws {
        let spin = "  - { kind: cpu-spin, service: reports, threads: 16, at: \"00:10\", duration: 10m }"
        let none = try Runner.run(ScenarioLoader.parse(yaml: noisyBox(cpu: "none", hogs: spin)))
        let quota = try Runner.run(ScenarioLoader.parse(yaml: noisyBox(cpu: "quota", hogs: spin)))
        let n = none.result.hogging
        let q = quota.result.hogging
        print(
            "VALIDATION hog spin: none max p99× \(n.victimP99Inflation.max), victims \(n.victimTenantsPerHog.max); quota max p99× \(q.victimP99Inflation.max), victims \(q.victimTenantsPerHog.max)"
        )
        #expect(n.hogs == 1 && q.hogs == 1)
        #expect(n.victimP99Inflation.max > 2, "none: \(n)")
        #expect(n.victimTenantsPerHog.max == 2)
        #expect(q.victimP99Inflation.max < 1.1, "quota: \(q)")
        #expect(q.victimTenantsPerHog.max == 0)
        let impact = try #require(none.result.hogImpacts.first)
        #expect(impact.kind == "hog/cpu-spin" && impact.target == "reports-0" && impact.tenant == "analytics")
        #expect(impact.others.map(\.tenant) == ["pay", "shop"])
    }

    /// A leak without memory limits gets the largest container (catalog, 8 GiB) killed by the
    /// machine's OOM killer: an innocent kill attributed to the analytics hog; with limits the
    /// leaker dies alone and nobody else is counted.
    @Test func leakInnocentKillsAreCountedOnlyWithoutLimits() throws {
        let leak = "  - { kind: memory-leak, service: reports, rate: 1Gi/min, at: \"00:10\" }"
        let none = try Runner.run(ScenarioLoader.parse(yaml: noisyBox(cpu: "shares", memory: "none", hogs: leak)))
        let limits = try Runner.run(ScenarioLoader.parse(yaml: noisyBox(cpu: "shares", memory: "limits", hogs: leak)))
        #expect(none.result.hogging.innocentOOMKills >= 1)
        #expect(none.result.kills.innocent >= 1)
        let victim = try #require(none.result.hogImpacts.first?.others.first { $0.tenant == "shop" })
        #expect(victim.innocentOOMKills >= 1 && victim.extraFailed >= 1)
        #expect(limits.result.hogging.innocentOOMKills == 0)
        #expect(limits.result.kills.innocent == 0 && limits.result.kills.oomLimit == 1)
        // 2 GiB of headroom at 1 GiB/min: 120 s, rounded up to the next nanosecond.
        let end = try #require(limits.result.hogImpacts.first?.end)
        #expect(end >= 720 && end < 720 + 2e-9, "\(end)")
    }

    /// Interference: with a spinner under `quota` (1 core), the catalog (sensitivity 1) runs
    /// 1 + 1 × busy others / 6 slower, so its p99 inflates; without `interference` it does not.
    @Test func interferenceSlowsTheSensitiveService() throws {
        let spin = "  - { kind: cpu-spin, service: reports, threads: 16, at: \"00:10\", duration: 10m }"
        let with = try Runner.run(
            ScenarioLoader.parse(
                yaml: noisyBox(
                    cpu: "quota", hogs: spin,
                    interference: "interference: { catalog: 1.0 }")))
        let shop = try #require(with.result.hogImpacts.first?.others.first { $0.tenant == "shop" })
        let pay = try #require(with.result.hogImpacts.first?.others.first { $0.tenant == "pay" })
        #expect((shop.p99Inflation ?? 0) > 1.1, "\(shop)")
        #expect((pay.p99Inflation ?? 0) < 1.05, "payments is not sensitive: \(pay)")
    }

    /// A retry storm multiplies the service's arrivals by the factor during the window (Poisson,
    /// ±4σ), and the twin has the base traffic request for request.
    @Test func retryStormMultipliesArrivals() throws {
        let storm = "  - { kind: retry-storm, service: payments, factor: 3, at: \"00:00\", duration: 30m }"
        let out = try Runner.run(ScenarioLoader.parse(yaml: noisyBox(cpu: "shares", hogs: storm)))
        let twin = try #require(out.twin)
        let stormed = out.result.services.first { $0.name == "payments" }!.externalRequests
        let base = twin.services.first { $0.name == "payments" }!.externalRequests
        let expected = 3.0 * 100 * 0.28 * 1800
        #expect(abs(Double(stormed) - expected) < 4 * expected.squareRoot(), "\(stormed) vs \(expected)")
        #expect(
            out.result.services.first { $0.name == "catalog" }!.externalRequests
                == twin.services.first { $0.name == "catalog" }!.externalRequests)
        #expect(base < stormed)
    }
}

@Suite("Shipped hog scenarios")
struct ShippedHogScenarioTests {
    /// The shipped hog scenarios load under every CPU isolation setting.
    @Test(arguments: ["scenarios/noisy-neighbor.yaml", "scenarios/batch-at-noon.yaml", "scenarios/workflows.yaml"])
    func loads(file: String) throws {
        let path = ShippedScenarioTests.root.appendingPathComponent(file).path
        for cpu in ["none", "shares", "quota", "pinned"] {
            let s = try ScenarioLoader.load(path: path, overrides: ["isolation.cpu=\(cpu)"])
            #expect(!s.hogs.isEmpty && s.isolation.cpu.rawValue == cpu)
        }
    }
}
