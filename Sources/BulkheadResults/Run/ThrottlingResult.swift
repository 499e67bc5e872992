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
    /// Latency attribution — jobs (requests and batch tasks) started in its containers.
    public var jobs: Int
    /// Latency attribution — job-seconds those jobs spent runnable while their container was
    /// throttled: Σ over jobs of the delay the service's own quota added to them.
    public var throttledJobSeconds: Double

    public init(periods: Int, throttledPeriods: Int, throttledSeconds: Double, jobs: Int, throttledJobSeconds: Double) {
        self.periods = periods
        self.throttledPeriods = throttledPeriods
        self.throttledSeconds = throttledSeconds
        self.jobs = jobs
        self.throttledJobSeconds = throttledJobSeconds
    }

    /// Throttled periods per active period (0 without any period).
    public var throttledRatio: Double { periods > 0 ? Double(throttledPeriods) / Double(periods) : 0 }

    /// Mean delay per job from throttling, seconds (0 without jobs): the `throttled` share of the
    /// service's latency.
    public var meanThrottledDelay: Double { jobs > 0 ? throttledJobSeconds / Double(jobs) : 0 }
}
