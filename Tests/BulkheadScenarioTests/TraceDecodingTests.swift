import Foundation
import Testing

@testable import BulkheadScenario

/// `traffic.trace`: the file is found relative to the scenario, read into one rate per interval,
/// and every malformed input is reported with the trace file's line and column.
@Suite("Trace decoding")
struct TraceDecodingTests {
    /// A scenario file `scenario.yaml` in a fresh folder, with `traces/t.csv` holding `trace`.
    static func load(trace: String, options: String, traffic: String? = nil, routes: String? = nil) -> (
        Result<Scenario, ScenarioError>, String
    ) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-trace-decode-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir.appendingPathComponent("traces"), withIntermediateDirectories: true)
        let tracePath = dir.appendingPathComponent("traces/t.csv").path
        try? trace.write(toFile: tracePath, atomically: true, encoding: .utf8)
        var yaml = edit(
            Fixtures.small, "traffic: { rate: 50/s }", traffic ?? "traffic: { trace: { file: traces/t.csv, \(options) } }")
        if let routes { yaml = edit(yaml, "routes: { web: 0.8, api: 0.2 }", routes) }
        let scenarioPath = dir.appendingPathComponent("scenario.yaml").path
        try? yaml.write(toFile: scenarioPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dir) }
        do { return (.success(try ScenarioLoader.load(path: scenarioPath)), tracePath) } catch {
            return (.failure(error), tracePath)
        }
    }

    @Test func readsCountsRelativeToTheScenarioFile() throws {
        let (result, path) = Self.load(
            trace: "# a comment\nrequests\n600\n0\n1200\n", options: "interval: 1m, scale: { peak: 40/s }, start: 30s, loop: true"
        )
        let trace = try #require(try result.get().loadBalancers[0].traffic.trace)
        #expect(trace.file == path)
        #expect(trace.rates == [10, 0, 20])
        #expect(trace.interval == 60)
        #expect(trace.factor == 2)
        #expect(trace.start == 30_000_000_000 && trace.loop)
        #expect(try result.get().loadBalancers[0].traffic.rate == 2)
    }

    /// A time column on a grid: missing slots are zero traffic; `rates` are taken as they are.
    @Test func timeColumnGapsAreZero() throws {
        let (result, _) = Self.load(trace: "t r\n1000 5\n1060 6\n1240 7\n", options: "time: 1, values: rates")
        let trace = try #require(try result.get().loadBalancers[0].traffic.trace)
        #expect(trace.interval == 60)
        #expect(trace.rates == [5, 6, 0, 0, 7])  // 1000, 1060, (1120, 1180 missing), 1240
    }

    /// (file text, options, line, column, what the message says).
    static let malformed: [(String, String, Int, Int, String)] = [
        ("requests\n10\nten\n", "interval: 1m", 3, 1, "\"ten\" is not a number"),
        ("t,n\n0,1\n60, -3\n", "time: t", 3, 5, "a negative count"),
        ("t,n\n0,1\n120,1\n60,1\n", "time: t", 4, 1, "times must increase"),
        ("t,n\n0,1\n60,1\n60,2\n", "time: t", 4, 1, "a duplicate time"),
        ("# nothing but a comment\n", "interval: 1m", 1, 1, "the trace has no data rows"),
        ("t,n\n0,1\n", "time: t, column: count", 1, 1, "no value column `count`"),
        ("1 2\n3 4\n", "interval: 1m, column: 3", 1, 1, "the value column 3 does not exist"),
        ("1 2\n3\n", "interval: 1m", 2, 1, "this row has 1 field"),
        ("t,n\n0,1\n90,1\n60.5,1\n", "time: t, interval: 30s", 4, 1, "times must increase"),
        ("t,n\n0,1\n45,1\n", "time: t, interval: 30s", 3, 1, "not on the 30 s grid"),
    ]

    @Test(arguments: 0..<malformed.count)
    func malformedTraceNamesFileLineAndColumn(_ i: Int) throws {
        let (text, options, line, column, message) = Self.malformed[i]
        let (result, path) = Self.load(trace: text, options: options)
        guard case .failure(let error) = result else {
            Issue.record("case \(i) loaded")
            return
        }
        let d = try #require(error.diagnostics.first { $0.file == path }, "\(error)")
        #expect(d.line == line && d.column == column, "case \(i): \(d)")
        #expect(d.message.contains(message), "case \(i): \(d)")
        #expect(d.path == "loadBalancers[0].traffic.trace.file")
    }

    @Test func missingFileNamesThePathTried() throws {
        let (result, path) = Self.load(
            trace: "", options: "", traffic: "traffic: { trace: { file: traces/nope.csv, interval: 1m } }")
        guard case .failure(let error) = result else { throw Failure("loaded") }
        let d = try #require(error.diagnostics.first)
        let tried = (path as NSString).deletingLastPathComponent + "/nope.csv"
        #expect(d.message == "cannot read the trace file: tried \(tried)")
        #expect(d.file.hasSuffix("scenario.yaml") && d.line != nil && d.column != nil)
    }

    @Test(arguments: [
        ("traffic: { rate: 5/s, trace: { file: traces/t.csv, interval: 1m } }", "loadBalancers[0].traffic.rate", "cannot both"),
        ("traffic: { trace: { file: traces/t.csv } }", "loadBalancers[0].traffic.trace", "needs `interval`"),
        (
            "traffic: { trace: { file: traces/t.csv, interval: 1m, start: 10m } }", "loadBalancers[0].traffic.trace.start",
            "past the end"
        ),
        (
            "traffic: { trace: { file: traces/t.csv, interval: 1m, scale: { peak: 5/s, mean: 2/s } } }",
            "loadBalancers[0].traffic.trace.scale", "exactly one"
        ),
        (
            "traffic: { trace: { file: traces/t.csv, interval: 1m, scale: { peak: 5/s } } }",
            "loadBalancers[0].traffic.trace.scale", "no traffic at all"
        ),
    ])
    func badOptionsPointAtTheScenario(traffic: String, path: String, message: String) throws {
        let (result, _) = Self.load(trace: "0\n0\n", options: "", traffic: traffic)
        guard case .failure(let error) = result else { throw Failure("loaded") }
        let d = try #require(error.diagnostics.first { $0.path == path }, "\(error)")
        #expect(d.message.contains(message), "\(d)")
        #expect(d.file.hasSuffix("scenario.yaml"))
    }

    /// The shipped NASA scenario finds its trace relative to itself and scales the month's busiest
    /// minute to 300 requests/s.
    @Test func shippedNasaScenarioLoads() throws {
        let s = try ScenarioLoader.load(path: Fixtures.repoRoot.appendingPathComponent("scenarios/nasa-http.yaml").path)
        let trace = try #require(s.loadBalancers[0].traffic.trace)
        #expect(trace.rates.count == 44_640 && trace.interval == 60)
        #expect(abs(trace.factor * trace.rates.max()! - 300) < 1e-9)
        #expect(trace.file.hasSuffix("scenarios/../data/nasa/nasa-ksc-aug1995-per-minute.csv"))
    }

    // MARK: - A trace per route (`routes[i].trace`)

    /// A route with its own trace: weight 0, the trace read relative to the scenario; the other
    /// routes keep their weights as fractions of the balancer's rate (summing to at most 1).
    @Test func routeTraceIsReadAndReplacesTheWeight() throws {
        let (result, path) = Self.load(
            trace: "600\n0\n1200\n", options: "", traffic: "traffic: { rate: 50/s }",
            routes:
                "routes: [ { service: web, weight: 0.5 }, { service: api, trace: { file: traces/t.csv, interval: 1m, scale: 2 } } ]"
        )
        let lb = try result.get().loadBalancers[0]
        #expect(lb.traffic.trace == nil && lb.traffic.rate == 50)
        #expect(lb.routes.map(\.service) == ["web", "api"])
        #expect(lb.routes.map(\.weight) == [0.5, 0])
        let trace = try #require(lb.routes[1].trace)
        #expect(trace.file == path && trace.rates == [10, 0, 20] && trace.factor == 2)
        #expect(lb.routes[0].trace == nil)
    }

    /// When every route has a trace the balancer needs no `traffic`, and its `traffic` may give
    /// daily/weekly/spikes without a `rate`.
    @Test func allRoutesTracedNeedNoBalancerRate() throws {
        let routes =
            "routes: [ { service: web, trace: { file: traces/t.csv, interval: 1m } }, { service: api, trace: { file: traces/t.csv, interval: 1m } } ]"
        let (bare, _) = Self.load(trace: "60\n", options: "", traffic: "", routes: routes)
        #expect(try bare.get().loadBalancers[0].routes.allSatisfy { $0.trace != nil })
        let (shaped, _) = Self.load(
            trace: "60\n", options: "", traffic: "traffic: { weekly: [1, 1, 1, 1, 1, 0.5, 0.5] }", routes: routes)
        #expect(try shaped.get().loadBalancers[0].traffic.weekly?.last == 0.5)
    }

    @Test(arguments: [
        (
            "routes: [ { service: web, weight: 0.8 }, { service: api, weight: 0.2, trace: { file: traces/t.csv, interval: 1m } } ]",
            "loadBalancers[0].routes[1].weight", "takes no `weight`"
        ),
        (
            "routes: [ { service: web, weight: 0.7 }, { service: web, weight: 0.6 }, { service: api, trace: { file: traces/t.csv, interval: 1m } } ]",
            "loadBalancers[0].routes", "more than 1"
        ),
        (
            "routes: [ { service: web, weight: 1 }, { service: api, trace: { file: traces/t.csv } } ]",
            "loadBalancers[0].routes[1].trace", "needs `interval`"
        ),
        (
            "routes: [ { service: web, weight: 1 }, { service: api, trace: { file: traces/missing.csv, interval: 1m } } ]",
            "loadBalancers[0].routes[1].trace.file", "cannot read the trace file: tried"
        ),
    ])
    func badRouteTracePointsAtTheScenario(routes: String, path: String, message: String) throws {
        let (result, _) = Self.load(trace: "5\n", options: "", traffic: "traffic: { rate: 50/s }", routes: routes)
        guard case .failure(let error) = result else { throw Failure("loaded") }
        let d = try #require(error.diagnostics.first { $0.path == path }, "\(error)")
        #expect(d.message.contains(message), "\(d)")
        #expect(d.file.hasSuffix("scenario.yaml") && d.line != nil && d.column != nil, "\(d)")
    }

    /// A malformed route trace is reported at the trace file's line and column, under the route's path.
    @Test func malformedRouteTraceNamesFileLineAndColumn() throws {
        let (result, path) = Self.load(
            trace: "10\nten\n", options: "", traffic: "traffic: { rate: 50/s }",
            routes: "routes: [ { service: web, weight: 1 }, { service: api, trace: { file: traces/t.csv, interval: 1m } } ]")
        guard case .failure(let error) = result else { throw Failure("loaded") }
        let d = try #require(error.diagnostics.first { $0.file == path }, "\(error)")
        #expect(d.line == 2 && d.column == 1 && d.message.contains("\"ten\" is not a number"), "\(d)")
        #expect(d.path == "loadBalancers[0].routes[1].trace.file")
    }

    /// Without a trace on every route, `traffic` stays required.
    @Test func trafficStillRequiredWithAWeightedRoute() throws {
        let (result, _) = Self.load(
            trace: "5\n", options: "", traffic: "",
            routes: "routes: [ { service: web, weight: 1 }, { service: api, trace: { file: traces/t.csv, interval: 1m } } ]")
        guard case .failure(let error) = result else { throw Failure("loaded") }
        #expect(error.diagnostics.contains { $0.path == "loadBalancers[0].traffic" }, "\(error)")
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}
