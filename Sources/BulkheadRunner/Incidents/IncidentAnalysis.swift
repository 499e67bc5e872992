import BulkheadResults

/// Measures each incident against the counterfactual twin run (faults removed).
///
/// Because arrivals, routes and work come from named streams, the twin sees exactly the same
/// traffic; every difference between the two runs is the faults' doing. The window of an incident
/// runs from the minute it starts to the minute it ends, extended while failures stay above the
/// twin's (at most `tail` minutes). **Overlapping incidents** are each measured over their own
/// window against the same fault-free twin, so an effect inside two windows counts for both: the
/// per-incident figures are then upper bounds, and the run's total extra failures is reported once.
public enum IncidentAnalysis {
    /// - Parameters:
    ///   - threshold: extra failed requests that make a service "affected".
    ///   - tail: minutes after an incident's end in which recovery is looked for.
    /// - Complexity: O(incidents × window × services).
    public static func measure(faulty: RunResult, twin: RunResult, threshold: Int = 1, tail: Int = 30) -> [IncidentImpact] {
        let services = faulty.services.map(\.name)
        let tenantOf = Dictionary(faulty.services.map { ($0.name, $0.tenant) }, uniquingKeysWith: { a, _ in a })
        let index = Dictionary(uniqueKeysWithValues: services.enumerated().map { ($1, $0) })
        let a = table(faulty, index)
        let b = table(twin, index)
        let lastMinute = max(a.keys.max() ?? 0, b.keys.max() ?? 0)
        func row(_ t: [Int: [ServiceMinute?]], _ m: Int, _ s: Int) -> ServiceMinute? { t[m].flatMap { $0[s] } }

        return faulty.incidents.map { inc in
            let first = Int(inc.start / 60)
            let endMinute = min(lastMinute, Int(((inc.end ?? Double(lastMinute + 1) * 60) / 60).rounded(.up)))
            var extraFailed = Array(repeating: 0, count: services.count)
            var extraBad = Array(repeating: 0, count: services.count)
            var down = Array(repeating: 0, count: services.count)
            var worst: Double?
            var recovery: Int?
            var m = first
            while m <= min(lastMinute, endMinute + tail) {
                var anyExtra = false
                for s in services.indices {
                    let x = row(a, m, s)
                    let y = row(b, m, s)
                    let df = (x?.failures ?? 0) - (y?.failures ?? 0)
                    if df > 0 { anyExtra = true }
                    extraFailed[s] += df
                    extraBad[s] += ((x?.sloBad ?? false) ? 1 : 0) - ((y?.sloBad ?? false) ? 1 : 0)
                    let okA = (x?.requests ?? 0) - (x?.failures ?? 0)
                    let okB = (y?.requests ?? 0) - (y?.failures ?? 0)
                    if okA == 0 && okB > 0 { down[s] += 1 }
                    if m <= endMinute, let p = x?.p99, let q = y?.p99, q > 0 { worst = max(worst ?? 0, p / q) }
                }
                // Recovered: the first whole minute after the incident without extra failures.
                if m > endMinute && !anyExtra {
                    recovery = m - endMinute - 1
                    break
                }
                m += 1
            }
            let affected = services.indices.filter { extraFailed[$0] >= threshold || extraBad[$0] > 0 || down[$0] > 0 }
            var downMap: [String: Int] = [:]
            for s in services.indices where down[s] > 0 { downMap[services[s]] = down[s] }
            return IncidentImpact(
                id: inc.id, kind: inc.kind, target: inc.target, start: inc.start, end: inc.end,
                servicesAffected: affected.map { services[$0] },
                tenantsAffected: Array(Set(affected.compactMap { tenantOf[services[$0]] })).sorted(),
                servicesDown: downMap, extraFailed: max(0, extraFailed.reduce(0, +)),
                extraSLOBadMinutes: max(0, extraBad.reduce(0, +)), worstP99Ratio: worst,
                recoveryMinutes: inc.end == nil ? nil : recovery)
        }
    }

    /// minute → per-service row.
    static func table(_ r: RunResult, _ index: [String: Int]) -> [Int: [ServiceMinute?]] {
        var t: [Int: [ServiceMinute?]] = [:]
        for row in r.timeSeries.services {
            guard let s = index[row.service] else { continue }
            t[row.minute, default: Array(repeating: nil, count: index.count)][s] = row
        }
        return t
    }
}
