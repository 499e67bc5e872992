import BulkheadKernel
import BulkheadModel
import Histogram

/// A time window over which each tenant's latency is recorded (a hog incident's span).
struct LatencyWindow {
    var id: Int
    var start: Int64
    /// `.max` while the incident is not over.
    var end: Int64
    /// Per tenant (index into `tenantNames`), successful requests' latency in µs.
    var histograms: [Histogram<UInt64>]
}

/// A tenant's p99 over one window: requests of its services (external and downstream) that
/// succeeded and ended inside the window.
public struct WindowLatency: Codable, Sendable, Equatable {
    public var window: Int
    public var tenant: String
    public var count: Int
    /// Seconds; nil without successes.
    public var p99: Double?
    public init(window: Int, tenant: String, count: Int, p99: Double?) {
        self.window = window; self.tenant = tenant; self.count = count; self.p99 = p99
    }
}

/// One OOM kill: when (seconds), which container, why, and whether it was innocent.
public struct KillEvent: Codable, Sendable, Equatable {
    public var at: Double
    public var container: Int
    public var reason: KillReason
    public var innocent: Bool
    public init(at: Double, container: Int, reason: KillReason, innocent: Bool) {
        self.at = at; self.container = container; self.reason = reason; self.innocent = innocent
    }
}

/// Latency over windows: a hog incident opens one when it starts and closes it when it ends; a
/// twin run is given the same windows up front (`watch`), so the two p99s cover exactly the same
/// span. Costs nothing per request while no window exists.
extension MetricsCollector {
    /// Tenant names, sorted; a service's tenant index.
    var tenantNames: [String] { Array(Set(config.services.map(\.tenant))).sorted() }

    /// Watch these windows (ids and [start, end) in ns) from the start — for the twin run.
    public func watch(windows: [(id: Int, start: Int64, end: Int64)]) {
        for w in windows { openWindow(id: w.id, start: w.start, end: w.end) }
    }

    func openWindow(id: Int, start: Int64, end: Int64 = .max) {
        let n = tenantNames.count
        windows.append(LatencyWindow(id: id, start: start, end: end,
                                     histograms: (0..<n).map { _ in RequestAccumulators.makeHistogram() }))
        if serviceTenant.isEmpty {
            let names = tenantNames
            serviceTenant = config.services.map { s in names.firstIndex(of: s.tenant) ?? 0 }
        }
    }

    func closeWindow(id: Int, end: Int64) {
        for k in windows.indices where windows[k].id == id && windows[k].end == .max { windows[k].end = end }
    }

    /// - Complexity: O(windows).
    func recordInWindows(service: Int, end e: Int64, latencyNs: Int64) {
        let us = UInt64(max(0, (latencyNs + 500) / 1000))
        let t = serviceTenant[service]
        for k in windows.indices where e >= windows[k].start && e < windows[k].end {
            _ = windows[k].histograms[t].record(min(us, RequestAccumulators.highestMicros))
        }
    }

    func windowLatencies() -> [WindowLatency] {
        let names = tenantNames
        return windows.flatMap { w in
            names.indices.map { t in
                let h = w.histograms[t]
                return WindowLatency(window: w.id, tenant: names[t], count: Int(h.totalCount),
                                     p99: h.totalCount > 0 ? Double(h.valueAtPercentile(99)) / 1e6 : nil)
            }
        }
    }
}
