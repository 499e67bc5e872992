import BulkheadResults

/// Walks a run's per-minute series and its fault-free twin's side by side, one minute at a time,
/// for the windows of incident and hog analysis — so that neither series is held whole (a 30-day
/// series is tens of MB; see `MinuteSeriesStore`).
///
/// A window starts at its first minute and runs while `m ≤ min(lastMinute, end + tail)`; it stops
/// early after the first minute past `end` in which no service failed more requests than in the
/// twin (that minute is visited too). A minute missing from a series reads as no row.
struct TwinWalk {
    let faulty: TimeSeries
    let twin: TimeSeries
    /// Service name → index of the rows handed to `visit`.
    let index: [String: Int]
    /// The last minute of either series (0 when both are empty).
    let lastMinute: Int

    init(faulty: TimeSeries, twin: TimeSeries, services: [String]) {
        self.faulty = faulty
        self.twin = twin
        index = Dictionary(services.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        lastMinute = max(faulty.lastMinute, twin.lastMinute, 0)
    }

    struct Window {
        var first: Int
        var end: Int
    }

    /// What the faulty run did beyond its twin in one minute, per service index. Computed once per
    /// minute and handed to every window open in it: a fleet day has hundreds of incidents open
    /// over thousands of services, and reading the rows (optionals holding the service's name)
    /// once per window was most of the analysis.
    struct Difference {
        /// Faulty failures minus the twin's (a missing row counts 0).
        var extraFailed: [Int]
        /// 1 when only the faulty minute is SLO-bad, −1 when only the twin's is, else 0.
        var extraBad: [Int]
        /// 1 when the faulty run had no success while the twin had some, else 0.
        var down: [Int]
        /// The largest faulty p99 / twin p99 over the services with both (twin p99 > 0).
        var worstP99Ratio: Double?
        /// Whether any service failed more requests than in the twin.
        var anyExtra: Bool

        init(faulty a: [ServiceMinute?], twin b: [ServiceMinute?]) {
            extraFailed = Array(repeating: 0, count: a.count)
            extraBad = Array(repeating: 0, count: a.count)
            down = Array(repeating: 0, count: a.count)
            anyExtra = false
            for s in a.indices {
                let x = a[s]
                let y = b[s]
                extraFailed[s] = (x?.failures ?? 0) - (y?.failures ?? 0)
                if extraFailed[s] > 0 { anyExtra = true }
                extraBad[s] = ((x?.sloBad ?? false) ? 1 : 0) - ((y?.sloBad ?? false) ? 1 : 0)
                let okA = (x?.requests ?? 0) - (x?.failures ?? 0)
                let okB = (y?.requests ?? 0) - (y?.failures ?? 0)
                if okA == 0 && okB > 0 { down[s] = 1 }
                if let p = x?.p99, let q = y?.p99, q > 0 { worstP99Ratio = max(worstP99Ratio ?? 0, p / q) }
            }
        }
    }

    /// Visits every window's minutes (windows that overlap are visited in the same pass).
    /// - Parameters:
    ///   - visit: `(window, minute, difference)`: what the faulty run did beyond the twin in that
    ///     minute, per service index.
    ///   - finished: called once per window, with the minute it stopped at when it recovered.
    /// - Complexity: O(minutes × services + visits × services); memory O(services + open windows).
    func walk(
        _ windows: [Window], tail: Int, visit: (Int, Int, Difference) -> Void,
        finished: (Int, Int?) -> Void
    ) {
        let order = windows.indices.sorted { (windows[$0].first, $0) < (windows[$1].first, $1) }
        func limit(_ k: Int) -> Int { min(lastMinute, windows[k].end + tail) }
        var x = Cursor(faulty.minutes(), index)
        var y = Cursor(twin.minutes(), index)
        var next = 0
        var open: [Int] = []
        var m = order.first.map { windows[$0].first } ?? 0
        while next < order.count || !open.isEmpty {
            if open.isEmpty { m = max(m, windows[order[next]].first) }
            while next < order.count && windows[order[next]].first <= m {
                open.append(order[next])
                next += 1
            }
            let d = Difference(faulty: x.rows(at: m), twin: y.rows(at: m))
            open.removeAll { k in
                guard m <= limit(k) else {
                    finished(k, nil)
                    return true
                }
                visit(k, m, d)
                // Recovered: the first whole minute after the window without extra failures.
                if m > windows[k].end && !d.anyExtra {
                    finished(k, m)
                    return true
                }
                return false
            }
            m += 1
        }
    }

    /// One series read forward to the minutes asked for (ascending).
    struct Cursor {
        var minutes: TimeSeries.MinuteIterator
        var head: MinuteRows?
        let index: [String: Int]

        init(_ minutes: TimeSeries.MinuteIterator, _ index: [String: Int]) {
            self.minutes = minutes
            self.index = index
            head = self.minutes.next()
        }

        mutating func rows(at m: Int) -> [ServiceMinute?] {
            while let h = head, h.minute < m { head = minutes.next() }
            var out = [ServiceMinute?](repeating: nil, count: index.count)
            guard let h = head, h.minute == m else { return out }
            for row in h.services { if let s = index[row.service] { out[s] = row } }
            return out
        }
    }
}
