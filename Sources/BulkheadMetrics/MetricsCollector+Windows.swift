import BulkheadKernel
import BulkheadModel
import BulkheadResults
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
        if end == .max { openWindows[id, default: []].append(windows.count) }
        windows.append(
            LatencyWindow(
                id: id, start: start, end: end,
                histograms: (0..<n).map { _ in RequestAccumulators.makeHistogram() }))
        if serviceTenant.isEmpty {
            let names = tenantNames
            serviceTenant = config.services.map { s in names.firstIndex(of: s.tenant) ?? 0 }
        }
    }

    /// - Complexity: O(1) amortised (the windows open under `id`).
    func closeWindow(id: Int, end: Int64) {
        guard let open = openWindows.removeValue(forKey: id) else { return }
        for k in open where windows[k].end == .max { windows[k].end = end }
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
                return WindowLatency(
                    window: w.id, tenant: names[t], count: Int(h.totalCount),
                    p99: h.totalCount > 0 ? Double(h.valueAtPercentile(99)) / 1e6 : nil)
            }
        }
    }
}
