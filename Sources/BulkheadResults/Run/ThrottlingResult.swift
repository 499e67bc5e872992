/// A service's CFS bandwidth statistics under `isolation.cpu: quota`, summed over its containers
/// (as their cgroups' `cpu.stat` counts them, over the whole run): `summary.json` → `services` →
/// `cpuThrottling` (null for a service without a CPU limit or under another isolation) and the
/// `cpu_*` columns of `services.csv`.
public struct ThrottlingResult: Codable, Sendable, Hashable {
    /// Periods in which a container of the service was active (`nr_periods`).
    public var periods: Int
    /// Periods in which one was throttled (`nr_throttled`).
    public var throttledPeriods: Int
    /// Seconds its containers spent throttled (summed over containers).
    public var throttledSeconds: Double

    public init(periods: Int, throttledPeriods: Int, throttledSeconds: Double) {
        self.periods = periods
        self.throttledPeriods = throttledPeriods
        self.throttledSeconds = throttledSeconds
    }

    /// Throttled periods per active period (0 without any period).
    public var throttledRatio: Double { periods > 0 ? Double(throttledPeriods) / Double(periods) : 0 }
}
