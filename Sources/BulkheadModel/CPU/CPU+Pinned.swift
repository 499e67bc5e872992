/// **Pinned** (`isolation.cpu: pinned`): a container with a CPU limit owns that many cores — it
/// never runs on more, even when the machine is idle, and nobody runs on its cores when it is
/// idle; containers without a limit share what is left (the *shared pool*) by weighted max-min
/// fairness as under `shares`. This is Kubernetes' static CPU manager policy (exclusive cpusets
/// for Guaranteed pods), except that fractional limits get fractional cores. When the limits on a
/// machine add up to more than its cores, every pinned container's cores are scaled down in
/// proportion (and the shared pool is empty).
extension CPU {
    /// Under `pinned`: each container's pinned cores (its `cap`, scaled if the machine is
    /// overcommitted) and each machine's shared pool; marks machines as always recomputed.
    /// - Parameter members: the containers placed on each machine.
    /// - Complexity: O(containers).
    mutating func setUpPinning(members: [[ContainerID]]) {
        guard isolation == .pinned else { return }
        for m in machines.ids {
            var pinned = 0.0
            for c in members[m.index] where groups[c].cap.isFinite { pinned += groups[c].cap }
            let scale = pinned > machines[m].cores ? machines[m].cores / pinned : 1
            for c in members[m.index] where groups[c].cap.isFinite { groups[c].cap *= scale }
            machines[m].sharedPool = max(0, machines[m].cores - pinned * scale)
            // Never take the single-container fast path of `jobsChanged`.
            machines[m].saturated = true
        }
    }

    /// Rates under `pinned`: pinned containers get min(threads, pinned cores); the others share
    /// the pool by weighted water-filling (weights = CPU requests).
    /// - Complexity: O(k²) worst case for k active containers (insertion sort; k is small).
    mutating func recomputePinnedRates(_ m: MachineID, now: Int64) {
        var busy = 0.0
        var demandTotal = 0.0
        fillOrder.removeAll(keepingCapacity: true)
        var unpinnedDemand = 0.0
        for i in 0..<machines[m].active.count {
            let c = machines[m].active[i]
            fold(c, to: now)
            let d = demand(c)
            demandTotal += d
            if groups[c].cap.isFinite {
                groups[c].rate = d / Double(groups[c].running)
                busy += d
            } else {
                fillOrder.append(c)
                unpinnedDemand += d
            }
        }
        let pool = machines[m].sharedPool
        if unpinnedDemand <= pool {
            for c in fillOrder { groups[c].rate = 1 }
            busy += unpinnedDemand
        } else {
            // Unpinned containers have no cap (`cap` is +∞), so their demand is their thread count.
            shareByWeight(pool)
            busy += pool
        }
        machines[m].demand = demandTotal
        machines[m].busy = busy
        for i in 0..<machines[m].active.count { updateNext(machines[m].active[i], on: m) }
    }
}
