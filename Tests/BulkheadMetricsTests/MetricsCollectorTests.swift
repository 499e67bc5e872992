import BulkheadKernel
import BulkheadMetrics
import BulkheadModel
import BulkheadResults
import BulkheadTestSupport
import Testing

@Suite struct MetricsCollectorTests {
    @Test func countsRequestsByOutcomeAndOrigin() {
        let c = MetricsCollector(config: Fixture.config(warmupSeconds: 0), placement: Fixture.placement)
        let outcomes: [RequestOutcome] = [
            .success, .success, .timeout, .deadReplica, .unreachable, .oomKilled,
            .downstreamFailure, .noHealthyReplica, .timeout,
        ]
        for (i, o) in outcomes.enumerated() {
            Fixture.finish(c, service: 0, endMs: 1_000 + Int64(i), latencyMs: 10, outcome: o)
        }
        Fixture.finish(c, service: 0, endMs: 2_000, latencyMs: 10, outcome: .success, external: false)
        Fixture.finish(c, service: 1, endMs: 2_000, latencyMs: 10, outcome: .oomKilled, external: false)
        let r = Fixture.result(c, inFlight: [2, 1])

        let web = r.services[0]
        #expect(web.requests == 10)
        #expect(web.succeeded == 3)
        #expect(web.failed == 7)
        #expect(web.externalRequests == 9)
        #expect(web.internalRequests == 1)
        #expect(web.failuresByCause.timeout == 2)
        #expect(web.failuresByCause.deadReplica == 1)
        #expect(web.failuresByCause.unreachable == 1)
        #expect(web.failuresByCause.oomKilled == 1)
        #expect(web.failuresByCause.downstreamFailure == 1)
        #expect(web.failuresByCause.noHealthyReplica == 1)
        #expect(web.inFlightAtEnd == 2)
        #expect(r.services[1].failuresByCause.oomKilled == 1)
        #expect(r.services[2].requests == 0)
        #expect(r.services[2].latency == nil)
        // Top-level totals count external requests only.
        #expect(r.requests == RequestTotals(total: 9, succeeded: 2, failed: 7))
        #expect(r.internalRequests == RequestTotals(total: 2, succeeded: 1, failed: 1))
        #expect(r.failuresByCause.oomKilled == 1)
        #expect(r.failuresByCause.total == 7)
        #expect(r.inFlightAtEnd == 3)
        #expect(r.eventsProcessed == 1234)
        // Error budget: 7 failures / (10 × 0.01).
        #expect(abs(web.errorBudgetUsed! - 70) < 1e-9)
        #expect(r.services[1].errorBudgetUsed == nil)
    }

    /// A flow minute's latency bins recorded at once (`requestsSucceeded`) give the collector the
    /// same result, to the last bit, as one `requestsFinished` per bin: counters, latency sums,
    /// minute series, percentiles; zero-count bins and the warm-up skipped.
    @Test func binsAtOnceAreBinsOneByOne() {
        let latencies = [0.0012, 0.003, 0.0031, 0.02, 0.25, 1.5].map { SimDuration.seconds($0) }
        let counts = [5, 0, 17, 230, 9, 1]
        let config = Fixture.config(warmupSeconds: 60)
        let together = MetricsCollector(config: config, placement: Fixture.placement)
        let apart = MetricsCollector(config: config, placement: Fixture.placement)
        for (minute, origins) in [(0, [true]), (1, [true, false]), (2, [false])] {
            let end = Fixture.at(ms: Int64(minute) * 60_000 + 30_000)
            for external in origins {
                together.requestsSucceeded(service: 1, end: end, latencies: latencies, counts: counts, external: external)
                for i in counts.indices where counts[i] > 0 {
                    apart.requestsFinished(
                        service: 1, end: end, latency: latencies[i], count: counts[i], outcome: .success, external: external)
                }
            }
            for c in [together, apart] { c.minuteEnded(minute: minute, machines: Fixture.idle(3)) }
        }
        let (a, b) = (Fixture.result(together), Fixture.result(apart))
        #expect(a.services == b.services)
        #expect(a.services[1].succeeded == 2 * 262 + 262, "two measured minutes of one bin set, and an internal one")
        #expect(a.timeSeries == b.timeSeries)
        #expect(a.requests == b.requests && a.internalRequests == b.internalRequests)
    }

