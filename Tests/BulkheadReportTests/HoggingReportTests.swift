import BulkheadReport
import BulkheadResults
import BulkheadTestSupport
import Foundation
import Testing

@Suite("Hogging report")
struct HoggingReportTests {
    static func harm(_ t: String, failed: Int = 0, bad: Int = 0, p99: Double? = 1, kills: Int = 0) -> TenantHarm {
        TenantHarm(tenant: t, extraFailed: failed, extraSLOBadMinutes: bad, p99Inflation: p99, innocentOOMKills: kills)
    }

    /// No hogs: the summary's `hogging` section is present with every figure zero, and the matrix is empty.
    @Test func withoutHogsEverythingIsZero() throws {
        let r = Fixture.sampleRun()
        let root = try #require(try JSONSerialization.jsonObject(with: RunSummary(r).jsonData()) as? [String: Any])
        let h = try #require(root["hogging"] as? [String: Any])
        #expect((h["hogs"] as? NSNumber)?.intValue == 0)
        #expect((h["innocentOOMKills"] as? NSNumber)?.intValue == 0)
        let inflation = try #require(h["victimP99Inflation"] as? [String: Any])
        #expect((inflation["max"] as? NSNumber)?.doubleValue == 0 && (inflation["p95"] as? NSNumber)?.doubleValue == 0)
        let perHog = try #require(h["victimTenantsPerHog"] as? [String: Any])
        #expect((perHog["max"] as? NSNumber)?.doubleValue == 0 && (perHog["mean"] as? NSNumber)?.doubleValue == 0)
        #expect(InterferenceCell.csv.text(r.interference) == InterferenceCell.csv.header.joined(separator: ",") + "\n")
    }

    /// The matrix sums each hog tenant's damage per tenant (its own on the diagonal), takes the
    /// max inflation, and the run figures take max / nearest-rank p95 / mean as documented.
    @Test func matrixAndFigures() {
        var r = Fixture.sampleRun()  // tenants: analytics, shop
        r.hogImpacts = [
            HogImpact(
                id: 0, kind: "hog/cpu-spin", target: "batch-0", tenant: "analytics", start: 60, end: 120,
                own: Self.harm("analytics", failed: 3, p99: 2), others: [Self.harm("shop", failed: 5, bad: 2, p99: 1.5)]),
            HogImpact(
                id: 1, kind: "hog/memory-leak", target: "batch-0", tenant: "analytics", start: 200, end: 300,
                own: Self.harm("analytics"), others: [Self.harm("shop", p99: 1.05, kills: 1)]),
            HogImpact(
                id: 2, kind: "hog/retry-storm", target: "web", tenant: "shop", start: 400, end: 500,
                own: Self.harm("shop"), others: [Self.harm("analytics", p99: nil)]),
        ]
        let h = r.hogging
        #expect(h.hogs == 3)
        #expect(h.victimP99Inflation.max == 1.5 && h.victimP99Inflation.p95 == 1.5)
        #expect(h.victimTenantsPerHog.max == 1 && abs(h.victimTenantsPerHog.mean - 2.0 / 3) < 1e-12)
        #expect(h.innocentOOMKills == 1)
        let csv = InterferenceCell.csv.text(r.interference)
        #expect(
            csv == """
                hogTenant,victimTenant,extraSloBadMinutes,extraFailedRequests,maxP99Inflation
                analytics,analytics,0,3,2.0000
                analytics,shop,2,5,1.5000
                shop,analytics,0,0,
                shop,shop,0,0,1.0000

                """)
        #expect(HoggingReport.render(r).contains("hurt shop (p99 ×1.50, 2 SLO-bad min, 5 failed)"))
    }
}
