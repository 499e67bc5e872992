import BulkheadExperiments
import BulkheadReport
import BulkheadResults
import BulkheadScenario
import Foundation
import FoundationXML
import Testing

/// `bulkhead check`'s evaluation through the real model on a small two-service scenario.
@Suite("Guarantee checks")
struct CheckTests {
    static func scenario(_ guarantees: [String]) throws -> Scenario {
        let list = guarantees.map { "  - \"\($0)\"" }.joined(separator: "\n")
        return try ScenarioLoader.parse(
            yaml: """
                name: small-check
                seed: 3
                duration: 10m
                warmup: 1m
                machineTypes: { m: { cpu: 8, memory: 32Gi } }
                racks: [ { name: r, type: m, machines: 3 } ]
                loadBalancers:
                  - name: front
                    traffic: { rate: 40/s }
                    routes: { web: 1.0 }
                services:
                  - name: web
                    tenant: shop
                    replicas: 2
                    resources: { requests: { cpu: "1", memory: 1Gi } }
                    work: { cpu: { exponential: { mean: 5ms } } }
                    calls: [ { service: api } ]
                    slo: { latency: { p99: 500ms } }
                  - name: api
                    tenant: shop
                    replicas: 2
                    resources: { requests: { cpu: "1", memory: 1Gi } }
                    work: { cpu: { constant: 2ms } }
                guarantees:
                \(list)
                """)
    }

    static func check(
        _ guarantees: [String], replications: Int = 1, baseline: MetricTree? = nil,
        tolerance: Double = 0
    ) throws -> CheckReport {
        try GuaranteeCheck.run(
            try scenario(guarantees), replications: replications, jobs: 2, baseline: baseline,
            tolerance: tolerance)
    }

    @Test func aGuaranteeThatHoldsPassesAndOneThatCannotFailsWithItsValue() throws {
        let r = try Self.check([
            "services.web.latency.p99 <= 10s", "services.web.latency.p99 <= 1us",
            "requests.failed == 0", "machines.used >= 1",
        ])
        let o = r.replications[0].outcomes
        #expect(o[0].passed)
        #expect(o[2].passed)
        #expect(o[3].passed)
        #expect(!o[1].passed)
        #expect(!r.passed)
        let measured = try #require(o[1].measurements.first).value
        #expect(measured > 1e-6 && measured < 10)
        let text = try #require(o[1].failureText)
        #expect(text.hasPrefix("services.web.latency.p99 = "))
        #expect(text.hasSuffix(", expected <= 1us"))
        #expect(text.contains(GuaranteeComparison.Unit.duration.format(measured)))
    }

    @Test func wildcardsExpandToEveryKey() throws {
        let r = try Self.check(["services.*.requests >= 1", "services.*.latency.p99 <= 1us"])
        let o = r.replications[0].outcomes
        #expect(o[0].passed)
        #expect(o[0].measurements.map(\.path) == ["services.api.requests", "services.web.requests"])
        #expect(!o[1].passed)
        #expect(o[1].violations.count == 2)
        #expect(o[1].measuredText.contains("(2 of 2 violate)"))
    }

    @Test func aTypoPathFailsWithDidYouMean() throws {
        let r = try Self.check(["services.wbe.latency.p99 <= 1s", "machines.usd <= 3"])
        let o = r.replications[0].outcomes
        #expect(!o[0].passed && !o[1].passed)
        #expect(o[0].problems == ["no metric at services.wbe.latency.p99 — did you mean services.web.latency.p99?"])
        #expect(o[1].problems == ["no metric at machines.usd — did you mean machines.used?"])
        #expect(o[0].measurements.isEmpty)
    }

    /// Guarantees read the tree of the summary type itself: for a run's file (a golden output of
    /// the CLI), the tree of the decoded RunSummary is the tree of the file's JSON, and its numeric
    /// leaves (what `merge` writes) are the same.
    @Test func theTreeOfADecodedSummaryIsTheTreeOfItsFile() throws {
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Golden/outputs")
        for run in ["rack-outage", "every-fault", "every-hog-none", "autoscaling"] {
            let data = try Data(contentsOf: golden.appendingPathComponent("\(run)/summary.json"))
            let decoded = try MetricTree(try RunSummary(jsonData: data))
            #expect(decoded == (try MetricTree(json: data)), "\(run)")
            #expect(decoded.numericLeaves.count > 50, "\(run)")
        }
    }

