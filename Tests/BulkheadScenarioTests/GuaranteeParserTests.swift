import Foundation
import Testing

@testable import BulkheadScenario

@Suite("Guarantee expressions")
struct GuaranteeParserTests {
    @Test func parsesPathOperatorAndDuration() throws {
        let c = try GuaranteeParser.parse("services.checkout.latency.p99 <= 300ms")
        #expect(c.count == 1)
        #expect(c[0].path == MetricPath([.key("services"), .key("checkout"), .key("latency"), .key("p99")]))
        #expect(c[0].op == .lessOrEqual)
        #expect(abs(c[0].bound - 0.3) < 1e-12)
        #expect(c[0].unit == .duration)
        #expect(c[0].boundText == "300ms")
    }

    @Test(arguments: [
        ("a == 0", ComparisonOperator.equal, 0.0, GuaranteeComparison.Unit.number),
        ("a != 1.5", .notEqual, 1.5, .number),
        ("a < -2", .less, -2, .number),
        ("a<=2s", .lessOrEqual, 2, .duration),
        ("a > 99.9%", .greater, 0.999, .percent),
        ("a >= 1e3", .greaterOrEqual, 1000, .number),
        ("a >= 1h30m", .greaterOrEqual, 5400, .duration),
        ("a <= 250us", .lessOrEqual, 250e-6, .duration),
        ("a <= .5", .lessOrEqual, 0.5, .number),
    ])
    func operatorsAndValues(text: String, op: ComparisonOperator, bound: Double, unit: GuaranteeComparison.Unit) throws {
        let c = try #require(try GuaranteeParser.parse(text).first)
        #expect(c.op == op)
        #expect(abs(c.bound - bound) <= 1e-12 * max(1, abs(bound)))
        #expect(c.unit == unit)
    }

    @Test func wildcardsDashesAndConjunction() throws {
        let c = try GuaranteeParser.parse("services.*.sloBadMinutes <= 5 && failuresByCause.dead-replica == 0")
        #expect(c.count == 2)
        #expect(c[0].path.segments == [.key("services"), .wildcard, .key("sloBadMinutes")])
        #expect(c[0].path.hasWildcard)
        #expect(c[0].path.description == "services.*.sloBadMinutes")
        #expect(c[1].path.segments == [.key("failuresByCause"), .key("dead-replica")])
        #expect(!c[1].path.hasWildcard)
    }

    @Test(arguments: [
        ("services.checkout.latency.p99 <=", 33, "expected a number or duration after '<=', found end of expression"),
        ("services.checkout.latency.p99 <= fast", 34, "expected a number or duration after '<=', found 'fast'"),
        ("services..p99 <= 1s", 10, "expected a name or '*' after '.', found '.'"),
        (
            "services.checkout.p99 = 1s", 23,
            "expected a comparison operator (==, !=, <, <=, >, >=) after 'services.checkout.p99', found '=' (write '==' to compare)"
        ),
        ("<= 5", 1, "expected a metric path (e.g. services.checkout.latency.p99), found '<='"),
        ("machines.used <= 6 6", 20, "expected '&&' or end of expression after '6', found '6'"),
        ("machines.used <= 6 &&", 22, "expected a metric path (e.g. services.checkout.latency.p99), found end of expression"),
        ("a <= 5x", 6, "\"5x\" is not a number, percentage or duration (examples: 5, 99.9%, 300ms)"),
        ("services.*x.p99 <= 1", 11, "'*' must be a whole path segment (e.g. services.*.sloBadMinutes), found 'x' after it"),
    ])
    func errorsPointAtTheToken(text: String, column: Int, message: String) {
        #expect(throws: GuaranteeSyntaxError(column: column, message: message)) { try GuaranteeParser.parse(text) }
    }

    @Test func orIsRejectedWithAnExplanation() {
        do {
            _ = try GuaranteeParser.parse("a <= 1 || b <= 2")
            Issue.record("expected an error")
        } catch {
            #expect(error.column == 8)
            #expect(error.message.hasPrefix("'||' is not supported"))
        }
    }

    @Test func scenarioGuaranteesAreParsedAtLoadTime() throws {
        let yaml =
            Fixtures.small + """

                guarantees:
                  - services.web.latency.p99 <= 300ms
                  - "services.*.sloBadMinutes <= 5"
                """
        let s = try ScenarioLoader.parse(yaml: yaml, file: "test.yaml")
        #expect(s.guarantees.map(\.source) == ["services.web.latency.p99 <= 300ms", "services.*.sloBadMinutes <= 5"])
        let p = position(of: "services.web.latency", in: yaml)
        #expect(s.guarantees[0].line == p.line && s.guarantees[0].column == p.column)
        #expect(s.guarantees[1].comparisons[0].path.hasWildcard)
    }

    @Test func syntaxErrorIsADiagnosticWithTheColumnInsideTheExpression() throws {
        let yaml =
            Fixtures.small + """

                guarantees:
                  - requests.failed == 0
                  - machines.used <= 6
                  - services.web.latency.p99 <=
                """
        let d = try #require(Fixtures.diagnostic(yaml, path: "guarantees[2]"))
        let p = position(of: "services.web.latency.p99 <=", in: yaml)
        #expect(d.line == p.line && d.column == p.column)
        #expect(d.message == "at column 28: expected a number or duration after '<=', found end of expression")
        #expect(d.description.hasPrefix("test.yaml:\(p.line):\(p.column): guarantees[2]: at column 28: expected a number"))
    }

    @Test func guaranteesMustBeAListOfStrings() {
        let ds = Fixtures.diagnostics(Fixtures.small + "\nguarantees: requests.failed == 0\n")
        #expect(ds.contains { $0.path == "guarantees" && $0.message.hasPrefix("expected a list") })
    }

    @Test func guaranteesRoundTripThroughJSON() throws {
        let s = try ScenarioLoader.parse(
            yaml: Fixtures.small + "\nguarantees: [ \"machines.used <= 2 && requests.failed == 0\" ]\n")
        let data = try JSONEncoder().encode(s)
        let back = try JSONDecoder().decode(Scenario.self, from: data)
        #expect(back.guarantees == s.guarantees)
        #expect(back.guarantees[0].comparisons.count == 2)
    }
}
