/// CFS bandwidth control (`isolation.cpu: quota`), as Linux enforces `cpu.cfs_quota_us` per
/// `cpu.cfs_period_us` (Documentation/scheduler/sched-bwc.rst):
///
/// - A container with CPU limit L and period P may consume L·P CPU-seconds per period, on any
///   number of cores: with more runnable threads than L it runs faster than L and is throttled
///   earlier in the period.
/// - When the period's runtime is spent the container is throttled: none of its threads runs
///   until the next period boundary, where the runtime is refilled:
///   runtime ← min(runtime + L·P, L·P + burst) (`__refill_cfs_bandwidth_runtime`; with burst 0
///   unused runtime is not carried over).
/// - Periods are aligned on multiples of P from the start of the run (the kernel's period timer
///   keeps its phase across idle stretches: `start_cfs_bandwidth` forwards it by whole periods).
///
/// Event-driven and exact: the runtime is folded lazily with the CPU account (`fold`); a
/// container's next completion (`updateNext`) is the earlier of its next job completion and its
/// next bandwidth event — the moment its runtime runs out in this period, the boundary that ends
/// its throttling, or the next boundary when it consumes faster than L (to refill and re-plan) —
/// so bandwidth rides on the machine's one `cpuDone` event. A container that consumes at most L
/// cannot run out after a refill, so it needs no event per period: boundaries it crosses are
/// refilled in closed form when it is next folded. Throttling sets the container's `cap` to 0, so
/// that the rate code (uncontended fast path and water-filling alike) gives it nothing.
///
/// Not modelled: the kernel hands runtime to each CPU's run queue in 5 ms slices
/// (`sched_cfs_bandwidth_slice_us`), so a group can overrun its quota by up to a slice per CPU
/// and a throttled CPU may idle while another still holds a slice (docs/model.md).
extension CPU {
    /// One container's bandwidth account (its cgroup's `cfs_bandwidth` and `cpu.stat`).
    struct Bandwidth {
        /// CPU-seconds per period (limit × period); `.infinity` without a limit.
        var quota: Double = .infinity
        /// Largest runtime a refill leaves (quota + burst), CPU-seconds.
        var ceiling: Double = .infinity
        /// Period length (ns).
        var period: Int64 = 100_000_000
        /// Runtime left in period `periodIndex` (CPU-seconds; slightly negative after an overrun
        /// of less than a nanosecond's consumption).
        var runtime: Double = .infinity
        var periodIndex: Int64 = 0
        var throttled = false
        /// When the current throttling began, and the boundary that ends it (ns).
        var throttledSince: Int64 = 0
        var throttledUntil: Int64 = 0
        /// Last period in which the container had runnable threads, and in which it was throttled.
        var lastUsedPeriod: Int64 = -2
        var lastThrottledPeriod: Int64 = -1
        // cpu.stat
        var periods: Int64 = 0
        var throttledPeriods: Int64 = 0
        var throttledNanoseconds: Int64 = 0
        // Latency attribution: jobs (requests, batch tasks) started, and the job-seconds they
        // spent runnable while the container was throttled — the delay its own quota added.
        var jobsStarted: Int64 = 0
        var throttledJobSeconds: Double = 0

        var limited: Bool { quota < .infinity }

        /// A fresh cgroup at `now`: a full period's runtime, not throttled, statistics kept.
        mutating func restart(at now: Int64) {
            guard limited else { return }
            periodIndex = now / period
            runtime = quota
            throttled = false
        }
    }

    /// Sets up container `c`'s bandwidth account: `limit` cores per `period` (ns), `burst`
    /// CPU-nanoseconds that unused runtime may accumulate to beyond the quota.
    mutating func setBandwidth(_ c: ContainerID, limit: Double, period: Int64, burst: Int64) {
        var b = Bandwidth()
        b.period = period
        b.quota = limit * Double(period) * 1e-9
        b.ceiling = b.quota + Double(burst) * 1e-9
        b.runtime = b.quota
        bandwidth[c] = b
    }

    /// Brings container `c`'s runtime from `t0` to `now` (ns), during which it consumed `u`
    /// CPU-seconds per second and had runnable threads if `active`, `jobs` of them jobs: refills
    /// at every boundary crossed, counts its periods, and charges the jobs' wait while throttled
    /// (throttling changes only at `bandwidthDue`, after a fold, so it held over all of [t0, now)).
    @inline(__always) mutating func foldBandwidth(
        _ c: ContainerID, from t0: Int64, to now: Int64, u: Double, active: Bool, jobs: Int
    ) {
        guard bandwidth[c].limited else { return }
        if bandwidth[c].throttled && jobs > 0 {
            bandwidth[c].throttledJobSeconds += Double(jobs) * Double(now - t0) * 1e-9
        }
        let p = bandwidth[c].period
        let k0 = bandwidth[c].periodIndex
        let k1 = now / p
        if k1 == k0 {
            bandwidth[c].runtime -= u * Double(now - t0) * 1e-9
        } else {
            var b = bandwidth[c]
            // To the end of period k0, then its refill.
            b.runtime -= u * Double((k0 + 1) * p - t0) * 1e-9
            b.runtime = min(b.runtime + b.quota, b.ceiling)
            // Whole periods between: each consumes u·P and refills the quota. No event fell in
            // them, so u·P ≤ quota there (a faster container has an event at each boundary) and
            // the runtime only grows: closed form.
            let whole = k1 - k0 - 1
            if whole > 0 {
                let net = b.quota - u * Double(p) * 1e-9
                b.runtime = min(b.runtime + Double(whole) * max(net, 0), b.ceiling)
            }
            b.runtime -= u * Double(now - k1 * p) * 1e-9
            b.periodIndex = k1
            bandwidth[c] = b
        }
        // Active over [t0, now): the periods of t0 through the instant before now.
        if active { markUsed(c, from: k0, to: (now - 1) / p) }
    }