    @Test func excludesWarmUpRequestsMinutesAndKills() {
        let c = MetricsCollector(config: Fixture.config(warmupSeconds: 60), placement: Fixture.placement)
        Fixture.finish(c, service: 0, endMs: 59_999, latencyMs: 5_000)  // ends in warm-up
        Fixture.finish(c, service: 0, endMs: 59_000, latencyMs: 1, outcome: .timeout)
        c.containerKilled(container: 0, machine: 0, reason: .oomLimit, at: Fixture.at(ms: 30_000), innocent: false)
        c.minuteEnded(minute: 0, machines: [MachineSample(busyCores: 8, memoryUsed: 32e9)] + Fixture.idle(2))
        Fixture.finish(c, service: 0, endMs: 60_000, latencyMs: 10)  // exactly at the end of warm-up: counted
        c.containerKilled(container: 1, machine: 1, reason: .oomLimit, at: Fixture.at(ms: 61_000), innocent: false)
        c.minuteEnded(minute: 1, machines: [MachineSample(busyCores: 2, memoryUsed: 8e9)] + Fixture.idle(2))
        let r = Fixture.result(c)

        #expect(r.services[0].requests == 1)
        #expect(r.services[0].failed == 0)
        #expect(abs(r.services[0].latency!.max - 0.010) < 1e-5)
        #expect(r.minutesMeasured == 1)
        #expect(r.timeSeries.services.map(\.minute) == [1, 1, 1])
        #expect(r.timeSeries.machines.allSatisfy { $0.minute == 1 })
        #expect(r.machines[0].cpuUtilization.peak == 0.25)
        #expect(r.kills.total == 1)
        #expect(r.kills.byContainer == ["web-1": 1])
        #expect(r.warmupSeconds == 60)
    }

    @Test func evaluatesSLOPerMinute() {
        let c = MetricsCollector(config: Fixture.config(warmupSeconds: 0), placement: Fixture.placement)
        // Minute 0: clean — 100 successes at 50 ms.
        for i in Int64(0)..<100 { Fixture.finish(c, service: 0, endMs: 100 + i * 500, latencyMs: 50) }
        c.minuteEnded(minute: 0, machines: Fixture.idle())
        // Minute 1: p99 over the 100 ms target — 2 of 100 successes at 500 ms.
        for i in Int64(0)..<100 {
            Fixture.finish(c, service: 0, endMs: 60_100 + i * 500, latencyMs: i < 2 ? 500 : 50)
        }
        c.minuteEnded(minute: 1, machines: Fixture.idle())
        // Minute 2: availability 95 % under the 99 % target, latency fine.
        for i in Int64(0)..<100 {
            Fixture.finish(
                c, service: 0, endMs: 120_100 + i * 500, latencyMs: 50,
                outcome: i < 5 ? .timeout : .success)
        }
        c.minuteEnded(minute: 2, machines: Fixture.idle())
        // Minute 3: 1 % failures exactly meets the 99 % target; p99 at 50 ms.
        for i in Int64(0)..<100 {
            Fixture.finish(
                c, service: 0, endMs: 180_100 + i * 500, latencyMs: 50,
                outcome: i < 1 ? .unreachable : .success)
        }
        c.minuteEnded(minute: 3, machines: Fixture.idle())
        let r = Fixture.result(c)

        let web = r.timeSeries.services.filter { $0.service == "web" }
        #expect(web.map(\.minute) == [0, 1, 2, 3])
        #expect(web.map(\.sloBad) == [false, true, true, false])
        #expect(r.services[0].sloBadMinutes == 2)
        #expect(abs(web[1].p99! - 0.5) <= 0.5 * 1e-3)
        #expect(abs(web[0].p99! - 0.05) <= 0.05 * 1e-3)
        #expect(web[2].failures == 5)
        #expect(web[2].requests == 100)
        #expect(abs(web[2].rate - 100.0 / 60.0) < 1e-12)
        // A service without traffic or without targets is never bad.
        #expect(r.services[1].sloBadMinutes == 0)
        #expect(r.services[2].sloBadMinutes == 0)
        #expect(r.timeSeries.services.filter { $0.service == "db" }.allSatisfy { $0.p50 == nil && $0.p99 == nil })
    }

