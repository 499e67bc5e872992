import BulkheadKernel
import BulkheadModel
import BulkheadResults
import BulkheadTestSupport
import Testing

@testable import BulkheadMetrics

/// Issue 16, item 7: the collector keeps no per-minute state in memory — the series is spilled to a
/// file past a bounded buffer, the per-minute counters are a fixed ring — and reads back exactly.
@Suite struct LongRunMemoryTests {
    /// 20 000 simulated minutes (≈ 14 days) through the real collector with a 64 KiB series buffer:
    /// memory held stays at the buffer, every minute reads back with its own counts.
    @Test func perMinuteDataIsNotRetained() {
        let minutes = 20_000
        var config = Fixture.config(warmupSeconds: 0)
        config.duration = .minutes(Int64(minutes))
        let c = MetricsCollector(config: config, placement: Fixture.placement, seriesMemoryLimit: 1 << 16)
        let ring = c.acc.minuteCounts.count
        for m in 0..<minutes {
            // m % 7 + 1 requests of web in minute m, one of them failed when m is even.
            for k in 0..<(m % 7 + 1) {
                Fixture.finish(
                    c, service: 0, endMs: Int64(m) * 60_000 + 1_000 + Int64(k), latencyMs: 10,
                    outcome: k == 0 && m % 2 == 0 ? .timeout : .success)
            }
            c.minuteEnded(minute: m, machines: Fixture.idle())
            #expect(c.series.bufferedBytes <= (1 << 16) + c.series.stride * 8)
        }
        #expect(c.series.spilled)
        #expect(c.acc.minuteCounts.count == ring)  // the counters did not grow with the minutes
        let r = Fixture.result(c)
        #expect(r.minutesMeasured == minutes)
        var seen = 0
        r.timeSeries.forEachMinute { rows in
            let m = rows.minute
            #expect(m == seen)
            #expect(rows.services[0].requests == m % 7 + 1)
            #expect(rows.services[0].failures == (m % 2 == 0 ? 1 : 0))
            #expect(rows.services[1].requests == 0)
            #expect(rows.machines.count == 3)
            seen += 1
        }
        #expect(seen == minutes)
        // The whole-run totals agree with the series read back.
        let total = (0..<minutes).reduce(0) { $0 + $1 % 7 + 1 }
        #expect(r.services[0].requests == total)
    }

    /// A spilled store reads back the same rows as in-memory rows, and can be read twice.
    @Test func spilledSeriesEqualsRows() {
        let store = MinuteSeriesStore(services: ["a", "b"], machines: ["m"], memoryLimit: 256)
        var services: [ServiceMinute] = []
        var machines: [MachineMinute] = []
        for m in 3..<503 {
            let a = MinuteSeriesStore.ServiceValues(
                requests: m, failures: m % 3, rate: Double(m) / 60, p50: m % 5 == 0 ? nil : 0.01 * Double(m),
                p99: m % 5 == 0 ? nil : 0.02 * Double(m), sloBad: m % 4 == 0)
            let b = MinuteSeriesStore.ServiceValues(requests: 0, failures: 0, rate: 0, p50: nil, p99: nil, sloBad: false)
            let sampled = m % 10 != 0
            store.append(minute: m, services: [a, b], machines: [sampled ? (0.5, 0.25) : nil])
            for (name, v) in [("a", a), ("b", b)] {
                services.append(
                    ServiceMinute(
                        minute: m, service: name, requests: v.requests, rate: v.rate, failures: v.failures, p50: v.p50,
                        p99: v.p99, sloBad: v.sloBad))
            }
            if sampled { machines.append(MachineMinute(minute: m, machine: "m", cpuUtilization: 0.5, memoryUtilization: 0.25)) }
        }
        #expect(store.spilled)
        let series = TimeSeries(store: store)
        #expect(series == TimeSeries(services: services, machines: machines))
        #expect(series.services == services)
        #expect(series.machines == machines)
        #expect(series.lastMinute == 502)
    }
}
