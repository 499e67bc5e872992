import BulkheadModel
import BulkheadResults
import BulkheadScenario
import Foundation

/// A cheap estimate of the work a run will do, made before simulating: requests (the integral of
/// the balancers' arrival rates, times each service's downstream calls), containers, machines,
/// wall time and memory. Commands print it in one line and refuse to start when it exceeds the
/// ``Limits`` (unless `--force`).
///
/// Approximations: wall time assumes `requestsPerSecond` simulated requests per wall second
/// (gilt-japan runs at ~1.4 M/s on the reference machine, with its twin), or under flow fidelity
/// `flowSecondsPerContainerMinute`; memory is what a run
/// holds whatever its duration (see ``memory(services:autoscaledServices:containers:machines:minutes:)``);
/// autoscaling above `replicas`, retries and the fault-free twin's requests are not counted. It is
/// a guard, not a prediction.
public struct WorkEstimate: Sendable, Equatable {
    public var requests: Double
    public var containers: Double
    public var machines: Double
    public var seconds: Double
    public var bytes: Double

    public init(requests: Double, containers: Double, machines: Double, seconds: Double, bytes: Double) {
        self.requests = requests
        self.containers = containers
        self.machines = machines
        self.seconds = seconds
        self.bytes = bytes
    }

    static let requestsPerSecond = 1.0e6
    /// Flow fidelity: wall seconds per container and simulated minute (fleet-10k, 300,000
    /// containers: a day with its twin took 538 CPU-seconds on the reference machine, ≈ 0.62 µs per
    /// container-minute and simulation; rounded up, its twin not counted).
    static let flowSecondsPerContainerMinute = 1.0e-6

    // Memory, calibrated on measured peak RSS (docs/model.md, "Memory estimate of a run").
    /// The process with a one-service scenario: Swift runtime, Foundation, GSL, the command.
    static let baseBytes = 32.0e6
    /// Per service: the whole-run latency HdrHistogram (UInt64 counts) and the current minute's
    /// histogram (UInt32 counts), ~23,000 buckets each, plus counters.
    static let bytesPerService = 290.0e3
    /// Per container and per machine: model state (queues, slots, placement) and result rows.
    static let bytesPerContainer = 8_192.0
    static let bytesPerMachine = 8_192.0
    /// The per-minute series are streamed to a ``MinuteSeriesStore`` whose in-memory buffer is
    /// bounded; the run's store is still held while its fault-free twin runs: two buffers.
    static let seriesBufferBytes = 2.0 * Double(MinuteSeriesStore.defaultMemoryLimit)
    /// An autoscaled service keeps its serving and desired replica counts per minute (two `Int`s):
    /// the one term that still grows with the duration (0.7 MB per service for 30 days).
    static let bytesPerAutoscaledServiceMinute = 16.0

    /// The bounds past which a command refuses to start without `--force`.
    public struct Limits: Sendable {
        public var containers = 1.0e9
        public var machines = 1.0e8
        public var seconds = 24.0 * 3600
        /// Physical memory of the machine.
        public var bytes = Double(ProcessInfo.processInfo.physicalMemory)
        public init() {}
    }

    /// Estimates `scenario`. Counts come from the specs; requests need the compiled arrival
    /// processes, so they are only estimated when the counts are within `limits` (compiling
    /// allocates per machine and container).
    /// - Complexity: O(racks + services + calls) + O(balancers × min(duration in s, 10⁵)) when compiled.
    public static func of(_ scenario: Scenario, limits: Limits = .init()) -> WorkEstimate {
        var e = counts(of: scenario)
        guard e.containers <= limits.containers, e.machines <= limits.machines, e.bytes <= limits.bytes,
            let config = try? ScenarioCompiler.compile(scenario)
        else { return e }
        e.requests = requests(config)
        if config.fidelity == .flow {
            // The flow engine's cost is per container and step, not per request; a quiet minute
            // is one step (docs/model.md, "Flow fidelity").
            e.seconds = e.containers * (config.duration.seconds / 60) * flowSecondsPerContainerMinute
        } else {
            e.seconds = e.requests / requestsPerSecond
        }
        return e
    }

