import BulkheadKernel
import BulkheadStochastic

/// External traffic: each external balancer's arrival process (a non-homogeneous Poisson stream)
/// and the route each request takes (a service drawn by the route weights).
///
/// A balancer may have routes that replay a trace of their own (`ClusterConfig.Balancer.tracedRoutes`).
/// Its arrivals are then the superposition of independent non-homogeneous Poisson processes —
/// the weighted routes' process and one per traced route, each with its own stream and thinning
/// majorant — which is itself a Poisson process of the summed rate whose arrivals belong to each
/// component with probability proportional to its rate (the superposition theorem; Kingman,
/// *Poisson Processes*, 1993, §2.2). The balancer keeps one pending arrival per component and
/// delivers the earliest; a request belongs to the component that produced it.
struct Traffic {
    /// Per external balancer: its arrival process and stream (see `ArrivalSource`), and the
    /// stream `routes/<balancer>`, reached unmanaged (reading a class reference out of an array
    /// costs a retain/release pair per request); `owned` keeps them alive.
    let sources: [Unmanaged<ArrivalSource>]
    let routeStreams: [Unmanaged<RandomStream>]
    private let owned: ([ArrivalSource], [RandomStream], [ArrivalSource])
    /// Routes of all external balancers, flattened: balancer b's routes are
    /// `routeStart[b] ..< routeStart[b + 1]`, with cumulative weights and target services.
    let routeCumulative: [Double]
    let routeService: [ServiceID]
    let routeStart: [Int32]
    /// Per external balancer: its last arrival time (seconds); with traced routes, the pending
    /// next arrival of its weighted routes.
    var lastArrival: IDTable<BalancerID, Double>
    /// Traced routes of all balancers, flattened: balancer b's are `tracedStart[b] ..< tracedStart[b + 1]`
    /// (stream `arrivals/<balancer>/<service>`), with their services and pending next arrivals.
    let tracedSources: [Unmanaged<ArrivalSource>]
    let tracedService: [ServiceID]
    let tracedStart: [Int32]
    var tracedNext: [Double]
    /// Per balancer with traced routes: the component of its scheduled arrival (−1: the weighted
    /// routes, k ≥ 0: traced route k; `Int32.min` before the first draw) and of the arrival being
    /// delivered (which `route` reads).
    var scheduled: IDTable<BalancerID, Int32>
    var arrived: IDTable<BalancerID, Int32>

    /// - Parameter tracedSources: one per traced route, in the order of the balancers and of
    ///   their `tracedRoutes` (empty when no balancer has one).
    init(
        balancers: [ClusterConfig.Balancer], sources: [ArrivalSource], routeStreams: [RandomStream],
        tracedSources: [ArrivalSource] = []
    ) {
        owned = (sources, routeStreams, tracedSources)
        self.sources = sources.map { Unmanaged.passUnretained($0) }
        self.routeStreams = routeStreams.map { Unmanaged.passUnretained($0) }
        var cumulative: [Double] = []
        var service: [ServiceID] = []
        var start: [Int32] = [0]
        var traced: [ServiceID] = []
        var tracedStart: [Int32] = [0]
        for b in balancers {
            let total = b.routes.reduce(0) { $0 + $1.weight }
            var acc = 0.0
            for r in b.routes {
                acc += r.weight
                cumulative.append(acc / max(total, 1e-300))
                service.append(ServiceID(r.service))
            }
            start.append(Int32(cumulative.count))
            traced += b.tracedRoutes.map { ServiceID($0.service) }
            tracedStart.append(Int32(traced.count))
        }
        precondition(tracedSources.count == traced.count, "Traffic: one arrival source per traced route")
        routeCumulative = cumulative
        routeService = service
        routeStart = start
        lastArrival = IDTable(repeating: 0, count: balancers.count)
        self.tracedSources = tracedSources.map { Unmanaged.passUnretained($0) }
        tracedService = traced
        self.tracedStart = tracedStart
        tracedNext = Array(repeating: 0, count: traced.count)
        scheduled = IDTable(repeating: .min, count: balancers.count)
        arrived = IDTable(repeating: -1, count: balancers.count)
    }

