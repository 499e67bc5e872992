import BulkheadKernel
import BulkheadModel
import BulkheadResults
import Histogram

/// Observes a run and turns the model's events into a ``RunResult``.
///
/// Warm-up: requests whose `end` is before `config.warmup`, kills before it, and minutes whose
/// whole span `[m, m+1)` minutes lies before it are ignored. A minute that straddles the end of
/// the warm-up is measured over its post-warm-up part (its rate divides by those seconds).
///
/// Requests are attributed to the minute of their `end` (timeouts are reported at their deadline).
/// Per-minute latency percentiles come from a per-service histogram that is read and reset at each
/// `minuteEnded`. Only minutes the model closed with `minuteEnded` appear in the time series and
/// in the SLO evaluation; requests of a minute never closed still count in the whole-run totals.
///
/// Hot path: `requestFinished` does no allocation (except growing the per-minute arrays when a
/// new minute starts) and no hashing; everything is an array indexed by service.
public final class MetricsCollector: ModelObserver {
    static let nanosPerMinute: Int64 = 60_000_000_000

    let config: ClusterConfig
    let placement: Placement
    let warmupNs: Int64
    let serviceCount: Int
    let machineCount: Int

    /// Unchecked: only `requestFinished` and `minuteEnded` modify it, never re-entrantly, and the
    /// dynamic exclusivity check on this class property cost ~1.5% of a gilt-japan run (perf:
    /// `swift_beginAccess` and its thread-local access set, once per request).
    @exclusivity(unchecked) var acc: RequestAccumulators
    /// The minute requests currently end in, and its span `[minuteStartNs, minuteEndNs)`: a
    /// request's minute is found by two comparisons instead of a 64-bit division (unchecked
    /// for the same reason as `acc`).
    @exclusivity(unchecked) var currentMinute = 0
    @exclusivity(unchecked) var minuteStartNs: Int64 = 0
    @exclusivity(unchecked) var minuteEndNs: Int64 = nanosPerMinute

    /// The per-minute series, appended as each measured minute closes (memory bounded whatever
    /// the duration; see ``MinuteSeriesStore``). Everything else derived from minutes is summed
    /// as they close, so no per-minute state is kept (see MetricsCollector+Minutes.swift).
    let series: MinuteSeriesStore
    /// Running sums over the measured minutes.
    var minuteTotals: MinuteTotals

    var containerKills: [Int]
    var machineKills: [Int]
    var machineInnocentKills: [Int]
    var killsOOMLimit = 0
    var killsOOMMachine = 0
    var killsInnocent = 0
    /// Every fault the model injected, in order (warm-up included: a fault is an incident whenever it happens).
    var incidents: [Incident] = []
    /// Index in `incidents` of the first incident with each id, so that ending one is O(1)
    /// instead of a scan of every incident so far (quadratic in runs with many incidents).
    var incidentIndex: [Int: Int] = [:]
    /// Latency windows (hog incidents, or the windows a twin run is told to watch); see
    /// MetricsCollector+Windows.swift.
    /// Unchecked for the same reason as `acc` (read once per request).
    @exclusivity(unchecked) var windows: [LatencyWindow] = []
    /// OOM kills after warm-up, in order.
    var killLog: [KillEvent] = []
    /// Indices in `windows` of the windows not yet closed, by id (`closeWindow` is O(1)).
    var openWindows: [Int: [Int]] = [:]
    /// Per service: its tenant's index in `tenantNames` (filled when the first window opens).
    var serviceTenant: [Int] = []

    /// - Parameters:
    ///   - config: the run's resolved configuration (services, machines, warm-up, duration).
    ///   - placement: where each container runs.
    ///   - seriesMemoryLimit: bytes of the per-minute series held in memory before spilling.
    public init(config: ClusterConfig, placement: Placement, seriesMemoryLimit: Int = MinuteSeriesStore.defaultMemoryLimit) {
        self.config = config
        self.placement = placement
        self.warmupNs = config.warmup.nanoseconds
        self.serviceCount = config.services.count
        self.machineCount = config.machines.count
        self.acc = RequestAccumulators(serviceCount: config.services.count)
        self.containerKills = Array(repeating: 0, count: placement.containers.count)
        self.machineKills = Array(repeating: 0, count: config.machines.count)
        self.machineInnocentKills = machineKills
        self.series = MinuteSeriesStore(
            services: config.services.map(\.name), machines: config.machines.map(\.name), memoryLimit: seriesMemoryLimit)
        self.minuteTotals = MinuteTotals(config: config, placement: placement)
    }

    // MARK: ModelObserver

    /// - Complexity: O(1) amortised.
    public func requestFinished(
        service: Int, start: SimInstant, end: SimInstant, outcome: RequestOutcome,
        external: Bool
    ) {
        let e = end.nanoseconds
        guard e >= warmupNs, e >= 0 else { return }
        if e < minuteStartNs || e >= minuteEndNs {
            currentMinute = Int(e / Self.nanosPerMinute)
            minuteStartNs = Int64(currentMinute) * Self.nanosPerMinute
            minuteEndNs = minuteStartNs + Self.nanosPerMinute
        }
        acc.record(
            service: service, minute: currentMinute, latencyNs: e &- start.nanoseconds,
            outcome: Int(outcome.rawValue), external: external)
        if !windows.isEmpty && outcome == .success {
            recordInWindows(service: service, end: e, latencyNs: e &- start.nanoseconds)
        }
    }

