import BulkheadResults

/// Measures what each hog activation did to every tenant, against the counterfactual twin run
/// (same placement, seed and replication, without faults and hogs).
///
/// Window: as for faults (`IncidentAnalysis`), the minutes from the hog's start to its end,
/// extended while any service still fails more than in the twin (at most `tail` minutes: a
/// queue built up by a spinner drains after it stops). Extra failed requests and extra SLO-bad
/// minutes are summed per tenant over the window (floored at 0 per tenant). p99 inflation is the
/// tenant's p99 over the hog's exact span [start, end) divided by the twin's p99 over the same
/// span (both from HdrHistograms of the tenant's successful requests). Innocent OOM kills are
/// machine-OOM kills flagged innocent in the span, of the tenant's containers, above the twin's.
///
/// **Attribution when incidents overlap**: every incident is measured against the same twin
/// without *any* fault or hog, so damage inside two overlapping windows counts for both — the
/// per-hog figures are then upper bounds, and a matrix cell may count one SLO-bad minute twice.
/// Exact per-hog attribution would need one twin per hog (n + 1 simulations).
public enum HogAnalysis {
    /// - Complexity: O(minutes × services + hogs × (window × services + kills)); both series are
    ///   read one minute at a time (``TwinWalk``).
    public static func measure(run: RunResult, twin: RunResult, threshold: Int = 1, tail: Int = 30) -> [HogImpact] {
        let services = run.services
        let tenants = run.tenants.map(\.name).sorted()
        let walk = TwinWalk(faulty: run.timeSeries, twin: twin.timeSeries, services: services.map(\.name))
        let lastMinute = walk.lastMinute
        let tenantOfContainer = run.containers.map(\.tenant)
        func p99(_ r: RunResult, _ id: Int, _ tenant: String) -> Double? {
            r.windowLatencies.first { $0.window == id && $0.tenant == tenant }?.p99
        }
        func innocentKills(_ r: RunResult, _ from: Double, _ to: Double, _ tenant: String) -> Int {
            r.killLog.filter { k in
                k.innocent && k.reason == .oomMachine && k.at >= from && k.at <= to
                    && k.container < tenantOfContainer.count && tenantOfContainer[k.container] == tenant
            }.count
        }
        let hogs = run.incidents.filter { $0.tenant != nil }
        let windows = hogs.map { inc in
            TwinWalk.Window(
                first: Int(inc.start / 60),
                end: min(lastMinute, Int(((inc.end ?? Double(lastMinute + 1) * 60) / 60).rounded(.up))))
        }
        // Per hog, per tenant (index into `tenants`).
        let tenantIndex = Dictionary(tenants.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let tenantOfService = services.map { tenantIndex[$0.tenant] }
        var failed = [[Int]](repeating: Array(repeating: 0, count: tenants.count), count: hogs.count)
        var bad = failed
        walk.walk(
            windows, tail: tail,
            visit: { k, _, d in
                for s in services.indices {
                    guard let t = tenantOfService[s] else { continue }
                    failed[k][t] += d.extraFailed[s]
                    bad[k][t] += d.extraBad[s]
                }
            },
            finished: { _, _ in })
        return hogs.indices.map { k in
            let inc = hogs[k]
            let to = inc.end ?? run.durationSeconds
            func harm(_ t: String) -> TenantHarm {
                let inflation: Double? = {
                    guard let x = p99(run, inc.id, t), let y = p99(twin, inc.id, t), y > 0 else { return nil }
                    return x / y
                }()
                return TenantHarm(
                    tenant: t, extraFailed: max(0, tenantIndex[t].map { failed[k][$0] } ?? 0),
                    extraSLOBadMinutes: max(0, tenantIndex[t].map { bad[k][$0] } ?? 0),
                    p99Inflation: inflation,
                    innocentOOMKills: max(0, innocentKills(run, inc.start, to, t) - innocentKills(twin, inc.start, to, t)))
            }
            return HogImpact(
                id: inc.id, kind: inc.kind, target: inc.target, tenant: inc.tenant!, start: inc.start,
                end: inc.end, own: harm(inc.tenant!), others: tenants.filter { $0 != inc.tenant! }.map(harm))
        }
    }
}
