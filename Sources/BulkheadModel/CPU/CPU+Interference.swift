/// **Interference**: a container of a service with sensitivity s runs its requests'
/// work 1 + s × B/C times slower, where B is the busy cores of the *other* containers on its
/// machine and C the machine's cores — the shape of Bubble-Up's sensitivity curves (Mars, Tang,
/// Hundt, Skadron, Soffa: "Bubble-Up: Increasing Utilization in Modern Warehouse Scale Computers
/// via Sensible Co-locations", MICRO 2011), with the "bubble" pressure measured as co-runners'
/// busy cores. It is applied as a divisor of the container's service rate (`speed` = 1 /
/// slowdown: its virtual time advances that much slower while it consumes the same CPU), and it
/// is recomputed whenever any container's rate on the machine changes — rates are piecewise
/// constant between events, so the slowdown is exact within the event-driven processor sharing.
extension CPU {
    /// Per-container sensitivities; marks the machines that hold a sensitive container.
    /// - Parameters:
    ///   - sensitivity: per container (none above 0: interference stays off).
    ///   - machineOf: each container's machine at the start.
    mutating func setUpInterference(sensitivity: [Double], machineOf: [MachineID]) {
        guard sensitivity.contains(where: { $0 > 0 }) else { return }
        self.sensitivity = sensitivity
        for (k, s) in sensitivity.enumerated() where s > 0 { machines[machineOf[k]].interference = true }
    }

    /// Recomputes the slowdown of every running sensitive container on machine `m` from the
    /// current rates (call after the rates changed, before scheduling the next completion).
    /// - Complexity: O(active containers on the machine).
    mutating func applyInterference(_ m: MachineID, now: Int64) {
        let cores = machines[m].cores
        var total = 0.0
        for i in 0..<machines[m].active.count {
            let c = machines[m].active[i]
            total += groups[c].rate * Double(groups[c].running)
        }
        for i in 0..<machines[m].active.count {
            let c = machines[m].active[i]
            let s = sensitivity[c.index]
            guard s > 0 else { continue }
            let others = max(0, total - groups[c].rate * Double(groups[c].running))
            let speed = 1 / (1 + s * others / cores)
            guard speed != groups[c].speed else { continue }
            fold(c, to: now)
            groups[c].speed = speed
            updateNext(c, on: m)
        }
    }
}
