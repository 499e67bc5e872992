import BulkheadKernel
import BulkheadModel
import BulkheadRunner
import BulkheadScenario
import BulkheadTestSupport
import BulkheadTestbed
import Testing

/// The testbed replays the very requests the request engine simulates: same arrival instants,
/// same routes, same CPU work (the named streams drawn in the engine's order), so that kernel and
/// model are compared on one sample path.
@Suite("Testbed plan")
struct TestbedPlanTests {
    /// Two services behind one balancer on a 64-core machine with no isolation and light load:
    /// no request ever waits, so the engine's latency of each request is exactly its work.
    static let yaml = """
        name: replay
        seed: 5
        duration: 20s
        warmup: 0s
        machineTypes: { host: { cpu: 64, memory: 64Gi } }
        racks: [ { name: r, type: host, machines: 1 } ]
        loadBalancers:
          - name: front
            traffic: { rate: 40/s }
            routes: { a: 0.7, b: 0.3 }
        services:
          - { name: a, tenant: t, replicas: 1, resources: { requests: { cpu: "1", memory: 1Gi } }, work: { cpu: { exponential: { mean: 5ms } } } }
          - { name: b, tenant: u, replicas: 1, resources: { requests: { cpu: "1", memory: 1Gi } }, work: { cpu: { lognormal: { mean: 8ms, cv: 1.5 } } } }
        isolation: { cpu: none }
        """

    @Test func replaysTheEnginesRequestsExactly() throws {
        let (sim0, recorder, config, _) = try makeSimulation(Self.yaml)
        var sim = sim0
        _ = sim.run()
        let plan = try TestbedPlan.make(config: config, seed: 5, hostCPUs: 64)
        for s in 0..<2 {
            let engine = recorder.records.filter { $0.service == s && $0.external }.sorted { $0.start < $1.start }
            let replay = plan.containers[s].requests
            // The engine reports a request when it ends: one still running at the end is not in it.
            #expect(engine.count > 100 && replay.count - engine.count <= 2, "service \(s): \(engine.count) vs \(replay.count)")
            for (e, r) in zip(engine, replay) {
                #expect(e.start.nanoseconds == r.arrival)
                // The engine rounds a completion up to the nanosecond; the plan rounds the work.
                #expect(abs((e.end.nanoseconds - e.start.nanoseconds) - r.work) <= 1)
            }
        }
    }

    @Test func refusesWhatTheTestbedCannotRunNamingTheKey() throws {
        let two = Self.yaml.replacingOccurrences(of: "machines: 1", with: "machines: 2")
            .replacingOccurrences(
                of: "replicas: 1, resources: { requests: { cpu: \"1\", memory: 1Gi } }, work: { cpu: { exponential",
                with: "replicas: 2, resources: { requests: { cpu: \"1\", memory: 1Gi } }, work: { cpu: { exponential")
        let config = try ScenarioCompiler.compile(try ScenarioLoader.parse(yaml: two))
        #expect {
            try TestbedPlan.make(config: config, seed: 1, hostCPUs: 2)
        } throws: { e in
            let d = (e as? TestbedPlan.Unsupported)?.description ?? ""
            return d.contains("racks:") && d.contains("services[0] (a): replicas must be 1")
                && d.contains("give the machine type `cpu: 2`")
        }
    }

    /// cgroup settings follow the Kubernetes conventions: shares = request × 1024, quota =
    /// limit × period, burst in µs; `none` puts everything in one group.
    @Test func cgroupSettings() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "cpu: 64", with: "cpu: 2")
            .replacingOccurrences(of: "isolation: { cpu: none }", with: "isolation: { cpu: quota, cpuPeriod: 50ms }")
            .replacingOccurrences(
                of: "name: a, tenant: t, replicas: 1, resources: { requests: { cpu: \"1\", memory: 1Gi } }",
                with:
                    "name: a, tenant: t, replicas: 1, resources: { requests: { cpu: 500m, memory: 1Gi }, limits: { cpu: 1500m, memory: 1Gi, cpuBurst: 20ms } }"
            )
        let config = try ScenarioCompiler.compile(try ScenarioLoader.parse(yaml: yaml))
        let plan = try TestbedPlan.make(config: config, seed: 1, hostCPUs: 2)
        #expect(!plan.sharedGroup)
        let a = plan.containers[0]
        #expect(
            a.shares == 512 && a.quotaMicroseconds == 75_000 && a.periodMicroseconds == 50_000 && a.burstMicroseconds == 20_000)
        #expect(plan.containers[1].quotaMicroseconds == nil && plan.containers[1].shares == 1024)
    }
}