    /// The arrival sources of the traced routes of `balancers`, each with its stream
    /// `arrivals/<balancer>/<service>`, in the order `init` expects.
    static func makeTracedSources(
        _ balancers: [ClusterConfig.Balancer], services: [ClusterConfig.Service], streams: StreamFactory
    )
        -> [ArrivalSource]
    {
        balancers.flatMap { b in
            b.tracedRoutes.map {
                ArrivalSource(process: $0.arrivals, stream: streams.stream("arrivals/\(b.name)/\(services[$0.service].name)"))
            }
        }
    }

    /// The external balancers.
    var balancerIDs: IDRange<BalancerID> { lastArrival.ids }

    /// Draws balancer `b`'s next arrival. - Returns: when it is due, or nil when it falls after
    /// `end` (the balancer's traffic is over).
    @inline(__always) mutating func nextArrival(_ b: BalancerID, now: SimInstant, end: SimInstant) -> SimInstant? {
        if tracedStart[b.index] != tracedStart[b.index + 1] { return nextMergedArrival(b, now: now, end: end) }
        let after = lastArrival[b]
        let t = sources[b.index]._withUnsafeGuaranteedRef { $0.process.next(after: after, $0.stream) }
        lastArrival[b] = t
        guard t.isFinite, t * 1e9 < Double(end.nanoseconds) + 1 else { return nil }
        return SimInstant(nanoseconds: max(now.nanoseconds, Int64((t * 1e9).rounded(.up))))
    }

    /// `nextArrival` for a balancer with traced routes: redraws the component whose arrival is
    /// being delivered (all of them on the first call), then schedules the earliest pending one
    /// (ties: the weighted routes, then the traced routes in order).
    mutating func nextMergedArrival(_ b: BalancerID, now: SimInstant, end: SimInstant) -> SimInstant? {
        let lo = Int(tracedStart[b.index])
        let hi = Int(tracedStart[b.index + 1])
        let fired = scheduled[b]
        if fired == .min {
            lastArrival[b] = sources[b.index]._withUnsafeGuaranteedRef { $0.process.next(after: 0, $0.stream) }
            for k in lo..<hi {
                tracedNext[k] = tracedSources[k]._withUnsafeGuaranteedRef { $0.process.next(after: 0, $0.stream) }
            }
        } else if fired < 0 {
            let after = lastArrival[b]
            lastArrival[b] = sources[b.index]._withUnsafeGuaranteedRef { $0.process.next(after: after, $0.stream) }
        } else {
            let k = Int(fired)
            let after = tracedNext[k]
            tracedNext[k] = tracedSources[k]._withUnsafeGuaranteedRef { $0.process.next(after: after, $0.stream) }
        }
        arrived[b] = fired
        var t = lastArrival[b]
        var next: Int32 = -1
        for k in lo..<hi where tracedNext[k] < t {
            t = tracedNext[k]
            next = Int32(k)
        }
        scheduled[b] = next
        guard t.isFinite, t * 1e9 < Double(end.nanoseconds) + 1 else { return nil }
        return SimInstant(nanoseconds: max(now.nanoseconds, Int64((t * 1e9).rounded(.up))))
    }

    /// The service a request arriving at balancer `b` is for: a traced route's service when that
    /// route produced the arrival, else drawn by the weights from `routes/<balancer>`.
    @inline(__always) func route(_ b: BalancerID) -> ServiceID {
        if tracedStart[b.index] != tracedStart[b.index + 1], arrived[b] >= 0 { return tracedService[Int(arrived[b])] }
        let u = routeStreams[b.index]._withUnsafeGuaranteedRef { $0.uniform() }
        var k = Int(routeStart[b.index])
        let last = Int(routeStart[b.index + 1]) - 1
        while k < last && u >= routeCumulative[k] { k += 1 }
        return routeService[k]
    }
}

/// An external balancer's arrival process with its random stream, in one object the hot path
/// reaches through an unmanaged reference: a process read out of an array was copied, retaining
/// and releasing its profile's five arrays on every arrival (~3% of a gilt-japan run, perf).
final class ArrivalSource {
    let process: ArrivalProcess
    let stream: RandomStream
    init(process: ArrivalProcess, stream: RandomStream) {
        self.process = process
        self.stream = stream
    }
}