    /// The estimate from the specs alone (no requests, no wall time): nothing is compiled.
    /// - Complexity: O(racks + services).
    public static func counts(of scenario: Scenario) -> WorkEstimate {
        let containers = scenario.services.reduce(0.0) { $0 + Double(max(0, $1.replicas)) }
        let machines = scenario.racks.reduce(0.0) { $0 + Double(max(0, $1.machines)) }
        let duration = Double(scenario.duration) / 1e9
        var e = WorkEstimate(requests: 0, containers: containers, machines: machines, seconds: 0, bytes: 0)
        e.bytes = memory(
            services: Double(scenario.services.count),
            autoscaledServices: Double(scenario.services.filter { $0.autoscaling != nil }.count),
            containers: containers, machines: machines, minutes: (duration / 60).rounded(.up))
        return e
    }

    /// Peak memory of one run (and its twin, which runs after it) of this size. Constant in the
    /// simulated duration but for autoscaled services' per-minute replica counts: the per-minute
    /// series are streamed to a store holding at most ``MinuteSeriesStore/defaultMemoryLimit``
    /// bytes in memory, and request slots are recycled.
    static func memory(services: Double, autoscaledServices: Double, containers: Double, machines: Double, minutes: Double)
        -> Double
    {
        baseBytes + seriesBufferBytes + services * bytesPerService + containers * bytesPerContainer
            + machines * bytesPerMachine + autoscaledServices * minutes * bytesPerAutoscaledServiceMinute
    }

    /// Expected requests of `config`: each balancer's expected arrivals (rate integrated in at most
    /// 10⁵ steps) routed to services, each request counting itself and its downstream calls.
    static func requests(_ config: ClusterConfig) -> Double {
        var perVisit = [Double?](repeating: nil, count: config.services.count)
        var visiting = Set<Int>()
        func cost(_ s: Int) -> Double {
            if let c = perVisit[s] { return c }
            guard visiting.insert(s).inserted else { return 1 }  // a call cycle: count one visit
            var c = 1.0
            for call in config.services[s].calls where call.service < perVisit.count {
                c += Double(call.count) * cost(call.service)
            }
            visiting.remove(s)
            perVisit[s] = c
            return c
        }
        let duration = config.duration.seconds
        let steps = max(1.0, min(duration, 1e5))
        let h = duration / steps
        var total = 0.0
        for b in config.balancers {
            var arrivals = 0.0
            var t = 0.0
            for _ in 0..<Int(steps) {
                arrivals += (b.arrivals.rate(at: t) + b.arrivals.rate(at: t + h)) / 2 * h
                t += h
            }
            for r in b.routes where r.service < perVisit.count { total += arrivals * r.weight * cost(r.service) }
        }
        return total
    }

    /// Why a run of this size is refused under `limits`, or nil.
    public func refusal(_ limits: Limits) -> String? {
        if containers > limits.containers { return "more than \(Self.count(limits.containers)) containers" }
        if machines > limits.machines { return "more than \(Self.count(limits.machines)) machines" }
        if bytes > limits.bytes { return "more memory than this machine has (\(Self.size(limits.bytes)))" }
        if seconds > limits.seconds { return "estimated to run longer than \(Self.duration(limits.seconds))" }
        return nil
    }

    /// "≈ 171 M requests, 2,000 containers, 300 machines, ≈ 40 s, ≈ 60 MB".
    public var line: String {
        let r = requests > 0 ? "≈ \(Self.count(requests)) requests, " : ""
        let t = requests > 0 ? ", ≈ \(Self.duration(seconds))" : ""
        return "\(r)\(Self.count(containers)) containers, \(Self.count(machines)) machines\(t), ≈ \(Self.size(bytes))"
    }

    static func count(_ v: Double) -> String {
        for (scale, unit) in [(1e12, " T"), (1e9, " G"), (1e6, " M"), (1e3, " k")] where v >= scale {
            return String(format: "%.0f", v / scale) + unit
        }
        return String(format: "%.0f", v)
    }

    static func size(_ b: Double) -> String {
        for (scale, unit) in [(1e12, " TB"), (1e9, " GB"), (1e6, " MB")] where b >= scale {
            return String(format: "%.0f", b / scale) + unit
        }
        return String(format: "%.0f kB", b / 1e3)
    }

    /// A wall time for people: `12 s`, `4 min`, `1.5 h`, `2.0 days`, `3 years`.
    public static func duration(_ s: Double) -> String {
        if s >= 86_400 * 365 { return String(format: "%.0f years", s / (86_400 * 365)) }
        if s >= 86_400 { return String(format: "%.1f days", s / 86_400) }
        if s >= 3_600 { return String(format: "%.1f h", s / 3_600) }
        if s >= 60 { return String(format: "%.0f min", s / 60) }
        return String(format: "%.0f s", s)
    }
}
