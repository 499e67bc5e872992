import BulkheadKernel
import BulkheadStochastic

/// What the model keeps about resource hogs, apart from the request hot path: per hog its
/// activation, the retry storms' extra arrival processes, and which containers a hog acts on
/// (a kill must tell the hog). Leaks are `Memory`'s, hog threads the `CPU`'s, batch jobs
/// `BatchJobs`'.
struct Hogs {
    /// One hog's current (or last) activation.
    struct Activation {
        var active = false
        /// Activations so far: an `.end` event names the one it ends.
        var sequence: Int32 = 0
        var incident = IncidentID.none
        var containers: [ContainerID] = []
        /// Kill counts of `containers` when the activation started (a killed container's spin ended).
        var killsAtStart: [Int] = []
        /// When the activation ends (ns), `.max` when only the container's death ends it.
        var until: Int64 = .max
    }

    /// An extra Poisson stream of requests from one balancer to a retry storm's service.
    struct Retry {
        var hog: HogID
        var balancer: BalancerID
        var service: ServiceID
        var process: ArrivalProcess
        var stream: RandomStream
        /// Its last arrival (seconds).
        var last: Double = 0
    }

    var runs: [Activation]
    /// Per hog: the streams `hogs/<index>/target` (which replica) and `hogs/<index>/times`.
    let targetStreams: [RandomStream]
    let timeStreams: [RandomStream]
    var retries: [Retry] = []
    /// Per container: some hog acts on it (threads, leak or batch tasks).
    var touched: [Bool]

    init(config: ClusterConfig, streams: StreamFactory, containers: Int) {
        runs = Array(repeating: Activation(), count: config.hogs.count)
        targetStreams = config.hogs.indices.map { streams.stream("hogs/\($0)/target") }
        timeStreams = config.hogs.indices.map { streams.stream("hogs/\($0)/times") }
        touched = Array(repeating: false, count: containers)
        for (h, hog) in config.hogs.enumerated() {
            guard case .retryStorm(let factor) = hog.kind else { continue }
            for (b, lb) in config.balancers.enumerated() {
                let total = lb.routes.reduce(0) { $0 + $1.weight }
                let w = lb.routes.filter { $0.service == hog.service }.reduce(0) { $0 + $1.weight }
                guard w > 0, total > 0 else { continue }
                let rate = (factor - 1) * lb.arrivals.baseRate * w / total
                retries.append(
                    Retry(
                        hog: HogID(h), balancer: BalancerID(b), service: ServiceID(hog.service),
                        process: lb.arrivals.trace.map { ArrivalProcess(rate: rate, trace: $0, profile: lb.arrivals.profile) }
                            ?? ArrivalProcess(rate: rate, profile: lb.arrivals.profile),
                        stream: streams.stream("hogs/\(h)/retries/\(lb.name)")))
            }
        }
    }

    /// Whether a kill of container `c` concerns a hog.
    @inline(__always) func touches(_ c: ContainerID) -> Bool { touched[c.index] }

    /// A hog acts on `c` from now.
    mutating func touch(_ c: ContainerID) { touched[c.index] = true }

    /// Draws retry process `k`'s next arrival. - Returns: when it is due, or nil when it falls
    /// after its activation or the run.
    mutating func nextRetry(_ k: RetryID, now: SimInstant, end: SimInstant) -> SimInstant? {
        let t = retries[k.index].process.next(after: retries[k.index].last, retries[k.index].stream)
        retries[k.index].last = t
        let until = runs[retries[k.index].hog.index].until
        guard t.isFinite, t * 1e9 < Double(min(until, end.nanoseconds)) else { return nil }
        return SimInstant(nanoseconds: max(now.nanoseconds, Int64((t * 1e9).rounded(.up))))
    }
}

extension HogConfig.Kind {
    var isRetryStorm: Bool { if case .retryStorm = self { true } else { false } }
    /// Whether the hog runs tasks in its service's containers (a `batch` job or a `workflow`).
    var isBatch: Bool {
        switch self {
        case .batch, .workflow: true
        default: false
        }
    }
    /// Tasks at once per container of a batch job or workflow (0 for other kinds).
    var perContainer: Int {
        switch self {
        case .batch(_, _, let per), .workflow(_, let per): per
        default: 0
        }
    }
}
