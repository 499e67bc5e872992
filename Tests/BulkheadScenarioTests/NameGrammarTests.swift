import Testing

@testable import BulkheadScenario

/// Scenario, service, tenant and sweep names follow one grammar (a DNS label, ``Names``): hostile
/// names that would choose where outputs go are rejected at the offending character.
@Suite struct NameGrammarTests {
    static let long = String(repeating: "a", count: 64)
    /// Each hostile name with the 0-based offset of the character the error must point at.
    static let hostile: [(String, Int)] = [
        ("..", 0), ("../../../../elsewhere/x", 0), ("/etc/passwd", 0), ("a/b", 1), ("a\\b", 1), ("a\u{0}b", 1),
        (long, 63), ("\u{0430}pi", 0),  // Cyrillic а
        ("Api", 0), ("a_b", 1), ("a.b", 1), ("-a", 0), ("a-", 1), ("a b", 1), ("", 0),
    ]

    @Test func shippedStyleNamesPass() {
        for n in ["a", "0", "gilt-japan", "r2-d2", String(repeating: "a", count: 63)] {
            #expect(Names.problem(n) == nil, "\(n)")
        }
    }

    @Test func hostileNamesAreRejectedAtTheOffendingCharacter() {
        for (name, offset) in Self.hostile {
            let p = Names.problem(name)
            #expect(p?.offset == offset, "\(String(reflecting: name)): \(String(describing: p))")
        }
    }

    /// The scenario name, written quoted on line 1 (`name: "…"`: the quote is at column 7).
    @Test func scenarioNameErrorPointsAtLineAndColumn() throws {
        for (name, offset) in Self.hostile where !name.isEmpty && !name.contains("\u{0}") && !name.contains("\\") {
            let yaml = Fixtures.small.replacingOccurrences(of: "name: small", with: "name: \"\(name)\"")
            let d = Fixtures.diagnostic(yaml, path: "name")
            #expect(d?.line == 1, "\(name)")
            #expect(d?.column == 8 + offset, "\(name): \(String(describing: d))")
            #expect(d?.hint == Names.hint)
        }
    }

    /// NUL and backslash through YAML escapes, and `--set name=…`: rejected, nothing decoded.
    @Test func escapesAndOverridesAreChecked() {
        let yaml = Fixtures.small.replacingOccurrences(of: "name: small", with: "name: \"a\\0b\"")
        #expect(Fixtures.diagnostic(yaml, path: "name")?.message.contains("U+0000") == true)
        let set = Fixtures.diagnostic(Fixtures.small, path: "name", overrides: ["name=../../x"])
        #expect(set != nil)
    }

    @Test func serviceAndTenantNames() {
        let yaml = Fixtures.small.replacingOccurrences(
            of: "  - name: api\n    tenant: demo", with: "  - name: api\n    tenant: Demo/x")
        #expect(yaml != Fixtures.small)
        let d = Fixtures.diagnostic(yaml, path: "services[1].tenant")
        #expect(d?.column == 13)
        let bad = Fixtures.small.replacingOccurrences(of: "  - name: web", with: "  - name: w.eb")
        #expect(Fixtures.diagnostic(bad, path: "services[0].name")?.column == 12)
    }

    @Test func sweepNames() throws {
        let sweep = """
            scenario: ../scenarios/minimal.yaml
            name: ../out
            replications: 1
            axes: { seed: [1, 2] }
            """
        do {
            _ = try SweepLoader.parse(yaml: sweep, file: "\(Fixtures.repoRoot.path)/scenarios/x.yaml")
            Issue.record("a sweep named ../out was accepted")
        } catch {
            #expect(error.diagnostics.contains { $0.path == "name" && $0.line == 2 && $0.column == 7 })
        }
    }
}
