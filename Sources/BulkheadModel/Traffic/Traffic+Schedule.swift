import BulkheadKernel
import BulkheadStochastic

/// One external request as the request engine draws it.
public struct ScheduledRequest: Sendable, Hashable {
    /// When it arrives at its balancer.
    public var time: SimInstant
    /// Index of the external balancer in `ClusterConfig.balancers`.
    public var balancer: Int
    /// Index of the service it is routed to.
    public var service: Int
    /// CPU-seconds of single-threaded work.
    public var work: Double
}

extension Simulation {
    /// The external requests of a run — arrival times, routes and CPU work — drawn from the same
    /// named streams in the same order as the request engine draws them, for replaying the very
    /// same requests elsewhere (the real-kernel testbed). Exact when every request is admitted at
    /// its arrival: no downstream calls, no faults or releases, no balancer ever without a
    /// healthy replica (the engine draws a request's work when a replica admits it).
    /// - Complexity: O(requests log balancers) time, O(requests) memory.
    package static func externalSchedule(config: ClusterConfig, streams: StreamFactory) -> [ScheduledRequest] {
        let end = SimInstant.zero + config.duration
        var traffic = Traffic(
            balancers: config.balancers,
            sources: config.balancers.map { ArrivalSource(process: $0.arrivals, stream: streams.stream("arrivals/\($0.name)")) },
            routeStreams: config.balancers.map { streams.stream("routes/\($0.name)") },
            tracedSources: Traffic.makeTracedSources(config.balancers, services: config.services, streams: streams))
        // Each balancer's arrivals and routes (streams of their own), then merged by time. As in
        // the engine, the next arrival is drawn before the current one is routed.
        var all: [ScheduledRequest] = []
        for b in traffic.balancerIDs {
            var pending = traffic.nextArrival(b, now: .zero, end: end)
            while let at = pending {
                pending = traffic.nextArrival(b, now: .zero, end: end)
                all.append(ScheduledRequest(time: at, balancer: b.index, service: traffic.route(b).index, work: 0))
            }
        }
        all.sort { ($0.time, $0.balancer) < ($1.time, $1.balancer) }
        // Work is drawn per service in admission (= arrival) order.
        let work = config.services.map { streams.stream("work/\($0.name)") }
        for i in all.indices {
            let s = all[i].service
            all[i].work = config.services[s].work.sampleNonNegative(work[s])
        }
        return all
    }
}
