import BulkheadKernel

/// Requests in flight per container, as the balancers read them (least-connections,
/// power-of-two): a view of the request table's counts, passed to `pick` as a plain pointer so
/// that the per-request scan costs no reference counting.
struct InFlightCounts {
    let base: UnsafeMutablePointer<Int32>
    @inline(__always) subscript(c: ContainerID) -> Int32 { base[c.index] }
}

extension Balancing {
    /// Picks a replica among those balancer `b` sends to in pool `p`.
    /// - round-robin: next healthy replica in turn.
    /// - random: uniform among healthy replicas.
    /// - least-connections: fewest requests in flight (ties: first after a rotating start).
    /// - power-of-two: two distinct random healthy replicas, the one with fewer in flight
    ///   (Mitzenmacher, "The power of two choices in randomized load balancing", 2001).
    /// In-flight counts are the container's (all balancers' connections), an approximation of a
    /// balancer that sees only its own.
    /// - Complexity: O(healthy replicas) for least-connections, O(1) otherwise.
    @inline(__always) mutating func pick(_ b: BalancerID, pool p: PoolID, inFlight: InFlightCounts) -> ContainerID? {
        let n = balancers[b].pools[p].healthy.count
        guard n > 0 else { return nil }
        switch balancers[b].algorithm {
        case .roundRobin:
            let k = balancers[b].pools[p].cursor % n
            balancers[b].pools[p].cursor = k + 1
            return balancers[b].pools[p].healthy[k]
        case .random:
            let k = streams[b.index]._withUnsafeGuaranteedRef { $0.int(below: n) }
            return balancers[b].pools[p].healthy[k]
        case .leastConnections:
            let start = balancers[b].pools[p].cursor % n
            balancers[b].pools[p].cursor = start + 1
            // A plain buffer of the pool's replicas in the loop rather than the nested tables,
            // which the compiler reloads on every iteration.
            let healthy = balancers[b].pools[p].healthy.buffer
            var best = ContainerID.none
            var bestLoad = Int32.max
            for i in 0..<n {
                var k = start &+ i
                if k >= n { k &-= n }
                let c = healthy[k]
                let load = inFlight[c]
                if load < bestLoad {
                    bestLoad = load
                    best = c
                }
            }
            return best
        case .powerOfTwo:
            if n == 1 { return balancers[b].pools[p].healthy[0] }
            let (i, j0) = streams[b.index]._withUnsafeGuaranteedRef { ($0.int(below: n), $0.int(below: n - 1)) }
            var j = j0
            if j >= i { j += 1 }
            let a = balancers[b].pools[p].healthy[i]
            let c = balancers[b].pools[p].healthy[j]
            return inFlight[c] < inFlight[a] ? c : a
        }
    }
}
