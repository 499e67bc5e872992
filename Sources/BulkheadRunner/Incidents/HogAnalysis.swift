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
    /// - Complexity: O(hogs × window × services + kills).
    public static func measure(run: RunResult, twin: RunResult, threshold: Int = 1, tail: Int = 30) -> [HogImpact] {
        let services = run.services
        let tenants = run.tenants.map(\.name).sorted()
        let index = Dictionary(uniqueKeysWithValues: services.enumerated().map { ($1.name, $0) })
        let a = IncidentAnalysis.table(run, index)
        let b = IncidentAnalysis.table(twin, index)
        let lastMinute = max(a.keys.max() ?? 0, b.keys.max() ?? 0)
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
        return run.incidents.compactMap { inc -> HogImpact? in
            guard let hogTenant = inc.tenant else { return nil }
            let first = Int(inc.start / 60)
            let endMinute = min(lastMinute, Int(((inc.end ?? Double(lastMinute + 1) * 60) / 60).rounded(.up)))
            var failed = [String: Int]()
            var bad = [String: Int]()
            var m = first
            while m <= min(lastMinute, endMinute + tail) {
                var anyExtra = false
                for (s, svc) in services.enumerated() {
                    let x = a[m].flatMap { $0[s] }
                    let y = b[m].flatMap { $0[s] }
                    let df = (x?.failures ?? 0) - (y?.failures ?? 0)
                    if df > 0 { anyExtra = true }
                    failed[svc.tenant, default: 0] += df
                    bad[svc.tenant, default: 0] += ((x?.sloBad ?? false) ? 1 : 0) - ((y?.sloBad ?? false) ? 1 : 0)
                }
                if m > endMinute && !anyExtra { break }
                m += 1
            }
            let to = inc.end ?? run.durationSeconds
            func harm(_ t: String) -> TenantHarm {
                let inflation: Double? = {
                    guard let x = p99(run, inc.id, t), let y = p99(twin, inc.id, t), y > 0 else { return nil }
                    return x / y
                }()
                return TenantHarm(
                    tenant: t, extraFailed: max(0, failed[t] ?? 0), extraSLOBadMinutes: max(0, bad[t] ?? 0),
                    p99Inflation: inflation,
                    innocentOOMKills: max(0, innocentKills(run, inc.start, to, t) - innocentKills(twin, inc.start, to, t)))
            }
            return HogImpact(
                id: inc.id, kind: inc.kind, target: inc.target, tenant: hogTenant, start: inc.start,
                end: inc.end, own: harm(hogTenant), others: tenants.filter { $0 != hogTenant }.map(harm))
        }
    }
}
