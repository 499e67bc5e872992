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
    /// - Complexity: O(minutes × services + incidents × window × services); both series are read
    ///   one minute at a time (``TwinWalk``).
    public static func measure(faulty: RunResult, twin: RunResult, threshold: Int = 1, tail: Int = 30) -> [IncidentImpact] {
        let services = faulty.services.map(\.name)
        let tenantOf = Dictionary(faulty.services.map { ($0.name, $0.tenant) }, uniquingKeysWith: { a, _ in a })
        let walk = TwinWalk(faulty: faulty.timeSeries, twin: twin.timeSeries, services: services)
        let lastMinute = walk.lastMinute
        let incidents = faulty.incidents
        let windows = incidents.map { inc in
            TwinWalk.Window(
                first: Int(inc.start / 60),
                end: min(lastMinute, Int(((inc.end ?? Double(lastMinute + 1) * 60) / 60).rounded(.up))))
        }
        /// An incident's sums while its window is open.
        struct Sums {
            var extraFailed: [Int]
            var extraBad: [Int]
            var down: [Int]
            var worst: Double?
        }
        let zero = Array(repeating: 0, count: services.count)
        var open: [Int: Sums] = [:]
        var impacts = [IncidentImpact?](repeating: nil, count: incidents.count)
        walk.walk(
            windows, tail: tail,
            visit: { k, m, d in
                var sums = open.removeValue(forKey: k) ?? Sums(extraFailed: zero, extraBad: zero, down: zero)
                for s in services.indices {
                    sums.extraFailed[s] += d.extraFailed[s]
                    sums.extraBad[s] += d.extraBad[s]
                    sums.down[s] += d.down[s]
                }
                if m <= windows[k].end, let r = d.worstP99Ratio { sums.worst = max(sums.worst ?? 0, r) }
                open[k] = sums
            },
            finished: { k, stop in
                let inc = incidents[k]
                let sums = open.removeValue(forKey: k) ?? Sums(extraFailed: zero, extraBad: zero, down: zero)
                let affected = services.indices.filter {
                    sums.extraFailed[$0] >= threshold || sums.extraBad[$0] > 0 || sums.down[$0] > 0
                }
                var downMap: [String: Int] = [:]
                for s in services.indices where sums.down[s] > 0 { downMap[services[s]] = sums.down[s] }
                impacts[k] = IncidentImpact(
                    id: inc.id, kind: inc.kind, target: inc.target, start: inc.start, end: inc.end,
                    servicesAffected: affected.map { services[$0] },
                    tenantsAffected: Array(Set(affected.compactMap { tenantOf[services[$0]] })).sorted(),
                    servicesDown: downMap, extraFailed: max(0, sums.extraFailed.reduce(0, +)),
                    extraSLOBadMinutes: max(0, sums.extraBad.reduce(0, +)), worstP99Ratio: sums.worst,
                    recoveryMinutes: inc.end == nil ? nil : stop.map { $0 - windows[k].end - 1 })
            })
        return impacts.map { $0! }
    }
}
