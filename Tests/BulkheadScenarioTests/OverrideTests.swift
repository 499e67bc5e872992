import Testing

@testable import BulkheadScenario

@Suite("--set overrides")
struct OverrideTests {
    @Test func overridesApplyByIndexAndByName() throws {
        let s = try ScenarioLoader.parse(
            yaml: Fixtures.small,
            overrides: [
                "loadBalancers[0].traffic.rate=800/s", "services[0].replicas=4", "services.api.replicas=7",
                "racks[0].machines=5", "warmup=10m", "isolation.cpu=quota",
            ])
        #expect(s.loadBalancers[0].traffic.rate == 800)
        #expect(s.services[0].replicas == 4)
        #expect(s.services[1].replicas == 7)
        #expect(s.racks[0].machines == 5)
        #expect(s.warmup == 600_000_000_000)
        #expect(s.isolation.cpu == .quota)
    }

    @Test func overrideValuesCanBeYAML() throws {
        let s = try ScenarioLoader.parse(yaml: Fixtures.small, overrides: ["isolation={ cpu: none, memory: none }"])
        #expect(s.isolation == IsolationSpec(cpu: .none, memory: .none))
    }

    @Test func overrideValuesAreValidatedLikeFileValues() throws {
        let diags = Fixtures.diagnostics(Fixtures.small, overrides: ["services[0].replicas=abc", "racks[0].machines=0"])
        let replicas = try #require(diags.first { $0.path == "services[0].replicas" })
        #expect(replicas.file == "--set")
        #expect(replicas.line == nil)
        #expect(replicas.message == "\"abc\" is not a whole number")
        #expect(diags.contains { $0.path == "racks[0].machines" && $0.file == "--set" })
    }

    @Test func missingPathsAreDiagnosedWithSuggestions() throws {
        let diags = Fixtures.diagnostics(
            Fixtures.small,
            overrides: [
                "servics[0].replicas=1", "services[5].replicas=1", "services.wbe.replicas=1", "no-equals-sign",
                "services[0].replica=3",
            ])
        #expect(diags.allSatisfy { $0.file == "--set" })
        let typo = try #require(diags.first { $0.path == "servics[0].replicas" })
        #expect(typo.message == "`servics` does not exist" && typo.hint == "did you mean `services`?")
        let range = try #require(diags.first { $0.path == "services[5].replicas" })
        #expect(range.message == "`services[5]` does not exist: `services` has 2 entries")
        let name = try #require(diags.first { $0.path == "services.wbe.replicas" })
        #expect(name.hint == "did you mean `web`?")
        #expect(diags.contains { $0.path == "no-equals-sign" && $0.message == "expected path=value" })
        // A new last key is inserted, then rejected by the decoder like a typo in the file.
        let inserted = try #require(diags.first { $0.path == "services[0].replica" })
        #expect(inserted.hint == "did you mean `replicas`?")
    }

    @Test func pathParser() {
        #expect(Overrides.parse("a.b[0].c") == [.key("a"), .key("b"), .index(0), .key("c")])
        #expect(Overrides.parse("a[1][2]") == [.key("a"), .index(1), .index(2)])
        #expect(Overrides.parse("a..b") == nil)
        #expect(Overrides.parse("a[x]") == nil)
        #expect(Overrides.parse("") == nil)
    }
}
