import BulkheadKernel
import BulkheadModel
import BulkheadRunner
import BulkheadScenario
import BulkheadStochastic
import Foundation

/// Records every request outcome, for validation against queueing theory through the real model.
public final class Recorder: ModelObserver {
    public struct Record {
        public var service: Int
        public var start: SimInstant
        public var end: SimInstant
        public var outcome: RequestOutcome
        public var external: Bool
    }
    public var records: [Record] = []
    public var kills: [(container: Int, reason: KillReason, innocent: Bool)] = []
    public var minutes = 0
    public init() {}
    public func requestFinished(service: Int, start: SimInstant, end: SimInstant, outcome: RequestOutcome, external: Bool) {
        records.append(Record(service: service, start: start, end: end, outcome: outcome, external: external))
    }
    public func containerKilled(container: Int, machine: Int, reason: KillReason, at: SimInstant, innocent: Bool) {
        kills.append((container, reason, innocent))
    }
    public func minuteEnded(minute: Int, machines: [MachineSample]) { minutes += 1 }
}

/// Loads a scenario from YAML text, compiles it and places replicas round-robin over the machines
/// their role allows (placement itself is validated in the placement tests).
public func makeSimulation(_ yaml: String, seed: UInt64? = nil) throws -> (Simulation, Recorder, ClusterConfig, Placement) {
    let scenario = try ScenarioLoader.parse(yaml: yaml)
    let config = try ScenarioCompiler.compile(scenario)
    var containers: [Placement.Container] = []
    var cursor = 0
    for (s, svc) in config.services.enumerated() {
        let allowed = config.machines.indices.filter { config.machines[$0].role == svc.role }
        for r in 0..<svc.replicas {
            containers.append(.init(service: s, replica: r, machine: allowed[cursor % allowed.count]))
            cursor += 1
        }
    }
    let placement = Placement(containers: containers)
    let recorder = Recorder()
    let sim = Simulation(
        config: config, placement: placement, streams: StreamFactory(seed: seed ?? scenario.seed),
        observer: recorder)
    return (sim, recorder, config, placement)
}

/// Batch means: splits `values` into `batches` consecutive batches and returns the grand mean and
/// the half-width of its two-sided `confidence` interval (Student t with batches − 1 dof).
public func batchMeans(_ values: [Double], batches: Int = 20, confidence: Double = 0.99) -> (mean: Double, halfWidth: Double) {
    let size = values.count / batches
    let means = (0..<batches).map { b in values[(b * size)..<((b + 1) * size)].reduce(0, +) / Double(size) }
    return (means.reduce(0, +) / Double(batches), StudentT.halfWidth(means, confidence: confidence))
}

/// Erlang C: probability an arrival waits in M/M/c with offered load a = λ/μ.
public func erlangC(c: Int, a: Double) -> Double {
    var term = 1.0
    var sum = 1.0
    for k in 1..<c {
        term *= a / Double(k)
        sum += term
    }
    let last = term * a / Double(c) * Double(c) / (Double(c) - a)
    return last / (sum + last)
}

/// A single-machine, single-service scenario.
public func queueScenario(cores: Int, rate: Double, work: String, duration: String, isolation: String = "shares") -> String {
    """
    name: queue
    seed: 7
    duration: \(duration)
    machineTypes: { m: { cpu: \(cores), memory: 64Gi } }
    racks: [ { name: r, type: m, machines: 1 } ]
    loadBalancers:
      - name: front
        algorithm: round-robin
        traffic: { rate: \(rate)/s }
        routes: { svc: 1.0 }
    services:
      - name: svc
        tenant: t
        replicas: 1
        resources: { requests: { cpu: "\(cores)", memory: 1Gi } }
        work: { cpu: \(work) }
    isolation: { cpu: \(isolation), memory: limits }
    """
}

/// Two 4-core machines in one rack, two tenants (`ta`, `tb`) of one service of two replicas each
/// behind one balancer: the small cluster of the compare and sweep tests.
public func pairYAML(name: String, seed: Int, duration: String, rate: String, machineCost: Double? = nil) -> String {
    let cost = machineCost.map { ", costPerHour: \($0)" } ?? ""
    return """
        name: \(name)
        seed: \(seed)
        duration: \(duration)
        warmup: 5s
        machineTypes: { m: { cpu: 4, memory: 16Gi\(cost) } }
        racks: [ { name: r, type: m, machines: 2 } ]
        loadBalancers:
          - name: front
            traffic: { rate: \(rate) }
            routes: { a: 0.5, b: 0.5 }
        services:
          - name: a
            tenant: ta
            replicas: 2
            resources: { requests: { cpu: "1", memory: 1Gi } }
            work: { cpu: { exponential: { mean: 8ms } } }
          - name: b
            tenant: tb
            replicas: 2
            resources: { requests: { cpu: "1", memory: 1Gi } }
            work: { cpu: { exponential: { mean: 8ms } } }
        """
}
