import BulkheadKernel

/// External arrivals: each external balancer's next request, its route and its first dispatch.
extension Simulation {
    /// Schedules external balancer `b`'s next arrival, if it falls within the run.
    @inline(__always) mutating func scheduleNextArrival(_ b: BalancerID) {
        guard let at = traffic.nextArrival(b, now: queue.now, end: end) else { return }
        queue.schedule(.arrival(b), at: at)
    }

    /// A request arrives at external balancer `b`.
    mutating func externalArrival(_ b: BalancerID) {
        scheduleNextArrival(b)
        externalArrivals += 1
        let r = newRequest(service: traffic.route(b), parent: .none, external: true)
        if balancing.isDown(b) {
            finish(r, .lbDown)
            return
        }
        dispatch(r, balancer: b)
    }
}
