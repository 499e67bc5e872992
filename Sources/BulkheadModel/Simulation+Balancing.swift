import BulkheadKernel

/// Load balancing and health checks.
extension Simulation {
    /// Picks a replica (container index) among those balancer `b` believes healthy in pool `p`.
    /// - round-robin: next healthy replica in turn.
    /// - random: uniform among healthy replicas.
    /// - least-connections: fewest requests in flight (ties: first after a rotating start).
    /// - power-of-two: two distinct random healthy replicas, the one with fewer in flight
    ///   (Mitzenmacher, "The power of two choices in randomized load balancing", 2001).
    /// In-flight counts are the container's (all balancers' connections), an approximation of a
    /// balancer that sees only its own connections.
    /// - Complexity: O(healthy replicas) for least-connections, O(1) otherwise.
    mutating func pick(balancer b: Int, pool p: Int) -> Int? {
        let n = balancers[b].pools[p].healthy.count
        guard n > 0 else { return nil }
        switch balancers[b].algorithm {
        case .roundRobin:
            let k = balancers[b].pools[p].cursor % n
            balancers[b].pools[p].cursor = k + 1
            return Int(balancers[b].pools[p].healthy[k])
        case .random:
            let k = balancerStreams[b]._withUnsafeGuaranteedRef { $0.int(below: n) }
            return Int(balancers[b].pools[p].healthy[k])
        case .leastConnections:
            let start = balancers[b].pools[p].cursor % n
            balancers[b].pools[p].cursor = start + 1
            // Two plain buffers in the loop (the pool's replicas, the in-flight counts) rather than
            // the nested tables, which the compiler reloads on every iteration.
            let healthy = balancers[b].pools[p].healthy.buffer
            let loads = inFlight.buffer
            var best = -1
            var bestLoad = Int32.max
            for i in 0..<n {
                var k = start &+ i
                if k >= n { k &-= n }
                let c = Int(healthy[k])
                let load = loads[c]
                if load < bestLoad { bestLoad = load; best = c }
            }
            return best
        case .powerOfTwo:
            if n == 1 { return Int(balancers[b].pools[p].healthy[0]) }
            let (i, j0) = balancerStreams[b]._withUnsafeGuaranteedRef { ($0.int(below: n), $0.int(below: n - 1)) }
            var j = j0
            if j >= i { j += 1 }
            let a = Int(balancers[b].pools[p].healthy[i]), c = Int(balancers[b].pools[p].healthy[j])
            return inFlight[c] < inFlight[a] ? c : a
        }
    }

    /// Probes every replica behind balancer `b`: a replica leaves the healthy set after
    /// `unhealthyThreshold` consecutive failed probes and returns after `healthyThreshold`
    /// consecutive successes (as AWS ELB / HAProxy `fall` / `rise`).
    mutating func healthCheck(_ b: Int) {
        let hc = balancers[b].healthCheck
        for p in balancers[b].pools.indices {
            var changed = false
            for k in balancers[b].pools[p].replicas.indices {
                let c = Int(balancers[b].pools[p].replicas[k])
                let up = containers[c].alive && machines[Int(containers[c].machine)].reachable
                let believed = balancers[b].pools[p].believedHealthy[k]
                if up == believed {
                    balancers[b].pools[p].consecutive[k] = 0
                    continue
                }
                balancers[b].pools[p].consecutive[k] += 1
                let needed = up ? hc.healthyThreshold : hc.unhealthyThreshold
                if balancers[b].pools[p].consecutive[k] >= needed {
                    balancers[b].pools[p].believedHealthy[k] = up
                    balancers[b].pools[p].consecutive[k] = 0
                    changed = true
                }
            }
            if changed { rebuildHealthy(b, p) }
        }
        if queue.now + hc.interval <= end {
            queue.schedule(after: hc.interval, priority: 64, .healthCheck(balancer: Int32(b)))
        }
    }

    /// Recomputes the replicas balancer `b` sends to in pool `p`: believed healthy and not taken
    /// out of the pools (a dark canary).
    /// - Complexity: O(replicas of the pool).
    mutating func rebuildHealthy(_ b: Int, _ p: Int) {
        var healthy: [Int32] = []
        for k in balancers[b].pools[p].replicas.indices where balancers[b].pools[p].believedHealthy[k] {
            let c = balancers[b].pools[p].replicas[k]
            if !excludedFromPools[Int(c)] { healthy.append(c) }
        }
        balancers[b].pools[p].healthy = StateTable(healthy)
    }

    /// Rebuilds every pool that holds container `c` (after it entered or left the pools).
    /// - Complexity: O(balancers × pools × replicas); called on release stage changes only.
    mutating func rebuildPools(containing c: Int) {
        let s = Int(containers[c].service)
        for b in balancers.indices {
            let p = Int(balancers[b].poolOfService[s])
            if p >= 0 { rebuildHealthy(b, p) }
        }
    }
}
