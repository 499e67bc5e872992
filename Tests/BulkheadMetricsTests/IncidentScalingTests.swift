import BulkheadKernel
import BulkheadMetrics
import BulkheadModel
import BulkheadResults
import BulkheadTestSupport
import Foundation
import Testing

/// Recording incidents is linear in their number: ending one looks it up by id instead of
/// scanning the list (which made 215 k incidents take 15 s).
@Suite struct IncidentScalingTests {
    /// Starts `n` incidents, then ends them newest first (the worst case of a scan from the front);
    /// one in a thousand is a hog incident with a latency window.
    static func record(_ n: Int) -> (MetricsCollector, Double) {
        let c = MetricsCollector(config: Fixture.config(warmupSeconds: 0), placement: Fixture.placement)
        let t0 = threadCPUTime()
        for i in 0..<n {
            var incident = Incident(id: i, kind: "machine-crash", target: "m", start: Fixture.at(ms: Int64(i)))
            if i % 1_000 == 0 { incident.tenant = "t" }
            c.incidentStarted(incident)
        }
        for i in (0..<n).reversed() { c.incidentEnded(id: i, at: Fixture.at(ms: Int64(n + i))) }
        return (c, threadCPUTime() - t0)
    }

    /// CPU seconds of the calling thread: unlike wall time, not inflated by the tests running
    /// alongside on a shared machine (the recording is synchronous, on one thread).
    static func threadCPUTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    @Test func endsAreRecordedById() {
        let (c, _) = Self.record(1_000)
        let r = Fixture.result(c)
        #expect(r.incidents.count == 1_000)
        #expect(r.incidents.allSatisfy { $0.end == Double(1_000 + $0.id) / 1_000 })
    }

    /// Doubling the incidents at most ~doubles the time (a quadratic scan quadruples it: 50 k
    /// ended newest first took seconds). Thread CPU time, best of three.
    @Test func doublingTheIncidentsDoublesTheTime() {
        let small = (0..<3).map { _ in Self.record(50_000).1 }.min()!
        let large = (0..<3).map { _ in Self.record(100_000).1 }.min()!
        #expect(large / small < 3, "50 k: \(small) s, 100 k: \(large) s")
        #expect(large < 1.0, "100 k incidents took \(large) s")
    }
}