    @Test func latencyPercentilesOfKnownValues() {
        let c = MetricsCollector(config: Fixture.config(warmupSeconds: 0), placement: Fixture.placement)
        // 1, 2, …, 1000 ms (shuffled order does not matter; use a fixed permutation).
        for i in Int64(0)..<1000 {
            let ms = (i * 389) % 1000 + 1
            Fixture.finish(c, service: 0, endMs: 10_000 + i, latencyMs: ms)
        }
        let l = Fixture.result(c).services[0].latency!
        #expect(l.count == 1000)
        #expect(abs(l.mean - 0.5005) < 1e-12)  // exact, not from the histogram
        func close(_ x: Double, _ expected: Double) -> Bool { abs(x - expected) <= expected * 1e-3 + 1e-6 }
        #expect(close(l.p50, 0.500))
        #expect(close(l.p90, 0.900))
        #expect(close(l.p99, 0.990))
        #expect(close(l.p999, 0.999))
        #expect(l.max == 1.0)
    }

    @Test func perMinuteHistogramIsResetEachMinute() {
        let c = MetricsCollector(config: Fixture.config(warmupSeconds: 0), placement: Fixture.placement)
        Fixture.finish(c, service: 0, endMs: 1_000, latencyMs: 900)
        c.minuteEnded(minute: 0, machines: Fixture.idle())
        Fixture.finish(c, service: 0, endMs: 61_000, latencyMs: 10)
        c.minuteEnded(minute: 1, machines: Fixture.idle())
        let web = Fixture.result(c).timeSeries.services.filter { $0.service == "web" }
        #expect(abs(web[0].p99! - 0.9) <= 0.9e-3)
        #expect(abs(web[1].p99! - 0.01) <= 0.01e-3)
    }