    @Test func nonNumbersAndEmptyWildcardsFail() throws {
        let tree = try MetricTree(json: Data(#"{"a": {"b": "x", "c": null, "d": {}}}"#.utf8))
        func outcome(_ s: String) throws -> GuaranteeOutcome {
            GuaranteeEvaluator.evaluate(try GuaranteeSpec(parsing: s), on: tree)
        }
        #expect(try outcome("a.b == 1").problems == ["a.b is the text \"x\", not a number"])
        #expect(try outcome("a.c == 1").problems == ["a.c has no value in this run (null)"])
        #expect(try outcome("a.d.* == 1").problems == ["no metric at a.d.*: nothing matches under the wildcard"])
        #expect(try !outcome("a <= 1").passed)
    }

    @Test func replicationsAreOrderedAndDiffer() throws {
        let r = try Self.check(["requests.total >= 1"], replications: 3)
        #expect(r.replications.map(\.index) == [0, 1, 2])
        #expect(r.outcomes.map(\.replication) == [0, 1, 2])
        let totals = r.replications.map { $0.outcomes[0].measurements[0].value }
        #expect(Set(totals).count > 1, "replications should use different streams: \(totals)")
        // Deterministic: replication 1 alone gives the same summary as inside a batch.
        let again = try Self.check(["requests.total >= 1"], replications: 2)
        #expect(again.replications[1].summary == r.replications[1].summary)
    }

    @Test func baselineRegressionIsDetectedAndWithinToleranceIsNot() throws {
        let guarantees = ["services.web.latency.p99 <= 10s", "requests.succeeded >= 1"]
        let first = try Self.check(guarantees)
        let stored = first.replications[0].tree
        let p99 = first.replications[0].outcomes[0].measurements[0].value
        // Identical run: nothing regressed.
        let same = try Self.check(guarantees, baseline: stored, tolerance: 0.05)
        #expect(same.baseline.count == 2)
        #expect(same.regressions.isEmpty && same.passed)
        // A baseline whose p99 was 4 % lower: within 5 %, beyond 1 %.
        let better = try Self.replacing("services.web.latency.p99", with: p99 / 1.04, in: first.replications[0].summary)
        #expect(try Self.check(guarantees, baseline: better, tolerance: 0.05).regressions.isEmpty)
        let strict = try Self.check(guarantees, baseline: better, tolerance: 0.01)
        #expect(strict.regressions.map(\.path) == ["services.web.latency.p99"])
        #expect(!strict.passed)
        // Lower is worse for `>=`: a baseline with more successes is a regression.
        let succeeded = try #require(first.replications[0].outcomes[1].measurements.first).value
        let more = try Self.replacing("requests.succeeded", with: succeeded * 1.5, in: first.replications[0].summary)
        #expect(try Self.check(guarantees, baseline: more, tolerance: 0.1).regressions.map(\.path) == ["requests.succeeded"])
        // A baseline with a higher p99 (the run improved) is not a regression.
        let worse = try Self.replacing("services.web.latency.p99", with: p99 * 2, in: first.replications[0].summary)
        #expect(try Self.check(guarantees, baseline: worse, tolerance: 0).regressions.isEmpty)
    }

    @Test func baselineMismatchIsReported() throws {
        let r = try Self.check(["requests.total >= 1"])
        let other = try Self.replacing("durationSeconds", with: 3600, in: r.replications[0].summary)
        #expect(
            BaselineComparison.mismatches(current: r.replications[0].tree, baseline: other)
                == ["durationSeconds is 3600.0 in the baseline but 600.0 in this run"])
        #expect(BaselineComparison.mismatches(current: r.replications[0].tree, baseline: r.replications[0].tree).isEmpty)
    }

    @Test func junitIsWellFormedAndEscaped() throws {
        let cases: [JUnitWriter.TestCase] = [
            .init(name: "a <= 1 && b > 2 \"q\" 'x'", className: "bulkhead.check.t"),
            .init(
                name: "fails <&>", className: "bulkhead.check.t", failure: "x = 5 > 1 & \"bad\"\nline2\u{1}",
                details: "<details> & more\nmeasured: 5"),
        ]
        let xml = JUnitWriter.xml([.init(name: "suite <1>", cases: cases, time: 1.5)], name: "check & co")
        let delegate = Collector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = delegate
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")\n\(xml)")
        #expect(delegate.testcases == ["a <= 1 && b > 2 \"q\" 'x'", "fails <&>"])
        #expect(delegate.failures == ["x = 5 > 1 & \"bad\"\nline2\u{FFFD}"])
        #expect(delegate.suiteAttributes["tests"] == "2" && delegate.suiteAttributes["failures"] == "1")
        #expect(delegate.text.contains("<details> & more"))
    }

    @Test func checkReportBecomesJUnitThroughTheRealRun() throws {
        let r = try Self.check(["services.web.latency.p99 <= 1us", "requests.failed == 0"], replications: 2)
        #expect(r.outcomes.count == 4)
        #expect(r.failedOutcomes.count == 2)
    }

    /// `summary` with the number at `path` replaced, as a tree (a fabricated baseline).
    static func replacing(_ path: String, with value: Double, in summary: RunSummary) throws -> MetricTree {
        var json = try #require(try JSONSerialization.jsonObject(with: summary.jsonData()) as? [String: Any])
        func set(_ d: inout [String: Any], _ keys: ArraySlice<String>) {
            let k = keys.first!
            if keys.count == 1 {
                d[k] = value
                return
            }
            var child = d[k] as! [String: Any]
            set(&child, keys.dropFirst())
            d[k] = child
        }
        set(&json, ArraySlice(path.split(separator: ".").map(String.init)))
        return try MetricTree(json: try JSONSerialization.data(withJSONObject: json))
    }

    final class Collector: NSObject, XMLParserDelegate {
        var testcases: [String] = []
        var failures: [String] = []
        var suiteAttributes: [String: String] = [:]
        var text = ""
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "testcase": testcases.append(attributes["name"] ?? "")
            case "failure": failures.append(attributes["message"] ?? "")
            case "testsuite": suiteAttributes = attributes
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }
}
