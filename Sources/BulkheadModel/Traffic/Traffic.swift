import BulkheadKernel
import BulkheadStochastic

/// External traffic: each external balancer's arrival process (a non-homogeneous Poisson stream)
/// and the route each request takes (a service drawn by the route weights).
struct Traffic {
    /// Per external balancer: its arrival process and stream (see `ArrivalSource`), and the
    /// stream `routes/<balancer>`, reached unmanaged (reading a class reference out of an array
    /// costs a retain/release pair per request); `owned` keeps them alive.
    let sources: [Unmanaged<ArrivalSource>]
    let routeStreams: [Unmanaged<RandomStream>]
    private let owned: ([ArrivalSource], [RandomStream])
    /// Routes of all external balancers, flattened: balancer b's routes are
    /// `routeStart[b] ..< routeStart[b + 1]`, with cumulative weights and target services.
    let routeCumulative: [Double]
    let routeService: [ServiceID]
    let routeStart: [Int32]
    /// Per external balancer: its last arrival time (seconds).
    var lastArrival: IDTable<BalancerID, Double>

    init(balancers: [ClusterConfig.Balancer], sources: [ArrivalSource], routeStreams: [RandomStream]) {
        owned = (sources, routeStreams)
        self.sources = sources.map { Unmanaged.passUnretained($0) }
        self.routeStreams = routeStreams.map { Unmanaged.passUnretained($0) }
        var cumulative: [Double] = []
        var service: [ServiceID] = []
        var start: [Int32] = [0]
        for b in balancers {
            let total = b.routes.reduce(0) { $0 + $1.weight }
            var acc = 0.0
            for r in b.routes {
                acc += r.weight
                cumulative.append(acc / max(total, 1e-300))
                service.append(ServiceID(r.service))
            }
            start.append(Int32(cumulative.count))
        }
        routeCumulative = cumulative
        routeService = service
        routeStart = start
        lastArrival = IDTable(repeating: 0, count: balancers.count)
    }

    /// The external balancers.
    var balancerIDs: IDRange<BalancerID> { lastArrival.ids }

    /// Draws balancer `b`'s next arrival. - Returns: when it is due, or nil when it falls after
    /// `end` (the balancer's traffic is over).
    @inline(__always) mutating func nextArrival(_ b: BalancerID, now: SimInstant, end: SimInstant) -> SimInstant? {
        let after = lastArrival[b]
        let t = sources[b.index]._withUnsafeGuaranteedRef { $0.process.next(after: after, $0.stream) }
        lastArrival[b] = t
        guard t.isFinite, t * 1e9 < Double(end.nanoseconds) + 1 else { return nil }
        return SimInstant(nanoseconds: max(now.nanoseconds, Int64((t * 1e9).rounded(.up))))
    }

    /// The service a request arriving at balancer `b` is for (drawn from `routes/<balancer>`).
    @inline(__always) func route(_ b: BalancerID) -> ServiceID {
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
