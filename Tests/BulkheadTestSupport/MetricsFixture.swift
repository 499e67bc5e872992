import BulkheadKernel
import BulkheadMetrics
import BulkheadModel
import BulkheadResults
import BulkheadStochastic

/// Hand-made configurations and event helpers shared by the metrics and report tests.
public enum Fixture {
    /// Three services (web and db of tenant "shop", batch of tenant "analytics"), two machines
    /// used and one empty, one-minute warm-up, ten minutes in all.
    public static func config(warmupSeconds: Double = 60) -> ClusterConfig {
        ClusterConfig(
            racks: ["r0", "r1"],
            machines: [
                .init(name: "m0", rack: 0, type: "std", cpu: 8, memory: 32e9),
                .init(name: "m1", rack: 1, type: "std", cpu: 4, memory: 16e9),
                .init(name: "m2", rack: 1, type: "std", cpu: 4, memory: 16e9),
            ],
            services: [
                .init(
                    name: "web", tenant: "shop", replicas: 2, cpuRequest: 1, memoryRequest: 2e9,
                    work: .constant(0.01), sloLatencyP99: 0.1, sloAvailability: 0.99),
                .init(
                    name: "db", tenant: "shop", replicas: 1, cpuRequest: 2, memoryRequest: 8e9,
                    work: .constant(0.01)),
                .init(
                    name: "batch", tenant: "analytics", replicas: 1, cpuRequest: 1, memoryRequest: 4e9,
                    work: .constant(0.01), sloAvailability: 0.9),
            ],
            balancers: [],
            duration: .seconds(600), warmup: .seconds(warmupSeconds))
    }

    public static let placement = Placement(containers: [
        .init(service: 0, replica: 0, machine: 0),
        .init(service: 0, replica: 1, machine: 1),
        .init(service: 1, replica: 0, machine: 0),
        .init(service: 2, replica: 0, machine: 1),
    ])

    public static func at(ms: Int64) -> SimInstant { SimInstant(nanoseconds: ms * 1_000_000) }

    /// Reports a request that ends at `endMs` after `latencyMs`.
    public static func finish(
        _ c: MetricsCollector, service: Int, endMs: Int64, latencyMs: Int64,
        outcome: RequestOutcome = .success, external: Bool = true
    ) {
        c.requestFinished(
            service: service, start: at(ms: endMs - latencyMs), end: at(ms: endMs), outcome: outcome,
            external: external)
    }

    public static func idle(_ n: Int = 3) -> [MachineSample] {
        Array(repeating: MachineSample(busyCores: 0, memoryUsed: 0), count: n)
    }

    public static func result(_ c: MetricsCollector, inFlight: [Int] = [0, 0, 0]) -> RunResult {
        c.result(scenario: "fixture", seed: 7, policy: "spread", inFlightAtEnd: inFlight, eventsProcessed: 1234)
    }

    /// A small but complete run: traffic in minutes 0 (warm-up) to 3, with failures, kills and samples.
    public static func sampleRun() -> RunResult {
        let c = MetricsCollector(config: config(), placement: placement)
        for minute in Int64(0)..<4 {
            for i in Int64(0)..<50 {
                let end = minute * 60_000 + 1_000 + i * 1_000
                finish(c, service: 0, endMs: end, latencyMs: 20 + i)
                finish(c, service: 1, endMs: end, latencyMs: 5 + i % 7, external: false)
                finish(c, service: 2, endMs: end, latencyMs: 200, outcome: i % 10 == 0 ? .timeout : .success)
            }
            finish(c, service: 0, endMs: minute * 60_000 + 59_000, latencyMs: 1, outcome: .deadReplica)
            if minute == 2 {
                c.containerKilled(container: 3, machine: 1, reason: .oomMachine, at: at(ms: 150_000), innocent: true)
            }
            c.minuteEnded(
                minute: Int(minute),
                machines: [
                    MachineSample(busyCores: 2 + Double(minute), memoryUsed: 8e9),
                    MachineSample(busyCores: 1, memoryUsed: 4e9 + Double(minute) * 1e9),
                    MachineSample(busyCores: 0, memoryUsed: 0),
                ])
        }
        return result(c, inFlight: [3, 0, 1])
    }
}
