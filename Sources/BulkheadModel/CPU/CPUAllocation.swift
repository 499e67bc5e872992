/// The isolation rules of `CPU+Rates.swift` and `CPU+Pinned.swift` as one pure function of
/// fractional demands: how many cores each container on a machine gets when each wants `demand`
/// cores. The request-level CPU applies the same rules to thread counts (demand = runnable
/// threads, capped); the flow engine (`Flow/`) calls this with demand = arrival rate × mean work.
/// `Tests/BulkheadModelTests/CPUAllocationTests.swift` checks that both agree on thread counts.
///
/// - `none`: everyone gets its demand, scaled by cores / total demand when the machine is
///   contended (every runnable thread gets the same share).
/// - `shares` / `quota` / `quota-fluid`: weighted max-min fairness (water-filling), weights = CPU
///   requests, demand capped at the limit (CFS group scheduling; under `quota` the limit is the
///   long-run rate of CFS bandwidth control, as `quota-fluid` — the flow engine's rates are
///   averages over seconds, far longer than a 100 ms period).
/// - `pinned`: a container with a finite cap gets min(demand, cap) (its own cores); the others
///   share `sharedPool` by weighted max-min fairness.
enum CPUAllocation {
    /// Fills `out[i]` with container i's cores.
    /// - Parameters:
    ///   - demand: cores each container wants (≥ 0).
    ///   - weight: CFS weights (CPU requests, ≥ 2 millicores).
    ///   - cap: the limit under `quota`, the pinned cores under `pinned`, `.infinity` otherwise.
    ///   - sharedPool: under `pinned`, the cores left to containers without a cap.
    ///   - order: scratch space (reused to avoid allocation).
    /// - Returns: the busy cores (Σ out).
    /// - Complexity: O(k log k) for k containers.
    @discardableResult
    static func allocate(
        isolation: CPUIsolation, cores: Double, sharedPool: Double, demand: [Double], weight: [Double],
        cap: [Double], out: inout [Double], order: inout [Int]
    ) -> Double {
        let k = demand.count
        if out.count != k { out = Array(repeating: 0, count: k) }
        var total = 0.0
        for i in 0..<k {
            out[i] = min(demand[i], cap[i])
            total += out[i]
        }
        switch isolation {
        case .none:
            guard total > cores else { return total }
            let r = cores / total
            for i in 0..<k { out[i] *= r }
            return cores
        case .shares, .quota, .quotaFluid:
            guard total > cores else { return total }
            order.removeAll(keepingCapacity: true)
            order.append(contentsOf: 0..<k)
            waterFill(cores, out: &out, weight: weight, order: &order)
            return cores
        case .pinned:
            order.removeAll(keepingCapacity: true)
            var busy = 0.0
            var unpinned = 0.0
            for i in 0..<k {
                if cap[i].isFinite {
                    busy += out[i]
                } else {
                    order.append(i)
                    unpinned += out[i]
                }
            }
            guard unpinned > sharedPool else { return busy + unpinned }
            waterFill(sharedPool, out: &out, weight: weight, order: &order)
            return busy + sharedPool
        }
    }

    /// Weighted max-min fair shares of `capacity` between the containers in `order`, whose
    /// demands (in `out`) do not all fit: by demand / weight, each gets its demand until the
    /// first that cannot; from there all get weight × level.
    static func waterFill(_ capacity: Double, out: inout [Double], weight: [Double], order: inout [Int]) {
        let demands = out
        order.sort { demands[$0] / weight[$0] < demands[$1] / weight[$1] }
        var remaining = capacity
        var weightLeft = 0.0
        for i in order { weightLeft += weight[i] }
        var level = -1.0
        for i in order {
            if level < 0 && demands[i] / weight[i] <= remaining / weightLeft {
                remaining -= demands[i]
                weightLeft -= weight[i]
            } else {
                if level < 0 { level = remaining / weightLeft }
                out[i] = weight[i] * level
            }
        }
    }
}
