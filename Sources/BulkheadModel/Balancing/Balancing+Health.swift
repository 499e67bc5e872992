import BulkheadKernel

/// Health checks: what the balancers believe about their replicas.
extension Balancing {
    /// Probes every replica behind balancer `b` and applies the verdicts (`probe`, then
    /// `applyVerdicts`), recording no settled epoch.
    /// - Complexity: O(replicas behind the balancer).
    mutating func healthCheck(_ b: BalancerID, isUp: (ContainerID) -> Bool) {
        if probe(b, epoch: nil, isUp: isUp) { applyVerdicts(b) }
    }

    /// Probes every replica behind balancer `b`: a replica leaves the healthy set after
    /// `unhealthyThreshold` consecutive failed probes and returns after `healthyThreshold`
    /// consecutive successes (as AWS ELB / HAProxy `fall` / `rise`). The counts are updated; the
    /// changes of belief are only recorded, so that the flow engine can close its step with the
    /// pools as they were before `applyVerdicts` changes them.
    /// - Parameter isUp: whether a probe of a container succeeds now.
    /// - Returns: whether any belief changes.
    /// - Complexity: O(replicas behind the balancer).
    /// - Parameter epoch: the cluster's epoch now (`Cluster.epoch`), recorded as the balancer's
    ///   settled epoch when every belief agrees with its replica's answer (see `isSettled`); nil:
    ///   none is recorded.
    mutating func probe(_ b: BalancerID, epoch: UInt64?, isUp: (ContainerID) -> Bool) -> Bool {
        let hc = balancers[b].healthCheck
        verdicts.removeAll(keepingCapacity: true)
        var agreed = true
        for p in balancers[b].pools.ids {
            for k in balancers[b].pools[p].replicas.indices {
                let up = isUp(balancers[b].pools[p].replicas[k])
                if up == balancers[b].pools[p].believedHealthy[k] {
                    balancers[b].pools[p].consecutive[k] = 0
                    continue
                }
                agreed = false
                balancers[b].pools[p].consecutive[k] += 1
                let needed = up ? hc.healthyThreshold : hc.unhealthyThreshold
                if balancers[b].pools[p].consecutive[k] >= needed {
                    balancers[b].pools[p].consecutive[k] = 0
                    verdicts.append(Verdict(pool: p, replica: k, healthy: up))
                }
            }
        }
        settledEpoch[b.index] = agreed ? epoch : nil
        return !verdicts.isEmpty
    }

    /// Whether balancer `b`'s last probe found every belief settled at cluster epoch `epoch`,
    /// so that probing again now would change nothing (`Simulation.healthCheck` skips it).
    func isSettled(_ b: BalancerID, at epoch: UInt64) -> Bool { settledEpoch[b.index] == epoch }

    /// Applies the changes of belief of the last `probe` of balancer `b`.
    mutating func applyVerdicts(_ b: BalancerID) {
        var last = PoolID.none
        for v in verdicts {
            balancers[b].pools[v.pool].believedHealthy[v.replica] = v.healthy
            if v.pool != last {
                if !last.isNone { rebuildHealthy(b, last) }
                last = v.pool
            }
        }
        if !last.isNone { rebuildHealthy(b, last) }
        verdicts.removeAll(keepingCapacity: true)
    }

    /// How often balancer `b` probes.
    func checkInterval(_ b: BalancerID) -> SimDuration { balancers[b].healthCheck.interval }
}
