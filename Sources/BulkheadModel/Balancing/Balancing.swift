import BulkheadKernel
import BulkheadStochastic

/// Load balancers: the external ones (traffic from clients) and one internal balancer per service
/// (downstream calls), each with one pool per service it routes to. A pool holds the service's
/// replicas, which ones the balancer believes healthy (health checks, Balancing+Health.swift) and
/// the replicas it sends to now; pick algorithms are in Balancing+Pick.swift.
///
/// Also here: balancers failed by a fault (`lb-failure`), and containers taken out of every pool
/// (a release's dark canary, an autoscaled slot that is parked or stopping).
struct Balancing {
    /// A balancer's view of one service's replicas: which it believes healthy and its cursor.
    struct Pool {
        var service: ServiceID
        var replicas: [ContainerID]
        var believedHealthy: [Bool]
        /// The replicas it sends to: believed healthy and not taken out of the pools.
        var healthy: StateTable<ContainerID>
        var consecutive: [Int32]
        var cursor: Int = 0
    }

    struct Balancer {
        var algorithm: BalancerAlgorithm
        var healthCheck: ClusterConfig.HealthCheck
        /// An external balancer's pools indexed by service (`.none` where it does not route);
        /// empty for an internal balancer, whose one pool is its service's (`onlyService`).
        var poolOfService: [PoolID]
        /// An internal balancer's service (pool 0); `.none` for an external balancer. A
        /// per-service array on each internal balancer was services² entries (144 MB on a
        /// 6,000-service fleet) and a cache miss per call under flow.
        var onlyService: ServiceID = .none
        var pools: IDTable<PoolID, Pool>
        /// Connect timeout (ns): how long a request sent to an unreachable machine hangs.
        var connectTimeout: Int64

        /// Its pool for service `s` (`.none` if it does not route there).
        @inline(__always) func pool(for s: ServiceID) -> PoolID {
            if !onlyService.isNone { return onlyService == s ? PoolID(0) : .none }
            return poolOfService[s.index]
        }
    }

    var balancers: IDTable<BalancerID, Balancer>
    /// Per service: its internal balancer (for downstream calls).
    private let internalBalancers: [BalancerID]
    /// Per balancer: the stream `lb/<name>` (`lb/internal/<service>`) of its random picks,
    /// reached unmanaged on the request path; `ownedStreams` keeps them alive.
    let streams: [Unmanaged<RandomStream>]
    private let ownedStreams: [RandomStream]
    /// Per external balancer: active failures not yet failed over (> 0: requests fail `lb-down`).
    var down: [Int32]
    /// Per container: taken out of every pool.
    var excluded: [Bool]
    /// A change of belief found by a health check's `probe`, applied by `applyVerdicts`.
    struct Verdict {
        var pool: PoolID
        var replica: Int
        var healthy: Bool
    }
    /// The last probe's changes of belief, not yet applied.
    var verdicts: [Verdict] = []
    /// Per balancer: the cluster epoch (`Cluster.epoch`) at which its last probe found every
    /// belief equal to the replica's answer (no failed or successful streak under way), or nil.
    /// While the epoch is the same, a probe would find the same and change nothing.
    var settledEpoch: [UInt64?] = []

