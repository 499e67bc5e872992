import BulkheadKernel

/// Health checks: what the balancers believe about their replicas.
extension Balancing {
    /// Probes every replica behind balancer `b`: a replica leaves the healthy set after
    /// `unhealthyThreshold` consecutive failed probes and returns after `healthyThreshold`
    /// consecutive successes (as AWS ELB / HAProxy `fall` / `rise`).
    /// - Parameter isUp: whether a probe of a container succeeds now.
    /// - Complexity: O(replicas behind the balancer).
    mutating func healthCheck(_ b: BalancerID, isUp: (ContainerID) -> Bool) {
        let hc = balancers[b].healthCheck
        for p in balancers[b].pools.ids {
            var changed = false
            for k in balancers[b].pools[p].replicas.indices {
                let up = isUp(balancers[b].pools[p].replicas[k])
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
    }

    /// How often balancer `b` probes.
    func checkInterval(_ b: BalancerID) -> SimDuration { balancers[b].healthCheck.interval }
}