    /// Periods `lo ... hi` had runnable threads in `c`. The kernel counts a period when its timer
    /// fires with the bandwidth active: every period with use, and the one after each stretch of
    /// use (the timer fires once more, finds the group idle and stops).
    @inline(__always) mutating func markUsed(_ c: ContainerID, from lo: Int64, to hi: Int64) {
        let last = bandwidth[c].lastUsedPeriod
        guard hi > last else { return }
        let first = max(lo, last + 1)
        var added = hi - first + 1
        if first > last + 1 && last >= 0 { added += 1 }  // the trailing period of the last stretch
        bandwidth[c].periods += added
        bandwidth[c].lastUsedPeriod = hi
    }

    /// When container `c` next needs a bandwidth decision (ns), given its current rate: the end
    /// of its throttling; the moment its runtime runs out, if that is in this period; the next
    /// boundary if it consumes faster than its quota; otherwise never.
    @inline(__always) func bandwidthNext(_ c: ContainerID) -> Int64 {
        let b = bandwidth[c]
        guard b.limited else { return .max }
        if b.throttled { return b.throttledUntil }
        let u = groups[c].rate * Double(groups[c].running)
        guard u > 0 else { return .max }
        let boundary = (b.periodIndex + 1) * b.period
        // Rounded up to the nanosecond, except that a time within a thousandth of a nanosecond
        // of a whole one is that one (0.05 s / 1 core is 50 ms, not 50 ms + 1 ns by the
        // representation error of 0.05); `bandwidthDue` throttles with less than a nanosecond's
        // consumption left, so either way the container is throttled at this event.
        let ns = max(b.runtime, 0) / u * 1e9
        let whole = ns.rounded()
        let exhausted = groups[c].lastFold + Int64(abs(ns - whole) < 1e-3 ? whole : ns.rounded(.up))
        if exhausted < boundary { return exhausted }
        return u * Double(b.period) * 1e-9 > b.quota ? boundary : .max
    }

    /// Container `c` (folded to `now`) reached a bandwidth decision: throttles it when its runtime
    /// is spent, unthrottles it at the end of its throttling. Changes its `cap` (and so its
    /// demand): the caller takes the demand before and calls `jobsChanged` after.
    @inline(__always) mutating func bandwidthDue(_ c: ContainerID, now: Int64) {
        guard bandwidth[c].limited else { return }
        if bandwidth[c].throttled {
            guard now >= bandwidth[c].throttledUntil else { return }
            bandwidth[c].throttled = false
            bandwidth[c].throttledNanoseconds += now - bandwidth[c].throttledSince
            groups[c].cap = .infinity
        } else if groups[c].running > 0 && bandwidth[c].runtime <= groups[c].rate * Double(groups[c].running) * 1e-9 {
            bandwidth[c].throttled = true
            bandwidth[c].throttledUntil = (bandwidth[c].periodIndex + 1) * bandwidth[c].period
            bandwidth[c].throttledSince = now
            if bandwidth[c].lastThrottledPeriod != bandwidth[c].periodIndex {
                bandwidth[c].lastThrottledPeriod = bandwidth[c].periodIndex
                bandwidth[c].throttledPeriods += 1
            }
            groups[c].cap = 0
        }
    }

    /// Each container's `cpu.stat` at `now` (a throttling still going on counts up to `now`; the
    /// throttled job-seconds count up to the container's last fold — `foldAll(to: now)` first);
    /// empty under isolations other than `quota`.
    func throttling(at now: Int64) -> [CPUThrottling] {
        bandwidth.map { b in
            let ongoing = b.throttled ? now - b.throttledSince : 0
            // The period after the last stretch of use, once it has ended (its timer fired).
            let trailing: Int64 = b.lastUsedPeriod >= 0 && (b.lastUsedPeriod + 2) * b.period <= now ? 1 : 0
            return CPUThrottling(
                periods: Int(b.periods + trailing), throttledPeriods: Int(b.throttledPeriods),
                throttledSeconds: Double(b.throttledNanoseconds + ongoing) * 1e-9,
                jobs: Int(b.jobsStarted), throttledJobSeconds: b.throttledJobSeconds)
        }
    }
}

/// One container's CFS bandwidth statistics, as its cgroup's `cpu.stat` counts them over the
/// whole run (warm-up included): periods it was active in (the kernel's period timer counts each
/// period with runnable threads and the one after each active stretch), periods in which it was
/// throttled, and the time it spent throttled (wall time of the group; the kernel's cgroup v1
/// `throttled_time` sums it over the CPUs whose run queues were throttled). Beyond `cpu.stat`,
/// for latency attribution: the jobs started in it and the job-seconds they spent runnable but
/// throttled (Σ over jobs of the time each waited on the quota; the kernel has no such counter).
public struct CPUThrottling: Sendable, Equatable {
    public var periods: Int
    public var throttledPeriods: Int
    public var throttledSeconds: Double
    public var jobs: Int
    public var throttledJobSeconds: Double
    public init(
        periods: Int = 0, throttledPeriods: Int = 0, throttledSeconds: Double = 0, jobs: Int = 0,
        throttledJobSeconds: Double = 0
    ) {
        self.periods = periods
        self.throttledPeriods = throttledPeriods
        self.throttledSeconds = throttledSeconds
        self.jobs = jobs
        self.throttledJobSeconds = throttledJobSeconds
    }
}