    /// - Parameters:
    ///   - replicas: per service, its containers in replica order.
    ///   - excluded: per container, whether it starts out of the pools (a parked slot); such a
    ///     replica is not believed healthy either until a health check sees it.
    ///   - streams: one per balancer, external ones first.
    init(config: ClusterConfig, replicas: [[ContainerID]], excluded: [Bool], streams: [RandomStream]) {
        let nServices = config.services.count
        func pool(_ s: Int) -> Pool {
            let r = replicas[s]
            let believed = r.map { !excluded[$0.index] }
            return Pool(
                service: ServiceID(s), replicas: r, believedHealthy: believed,
                healthy: StateTable(r.filter { !excluded[$0.index] }), consecutive: r.map { _ in 0 })
        }
        var all: [Balancer] = []
        for b in config.balancers {
            var poolOf = [PoolID](repeating: .none, count: nServices)
            var pools: [Pool] = []
            for route in b.routes where poolOf[route.service].isNone {
                poolOf[route.service] = PoolID(pools.count)
                pools.append(pool(route.service))
            }
            all.append(
                Balancer(
                    algorithm: b.algorithm, healthCheck: b.healthCheck, poolOfService: poolOf,
                    pools: IDTable(pools), connectTimeout: b.connectTimeout.nanoseconds))
        }
        var internalOf: [BalancerID] = []
        for s in 0..<nServices {
            internalOf.append(BalancerID(all.count))
            all.append(
                Balancer(
                    algorithm: config.internalAlgorithm, healthCheck: ClusterConfig.HealthCheck(),
                    poolOfService: [], onlyService: ServiceID(s), pools: IDTable([pool(s)]),
                    connectTimeout: 1_000_000_000))
        }
        balancers = IDTable(all)
        internalBalancers = internalOf
        ownedStreams = streams
        settledEpoch = Array(repeating: nil, count: all.count)
        self.streams = streams.map { Unmanaged.passUnretained($0) }
        down = Array(repeating: 0, count: config.balancers.count)
        self.excluded = excluded
    }

    /// Every balancer, external ones first.
    var balancerIDs: IDRange<BalancerID> { balancers.ids }

    /// The internal balancer of service `s` (for calls to it).
    @inline(__always) func internalBalancer(of s: ServiceID) -> BalancerID { internalBalancers[s.index] }

    /// Balancer `b`'s pool for service `s` (`.none` if it does not route there).
    @inline(__always) func pool(of b: BalancerID, for s: ServiceID) -> PoolID { balancers[b].pool(for: s) }

    @inline(__always) func connectTimeout(_ b: BalancerID) -> SimDuration {
        SimDuration(nanoseconds: balancers[b].connectTimeout)
    }

    /// Whether external balancer `b` fails every request (an lb-failure not yet failed over).
    @inline(__always) func isDown(_ b: BalancerID) -> Bool { down[b.index] > 0 }

    /// An lb-failure starts (`by` +1) or ends (−1) on external balancer `b`.
    mutating func fail(_ b: BalancerID, by k: Int32) { down[b.index] += k }

    /// Takes container `c` (of service `s`) out of every pool, or puts it back, and rebuilds the
    /// pools that hold it.
    /// - Complexity: O(balancers × replicas of `s`).
    mutating func setExcluded(_ c: ContainerID, of s: ServiceID, _ out: Bool) {
        excluded[c.index] = out
        for b in balancers.ids {
            let p = balancers[b].pool(for: s)
            if !p.isNone { rebuildHealthy(b, p) }
        }
    }

    /// Whether every balancer with a pool of service `s` believes replica `c` healthy (its health
    /// checks saw it up), whether or not `c` is in the pools.
    /// - Complexity: O(balancers × replicas of `s`).
    func isBelievedHealthy(_ c: ContainerID, of s: ServiceID) -> Bool {
        for b in balancers.ids {
            let p = balancers[b].pool(for: s)
            guard !p.isNone, let k = balancers[b].pools[p].replicas.firstIndex(of: c) else { continue }
            if !balancers[b].pools[p].believedHealthy[k] { return false }
        }
        return true
    }

    /// Marks container `c` as out of the pools without rebuilding them (it is out already).
    mutating func keepExcluded(_ c: ContainerID) { excluded[c.index] = true }

    /// Recomputes the replicas balancer `b` sends to in pool `p`: believed healthy and not taken
    /// out of the pools.
    /// - Complexity: O(replicas of the pool).
    mutating func rebuildHealthy(_ b: BalancerID, _ p: PoolID) {
        var healthy: [ContainerID] = []
        for k in balancers[b].pools[p].replicas.indices where balancers[b].pools[p].believedHealthy[k] {
            let c = balancers[b].pools[p].replicas[k]
            if !excluded[c.index] { healthy.append(c) }
        }
        balancers[b].pools[p].healthy = StateTable(healthy)
    }
}
