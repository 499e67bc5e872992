import BulkheadKernel
import BulkheadModel
import BulkheadScenario
import BulkheadStochastic
import BulkheadTestSupport
import Foundation
import Testing

/// A trace on one route (`routes[i].trace`), through the real model: the balancer's arrivals are
/// the superposition of its weighted routes' process (rate × weight) and the traced route's own
/// process, so each route's per-minute arrivals must follow its own expected count. Same bound
/// as `TraceReplayTests`: a minute of expected count λ within 4√λ (probability ≈ 1 − 6·10⁻⁵ per
/// minute), for ≥ 99 % of minutes, and the total within 4σ. Seed 11.
@Suite("Route traces")
struct RouteTraceTests {
    static let nasa = TraceReplayTests.nasa
    static var nasaCounts: [Double] { TraceReplayTests.nasaCounts }

    /// Balancer `front`: `web` gets 0.5 of 20/s, `api` replays the NASA trace from 7 August ×10.
    /// Both services are never busy (1 ms of work on 8 cores each), so every request is counted.
    static func scenario(duration: String, fidelity: String = "request") -> String {
        """
        name: route-replay
        seed: 11
        duration: \(duration)
        fidelity: \(fidelity)
        machineTypes: { m: { cpu: 16, memory: 64Gi } }
        racks: [ { name: r, type: m, machines: 1 } ]
        loadBalancers:
          - name: front
            traffic: { rate: 20/s }
            routes:
              - { service: web, weight: 0.5 }
              - { service: api, trace: { file: \(nasa), interval: 1m, start: 6d, scale: 10 } }
        services:
          - name: web
            tenant: t
            replicas: 1
            resources: { requests: { cpu: "8", memory: 1Gi } }
            work: { cpu: { constant: 1ms } }
          - name: api
            tenant: t
            replicas: 1
            resources: { requests: { cpu: "8", memory: 1Gi } }
            work: { cpu: { constant: 1ms } }
        """
    }

    /// External arrivals per minute and service (index in the scenario) over `minutes`.
    static func arrivals(_ yaml: String, minutes: Int, services: Int) throws -> [[Int]] {
        var (sim, rec, _, _) = try makeSimulation(yaml)
        _ = sim.run()
        var counts = Array(repeating: [Int](repeating: 0, count: minutes), count: services)
        for r in rec.records where r.external {
            let m = Int(r.start.nanoseconds / 60_000_000_000)
            if m < minutes { counts[r.service][m] += 1 }
        }
        return counts
    }

    /// One day: `api` follows the trace × 10 minute by minute, `web` stays at 10/s (600 per minute).
    @Test func tracedRouteFollowsItsTraceAndTheOthersTheirWeight() throws {
        try #require(Self.nasaCounts.count == 44_640, "the committed NASA extract is missing")
        let minutes = 1440
        let counts = try Self.arrivals(Self.scenario(duration: "1d"), minutes: minutes, services: 2)
        let api = (0..<minutes).map { 10 * Self.nasaCounts[6 * 1440 + $0] }
        let web = [Double](repeating: 600, count: minutes)
        let (apiFraction, apiSigmas) = TraceReplayTests.agreement(counts[1], api)
        let (webFraction, webSigmas) = TraceReplayTests.agreement(counts[0], web)
        print(
            "VALIDATION route trace (api: NASA 7 Aug ×10; web: 0.5 × 20/s): api \(apiFraction * 100)% of \(minutes) minutes within 4√λ, total \(counts[1].reduce(0, +)) vs \(api.reduce(0, +)) (\(apiSigmas) σ); web \(webFraction * 100)%, total \(counts[0].reduce(0, +)) vs \(web.reduce(0, +)) (\(webSigmas) σ)"
        )
        #expect(apiFraction >= 0.99)
        #expect(abs(apiSigmas) < 4)
        #expect(webFraction >= 0.99)
        #expect(abs(webSigmas) < 4)
    }

    /// The flow engine adds the traced route's exact integral to the weighted routes' arrivals.
    @Test func flowFidelityAddsTheRouteTrace() throws {
        try #require(Self.nasaCounts.count == 44_640, "the committed NASA extract is missing")
        var (sim, _, _, _) = try makeSimulation(Self.scenario(duration: "1d", fidelity: "flow"))
        let outcome = sim.run()
        let expected = 10 * Self.nasaCounts[(6 * 1440)..<(7 * 1440)].reduce(0, +) + 10 * 86_400
        print(
            "VALIDATION flow route trace: \(outcome.externalArrivals) external arrivals vs \(expected) (trace × 10 + 10/s × 1 d)")
        #expect(abs(Double(outcome.externalArrivals) - expected) <= 1)
    }

    /// The testbed's schedule draws the same requests as the engine, traced route included.
    @Test func externalScheduleMatchesTheEngine() throws {
        let yaml = Self.scenario(duration: "20m")
        var (sim, rec, config, _) = try makeSimulation(yaml)
        _ = sim.run()
        let engine = rec.records.filter(\.external).map { ($0.start.nanoseconds, $0.service) }.sorted { $0 < $1 }
        let schedule = Simulation.externalSchedule(config: config, streams: StreamFactory(seed: 11))
            .map { ($0.time.nanoseconds, $0.service) }.sorted { $0 < $1 }
        #expect(engine.count == schedule.count && engine.count > 1000)
        #expect(engine.elementsEqual(schedule) { $0 == $1 })
    }
}