    @Test func minutePercentilesMatchTheWholeRunHistogram() {
        // One minute of varied latencies from 1 µs to ~40 s: the per-minute histogram must give the
        // same percentiles as the whole-run HdrHistogram (same layout and percentile rule).
        let c = MetricsCollector(config: Fixture.config(warmupSeconds: 0), placement: Fixture.placement)
        var x: UInt64 = 12345
        for i in 0..<5000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let latencyUs = Int64(1 + (x >> 33) % (1 << UInt64(1 + i % 25)))
            c.requestFinished(
                service: 0, start: SimInstant(nanoseconds: 50_000_000_000 - latencyUs * 1000),
                end: SimInstant(nanoseconds: 50_000_000_000), outcome: .success, external: true)
        }
        c.minuteEnded(minute: 0, machines: Fixture.idle())
        let r = Fixture.result(c)
        let row = r.timeSeries.services[0]
        #expect(row.p50 == r.services[0].latency!.p50)
        #expect(row.p99 == r.services[0].latency!.p99)
    }

    @Test func machineUtilisationMeanAndPeak() {
        let c = MetricsCollector(config: Fixture.config(warmupSeconds: 60), placement: Fixture.placement)
        c.minuteEnded(
            minute: 0,
            machines: [
                MachineSample(busyCores: 8, memoryUsed: 32e9),
                MachineSample(busyCores: 4, memoryUsed: 16e9),
                MachineSample(busyCores: 0, memoryUsed: 0),
            ])  // warm-up
        for (m, busy) in [2.0, 4.0, 6.0].enumerated() {
            c.minuteEnded(
                minute: m + 1,
                machines: [
                    MachineSample(busyCores: busy, memoryUsed: busy * 4e9),
                    MachineSample(busyCores: 1, memoryUsed: 4e9),
                    MachineSample(busyCores: 0, memoryUsed: 0),
                ])
        }
        let r = Fixture.result(c)
        let m0 = r.machines[0]
        #expect(m0.containers == 2)
        #expect(abs(m0.cpuUtilization.mean - 0.5) < 1e-12)
        #expect(m0.cpuUtilization.peak == 0.75)
        #expect(abs(m0.memoryUtilization.mean - 0.5) < 1e-12)
        #expect(m0.memoryUtilization.peak == 0.75)
        #expect(m0.cpuRequested == 3)
        #expect(m0.memoryRequested == 10e9)
        #expect(r.machines[1].cpuUtilization == Utilization(mean: 0.25, peak: 0.25))
        #expect(r.machines[2].containers == 0)
        // Cluster over the two used machines (12 cores, 48 GB).
        #expect(r.cluster.machinesUsed == 2)
        #expect(r.cluster.machinesTotal == 3)
        #expect(abs(r.cluster.cpuAllocation - 5.0 / 12.0) < 1e-12)
        #expect(abs(r.cluster.memoryAllocation - 16e9 / 48e9) < 1e-12)
        #expect(abs(r.cluster.cpuUtilization.mean - 5.0 / 12.0) < 1e-12)  // (3,5,7)/12 averaged
        #expect(r.cluster.cpuUtilization.peak == 0.75)
        #expect(r.timeSeries.machines.count == 9)
        #expect(r.timeSeries.machines.map(\.machine).prefix(3) == ["m0", "m1", "m2"])
    }

    @Test func aggregatesTenants() {
        let r = Fixture.sampleRun()
        #expect(r.tenants.map(\.name) == ["analytics", "shop"])
        let shop = r.tenants[1]
        #expect(shop.services == ["web", "db"])
        #expect(shop.requests == r.services[0].requests + r.services[1].requests)
        #expect(shop.failed == r.services[0].failed + r.services[1].failed)
        #expect(shop.sloBadMinutes == r.services[0].sloBadMinutes + r.services[1].sloBadMinutes)
        #expect(shop.externalRequests == r.services[0].externalRequests)
        // Merged latency: max over both services, p99 between theirs.
        let web = r.services[0].latency!
        let db = r.services[1].latency!
        #expect(shop.latency!.max == max(web.max, db.max))
        #expect(shop.latency!.p99 <= max(web.p99, db.p99) && shop.latency!.p99 >= min(web.p99, db.p99))
        #expect(shop.latency!.count == web.count + db.count)
        let analytics = r.tenants[0]
        #expect(analytics.services == ["batch"])
        #expect(analytics.failuresByCause.timeout == 15)  // 5 per measured minute × 3
        #expect(analytics.kills == 1)
        #expect(abs(analytics.errorBudgetUsed! - 15.0 / (150 * 0.1)) < 1e-12)
    }

    @Test func countsKills() {
        let c = MetricsCollector(config: Fixture.config(warmupSeconds: 0), placement: Fixture.placement)
        c.containerKilled(container: 1, machine: 1, reason: .oomLimit, at: Fixture.at(ms: 1_000), innocent: false)
        c.containerKilled(container: 1, machine: 1, reason: .oomMachine, at: Fixture.at(ms: 2_000), innocent: true)
        c.containerKilled(container: 2, machine: 0, reason: .oomMachine, at: Fixture.at(ms: 3_000), innocent: false)
        let r = Fixture.result(c)
        #expect(r.kills == KillTotals(total: 3, oomLimit: 1, oomMachine: 2, innocent: 1, byContainer: ["web-1": 2, "db-0": 1]))
        #expect(r.services.map(\.kills) == [2, 1, 0])
        #expect(r.machines.map(\.oomKills) == [1, 2, 0])
        #expect(r.machines.map(\.innocentOOMKills) == [0, 1, 0])
    }

    @Test func resultIsRepeatableAndDoesNotMutate() {
        let c = MetricsCollector(config: Fixture.config(warmupSeconds: 0), placement: Fixture.placement)
        Fixture.finish(c, service: 0, endMs: 1_000, latencyMs: 30)
        c.minuteEnded(minute: 0, machines: Fixture.idle())
        #expect(Fixture.result(c) == Fixture.result(c))
        #expect(Fixture.sampleRun() == Fixture.sampleRun())
    }
}