    /// - Complexity: O(1) amortised (plus the latency windows).
    public func requestsFinished(
        service: Int, end: SimInstant, latency: SimDuration, count: Int, outcome: RequestOutcome, external: Bool
    ) {
        let e = end.nanoseconds
        guard e >= warmupNs, e >= 0, count > 0 else { return }
        acc.record(
            service: service, minute: Int(e / Self.nanosPerMinute), latencyNs: latency.nanoseconds,
            outcome: Int(outcome.rawValue), external: external, count: count)
        if !windows.isEmpty && outcome == .success {
            for _ in 0..<count { recordInWindows(service: service, end: e, latencyNs: latency.nanoseconds) }
        }
    }

    /// One call per group of a flow minute's latency bins (34 calls of `requestsFinished`
    /// touched the service's counters 34 times: ~5 % of a fleet day).
    public func requestsSucceeded(
        service: Int, end: SimInstant, latencies: [SimDuration], counts: [Int], external: Bool
    ) {
        let e = end.nanoseconds
        guard e >= warmupNs, e >= 0 else { return }
        acc.recordSuccesses(
            service: service, minute: Int(e / Self.nanosPerMinute), latencies: latencies, counts: counts, external: external)
        if !windows.isEmpty {
            for i in counts.indices where counts[i] > 0 {
                for _ in 0..<counts[i] { recordInWindows(service: service, end: e, latencyNs: latencies[i].nanoseconds) }
            }
        }
    }

    public func containerKilled(container: Int, machine: Int, reason: KillReason, at: SimInstant, innocent: Bool) {
        // Containers lost with their machine, or crashed by a `container-crash` fault, are
        // incidents (`incidentStarted`), not kills.
        guard at.nanoseconds >= warmupNs, reason != .machineFailure, reason != .crash else { return }
        if container >= 0 && container < containerKills.count { containerKills[container] += 1 }
        if machine >= 0 && machine < machineKills.count {
            machineKills[machine] += 1
            if innocent { machineInnocentKills[machine] += 1 }
        }
        let logged: KillEvent.Reason
        switch reason {
        case .oomLimit:
            killsOOMLimit += 1
            logged = .oomLimit
        case .oomMachine:
            killsOOMMachine += 1
            logged = .oomMachine
        case .machineFailure, .crash: return
        }
        if innocent { killsInnocent += 1 }
        killLog.append(KillEvent(at: at.seconds, container: container, reason: logged, innocent: innocent))
    }

    /// - Complexity: O(1) amortised (+ O(tenants) when it opens a latency window).
    public func incidentStarted(_ incident: Incident) {
        if incidentIndex[incident.id] == nil { incidentIndex[incident.id] = incidents.count }
        incidents.append(incident)
        if incident.tenant != nil { openWindow(id: incident.id, start: incident.start.nanoseconds) }
    }

    /// - Complexity: O(1) amortised.
    public func incidentEnded(id: Int, at: SimInstant) {
        if let k = incidentIndex[id] { incidents[k].end = at }
        closeWindow(id: id, end: at.nanoseconds)
    }

    /// - Complexity: O(services × histogram size + machines).
    public func minuteEnded(minute: Int, machines: [MachineSample]) {
        acc.recordPending()
        defer {
            for s in 0..<serviceCount {
                acc.flushMinute(s)
                acc.minuteHistograms[s].reset()
            }
        }
        guard minute >= 0, Int64(minute + 1) * Self.nanosPerMinute > warmupNs else { return }
        recordMinute(minute, machines: machines)
    }

    // MARK: Result

    /// Builds the run's result. Does not change the collector (it may be called more than once).
    /// - Parameters:
    ///   - inFlightAtEnd: requests still in flight at the end, per service (missing entries count 0).
    ///   - eventsProcessed: events the kernel processed.
    /// - Complexity: O(services × touched histogram range + machines + containers); the per-minute series
    ///   is shared, not copied.
    public func result(
        scenario: String, seed: UInt64, policy: String, inFlightAtEnd: [Int],
        eventsProcessed: Int
    ) -> RunResult {
        var r = ResultBuilder(collector: self).build(
            scenario: scenario, seed: seed, policy: policy,
            inFlightAtEnd: inFlightAtEnd, eventsProcessed: eventsProcessed)
        r.incidents = incidents.map {
            var record = IncidentRecord(
                id: $0.id, kind: $0.kind, target: $0.target, start: $0.start.seconds,
                end: $0.end?.seconds)
            record.tenant = $0.tenant
            return record
        }
        r.windowLatencies = windowLatencies()
        r.killLog = killLog
        return r
    }

    /// Simulated seconds of minute `m` that lie after the warm-up and before the end of the run.
    func measuredSeconds(ofMinute m: Int) -> Double {
        let lo = max(Int64(m) * Self.nanosPerMinute, warmupNs)
        var hi = Int64(m + 1) * Self.nanosPerMinute
        let d = config.duration.nanoseconds
        if d > lo && d < hi { hi = d }
        return hi > lo ? Double(hi - lo) / 1e9 : 0
    }
}
