import BulkheadKernel

extension FaultConfig {
    /// Every machine of zone `zone` becomes unreachable for `duration` (a zone's network or power
    /// feed failing, as in an availability-zone outage): like a rack outage over all the zone's
    /// racks at once — containers keep running but receive nothing; requests sent there fail after
    /// the balancer's connect timeout.
    public static func zoneOutage(zone: Int, at: SimInstant, duration: SimDuration) -> FaultConfig {
        FaultConfig(timing: .once(at: at, lasting: duration), victims: .zone(zone), effect: .unreachable)
    }
}

extension Simulation {
    /// The machines of zone `z`, in configuration order.
    /// - Complexity: O(machines).
    func machines(inZone z: Int) -> [MachineID] {
        config.machines.indices.filter { config.machines[$0].zone == z }.map { MachineID($0) }
    }
}
