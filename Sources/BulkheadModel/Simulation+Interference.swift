import BulkheadKernel

/// Pinned cores and interference beyond CPU time.
///
/// **Pinned** (`isolation.cpu: pinned`): a container with a CPU limit owns that many cores — it
/// never runs on more, even when the machine is idle, and nobody runs on its cores when it is
/// idle; containers without a limit share what is left (the *shared pool*) by weighted max-min
/// fairness as under `shares`. This is Kubernetes' static CPU manager policy (exclusive cpusets
/// for Guaranteed pods), except that fractional limits get fractional cores. When the limits on a
/// machine add up to more than its cores, every pinned container's cores are scaled down in
/// proportion (and the shared pool is empty).
///
/// **Interference**: a container of a service with sensitivity s runs its requests'
/// work 1 + s × B/C times slower, where B is the busy cores of the *other* containers on its
/// machine and C the machine's cores — the shape of Bubble-Up's sensitivity curves (Mars, Tang,
/// Hundt, Skadron, Soffa: "Bubble-Up: Increasing Utilization in Modern Warehouse Scale Computers
/// via Sensible Co-locations", MICRO 2011), with the "bubble" pressure measured as co-runners'
/// busy cores. It is applied as a divisor of the container's service rate (`speed` = 1 /
/// slowdown: its virtual time advances that much slower while it consumes the same CPU), and it
/// is recomputed whenever any container's rate on the machine changes — rates are piecewise
/// constant between events, so the slowdown is exact within the event-driven processor sharing.
extension Simulation {
    /// Under `pinned`: each container's pinned cores (its `cap`, scaled if the machine is
    /// overcommitted) and each machine's shared pool; marks machines as always recomputed.
    mutating func setUpPinning() {
        guard config.cpuIsolation == .pinned else { return }
        hogs.sharedPool = Array(repeating: 0, count: machines.count)
        for m in machines.indices {
            var pinned = 0.0
            for c in machines[m].containers where containers[Int(c)].cap.isFinite { pinned += containers[Int(c)].cap }
            let scale = pinned > machines[m].cpu ? machines[m].cpu / pinned : 1
            for c in machines[m].containers where containers[Int(c)].cap.isFinite { containers[Int(c)].cap *= scale }
            hogs.sharedPool[m] = max(0, machines[m].cpu - pinned * scale)
            // Never take the single-container fast path of `jobsChanged`.
            machines[m].saturated = true
        }
    }

    /// Rates under `pinned`: pinned containers get min(threads, pinned cores); the others share
    /// the pool by weighted water-filling (weights = CPU requests).
    /// - Complexity: O(k²) worst case for k active containers (insertion sort; k is small).
    mutating func recomputePinnedRates(_ m: Int) {
        var busy = 0.0
        var demandTotal = 0.0
        fillOrder.removeAll(keepingCapacity: true)
        var unpinnedDemand = 0.0
        for i in 0..<machines[m].active.count {
            let c = Int(machines[m].active[i])
            fold(c)
            let d = demand(c)
            demandTotal += d
            if containers[c].cap.isFinite {
                containers[c].rate = d / Double(containers[c].running)
                busy += d
            } else {
                fillOrder.append(Int32(c))
                unpinnedDemand += d
            }
        }
        let pool = hogs.sharedPool[m]
        if unpinnedDemand <= pool {
            for c in fillOrder { containers[Int(c)].rate = 1 }
            busy += unpinnedDemand
        } else {
            // Unpinned containers have no cap (`cap` is +∞), so their demand is their thread count.
            shareByWeight(pool)
            busy += pool
        }
        machines[m].demand = demandTotal
        machines[m].busy = busy
        for i in 0..<machines[m].active.count { updateNext(Int(machines[m].active[i]), machine: m) }
    }

    /// Per-container sensitivities and the machines that hold a sensitive container.
    mutating func setUpInterference() {
        interferenceOn = Array(repeating: false, count: machines.count)
        guard config.interference.contains(where: { $0 > 0 }) else { return }
        hogs.sensitivity = containers.map { c in
            Int(c.service) < config.interference.count ? config.interference[Int(c.service)] : 0
        }
        for (k, c) in containers.enumerated() where hogs.sensitivity[k] > 0 { interferenceOn[Int(c.machine)] = true }
    }

    /// Recomputes the slowdown of every running sensitive container on machine `m` from the
    /// current rates (call after the rates changed, before scheduling the next completion).
    /// - Complexity: O(active containers on the machine).
    mutating func applyInterference(_ m: Int) {
        let cores = machines[m].cpu
        var total = 0.0
        for i in 0..<machines[m].active.count {
            let c = Int(machines[m].active[i])
            total += containers[c].rate * Double(containers[c].running)
        }
        for i in 0..<machines[m].active.count {
            let c = Int(machines[m].active[i])
            let s = hogs.sensitivity[c]
            guard s > 0 else { continue }
            let others = max(0, total - containers[c].rate * Double(containers[c].running))
            let speed = 1 / (1 + s * others / cores)
            guard speed != containers[c].speed else { continue }
            fold(c)
            containers[c].speed = speed
            updateNext(c, machine: m)
        }
    }
}
