import BulkheadKernel
import BulkheadModel
import BulkheadScenario
import BulkheadTestSupport
import Foundation
import Testing

/// Traffic replayed from a trace, through the real model (scenario with `traffic.trace` →
/// compiled config → simulation): external requests counted per minute of their arrival, against
/// the trace × scale. Poisson counts: a minute of expected count λ is within 4√λ with probability
/// ≈ 1 − 6·10⁻⁵ (normal approximation), so "≥ 99 % of minutes" is a loose bound that still fails
/// if the replay is off by a minute, a factor or an interpolation. Seeds are fixed.
@Suite("Trace replay")
struct TraceReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let nasa = root.appendingPathComponent("data/nasa/nasa-ksc-aug1995-per-minute.csv").path

    /// The NASA August 1995 counts per minute, as committed.
    static let nasaCounts: [Double] = {
        let text = (try? String(contentsOfFile: nasa, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { Double($0) }
    }()

    /// One balancer with the given `trace:` mapping in front of a service that is never busy
    /// (1 ms of work, 8 cores), so every request finishes and is counted by its arrival minute.
    static func scenario(trace: String, duration: String, fidelity: String = "request") -> String {
        """
        name: replay
        seed: 11
        duration: \(duration)
        fidelity: \(fidelity)
        machineTypes: { m: { cpu: 8, memory: 64Gi } }
        racks: [ { name: r, type: m, machines: 1 } ]
        loadBalancers:
          - name: front
            traffic: { trace: \(trace) }
            routes: { web: 1.0 }
        services:
          - name: web
            tenant: t
            replicas: 1
            resources: { requests: { cpu: "8", memory: 1Gi } }
            work: { cpu: { constant: 1ms } }
        """
    }

    /// External requests per minute of arrival over `minutes` minutes.
    static func arrivalsPerMinute(_ yaml: String, minutes: Int) throws -> [Int] {
        var (sim, rec, _, _) = try makeSimulation(yaml)
        _ = sim.run()
        var counts = [Int](repeating: 0, count: minutes)
        for r in rec.records where r.external {
            let m = Int(r.start.nanoseconds / 60_000_000_000)
            if m < minutes { counts[m] += 1 }
        }
        return counts
    }

    /// Minutes within 4√λ of λ (λ = 0 must give 0), and the total's deviation in σ.
    static func agreement(_ counts: [Int], _ expected: [Double]) -> (fraction: Double, totalSigmas: Double) {
        var within = 0
        for (c, l) in zip(counts, expected) where abs(Double(c) - l) <= 4 * l.squareRoot() { within += 1 }
        let total = Double(counts.reduce(0, +))
        let lambda = expected.reduce(0, +)
        return (Double(within) / Double(counts.count), (total - lambda) / lambda.squareRoot())
    }

    /// Two days (Monday 7 and Tuesday 8 August 1995, `start: 6d`) at 10× the NASA counts.
    @Test func replayMatchesTraceTimesScalePerMinute() throws {
        try #require(Self.nasaCounts.count == 44_640, "the committed NASA extract is missing")
        let minutes = 2 * 1440
        let counts = try Self.arrivalsPerMinute(
            Self.scenario(trace: "{ file: \(Self.nasa), interval: 1m, start: 6d, scale: 10 }", duration: "2d"),
            minutes: minutes)
        let expected = (0..<minutes).map { 10 * Self.nasaCounts[6 * 1440 + $0] }
        let (fraction, sigmas) = Self.agreement(counts, expected)
        print(
            "VALIDATION trace replay (NASA 7–8 Aug ×10): \(fraction * 100)% of \(minutes) minutes within 4√λ; total \(counts.reduce(0, +)) vs \(expected.reduce(0, +)) (\(sigmas) σ)"
        )
        #expect(fraction >= 0.99)
        #expect(abs(sigmas) < 4)
    }

    /// `scale: { peak: 50/s }` puts the trace's busiest minute (193 requests on 31 August) at 50/s.
    @Test func scaleToPeakHitsThePeak() throws {
        try #require(Self.nasaCounts.count == 44_640, "the committed NASA extract is missing")
        let peak = Self.nasaCounts.indices.max { Self.nasaCounts[$0] < Self.nasaCounts[$1] }!
        // From 5 minutes before the peak minute, for 11 minutes.
        let counts = try Self.arrivalsPerMinute(
            Self.scenario(
                trace: "{ file: \(Self.nasa), interval: 1m, start: \(peak - 5)m, scale: { peak: 50/s } }", duration: "11m"),
            minutes: 11)
        let lambda = 50.0 * 60
        print(
            "VALIDATION scale to peak 50/s: peak minute \(counts[5]) requests (expected \(lambda) ± \(4 * lambda.squareRoot()))")
        #expect(abs(Double(counts[5]) - lambda) <= 4 * lambda.squareRoot())
        let expected = (0..<11).map { 50.0 * 60 * Self.nasaCounts[peak - 5 + $0] / Self.nasaCounts[peak] }
        #expect(Self.agreement(counts, expected).fraction == 1)
    }

    /// A 4-minute trace (rates 10, 0, 20, 5 /s) from `start: 2m`, looping over 40 minutes: minute m
    /// replays trace minute (m + 2) mod 4; the zero minute gets no request at all. Without `loop`
    /// the traffic stops at the end of the trace. `scale: { mean: 35/s }` is ×4 (mean 8.75/s).
    @Test func loopAndStartOffset() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-trace-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("four.csv").path
        try "minute,requests\n0,600\n60,0\n120,1200\n180,300\n".write(toFile: file, atomically: true, encoding: .utf8)
        let rates = [10.0, 0, 20, 5]
        let looped = try Self.arrivalsPerMinute(
            Self.scenario(
                trace: "{ file: \(file), time: minute, start: 2m, loop: true, scale: { mean: 35/s } }", duration: "40m"),
            minutes: 40)
        let expected = (0..<40).map { 4 * 60 * rates[($0 + 2) % 4] }
        #expect(Self.agreement(looped, expected).fraction == 1, "\(looped)")
        for m in 0..<40 where expected[m] == 0 { #expect(looped[m] == 0) }
        let once = try Self.arrivalsPerMinute(
            Self.scenario(trace: "{ file: \(file), time: 1, start: 2m }", duration: "10m"), minutes: 10)
        #expect(once[2...].allSatisfy { $0 == 0 }, "\(once)")
        #expect(abs(Double(once[0]) - 1200) <= 4 * 1200.0.squareRoot())
    }

    /// Two minutes, 0 then 6,000 requests. Step: the first minute gets none, the second ~6,000.
    /// Linear (through the midpoints): 750 and 5,250 (the ramp from 0 at 30 s to 100/s at 90 s).
    @Test func linearAndStepInterpolation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-trace-lin-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ramp.txt").path
        try "# two minutes\n0\n6000\n".write(toFile: file, atomically: true, encoding: .utf8)
        let step = try Self.arrivalsPerMinute(Self.scenario(trace: "{ file: \(file), interval: 1m }", duration: "2m"), minutes: 2)
        let linear = try Self.arrivalsPerMinute(
            Self.scenario(trace: "{ file: \(file), interval: 1m, interpolation: linear }", duration: "2m"), minutes: 2)
        print("VALIDATION interpolation: step \(step) (expected [0, 6000]); linear \(linear) (expected [750, 5250])")
        #expect(step[0] == 0)
        #expect(abs(Double(step[1]) - 6000) <= 4 * 6000.0.squareRoot())
        #expect(abs(Double(linear[0]) - 750) <= 4 * 750.0.squareRoot())
        #expect(abs(Double(linear[1]) - 5250) <= 4 * 5250.0.squareRoot())
    }

    /// The flow engine reads the same rate function: its external arrivals over two NASA days,
    /// outage included (1–2 August), equal the exact integral of trace × scale.
    @Test func flowFidelityFollowsTheTrace() throws {
        try #require(Self.nasaCounts.count == 44_640, "the committed NASA extract is missing")
        var (sim, _, _, _) = try makeSimulation(
            Self.scenario(trace: "{ file: \(Self.nasa), interval: 1m, scale: 10 }", duration: "2d", fidelity: "flow"))
        let outcome = sim.run()
        let expected = 10 * Self.nasaCounts.prefix(2 * 1440).reduce(0, +)
        print("VALIDATION flow replay: \(outcome.externalArrivals) external arrivals vs \(expected) in the trace × 10")
        #expect(abs(Double(outcome.externalArrivals) - expected) <= 1)
    }
}
