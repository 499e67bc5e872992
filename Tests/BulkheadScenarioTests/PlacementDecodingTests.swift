import Testing

@testable import BulkheadScenario

@Suite("Scenario: tenant rules and composed placement policies")
struct PlacementDecodingTests {
    /// `small` with two tenants (web: demo, api: ops) plus `extra` appended at the top level.
    static func yaml(_ extra: String) -> String {
        Fixtures.small.replacingOccurrences(of: "- name: api\n    tenant: demo", with: "- name: api\n    tenant: ops")
            + "\n" + extra
    }

    // MARK: - pinnedTo (a fixed placement)

    @Test func pinnedToDecodesOneMachinePerReplica() throws {
        let s = try ScenarioLoader.parse(
            yaml: Fixtures.small.replacingOccurrences(
                of:
                    "    replicas: 2\n    resources: { requests: { cpu: 500m, memory: 512Mi } }\n    work: { cpu: { constant: 2ms } }",
                with:
                    "    replicas: 2\n    resources: { requests: { cpu: 500m, memory: 512Mi } }\n    work: { cpu: { constant: 2ms } }\n    pinnedTo: [rack-a-2, rack-a-1]"
            ))
        #expect(s.services[1].pinnedTo == ["rack-a-2", "rack-a-1"])
        #expect(s.services[0].pinnedTo == nil)
    }

    @Test(arguments: [
        ("[rack-a-1, rack-b-1]", "services[1].pinnedTo[1]", "machine `rack-b-1` does not exist", 2),
        ("[rack-a-3, rack-a-1]", "services[1].pinnedTo[0]", "did you mean", 2),
        ("[rack-a-1]", "services[1].pinnedTo", "1 machines for 2 replicas", 1),
    ])
    func badPinsPointAtTheEntry(pins: String, path: String, message: String, _: Int) throws {
        let yaml = Fixtures.small.replacingOccurrences(
            of: "    work: { cpu: { constant: 2ms } }", with: "    work: { cpu: { constant: 2ms } }\n    pinnedTo: \(pins)")
        let d = try #require(Fixtures.diagnostics(yaml).first { $0.path == path }, "\(Fixtures.diagnostics(yaml))")
        #expect(d.message.contains(message) || (d.hint ?? "").contains(message), "\(d)")
        #expect(d.line == 23 && d.column != nil, "\(d)")
    }

    @Test func tenantsAndComposedPolicyDecode() throws {
        let s = try ScenarioLoader.parse(
            yaml: Self.yaml(
                """
                tenants:
                  demo: { dedicated: true }
                  ops: { avoidTenants: [demo] }
                placement:
                  filters: [fits, maxContainers, role, antiAffinity, topologySpread, tenants]
                  scorers:
                    - { kind: leastAllocated, weight: 1 }
                    - { kind: topologySpread, key: rack, weight: 2 }
                    - { kind: requestedToCapacityRatio, shape: [[0, 0], [100, 10]], weight: 1.5 }
                    - { kind: random }
                """))
        #expect(
            s.tenants == [
                TenantSpec(name: "demo", dedicated: true),
                TenantSpec(name: "ops", avoidTenants: ["demo"]),
            ])
        #expect(s.placement.policy == "custom")
        #expect(s.placement.filters == FilterSpec.allCases)
        #expect(
            s.placement.scorers == [
                ScorerSpec(kind: .leastAllocated), ScorerSpec(kind: .topologySpread, weight: 2, key: .rack),
                ScorerSpec(kind: .requestedToCapacityRatio, weight: 1.5, shape: [[0, 0], [100, 10]]),
                ScorerSpec(kind: .random),
            ])
    }

    @Test func badScorerKindSuggests() throws {
        let d = try #require(
            Fixtures.diagnostic(
                Self.yaml("placement: { scorers: [{ kind: mostAlocated }] }"),
                path: "placement.scorers[0].kind"))
        #expect(d.hint == "did you mean `mostAllocated`?")
        let f = try #require(
            Fixtures.diagnostic(
                Self.yaml("placement: { filters: [tenant], scorers: [{ kind: random }] }"),
                path: "placement.filters[0]"))
        #expect(f.hint == "did you mean `tenants`?")
    }

    @Test func policyAndScorersAreMutuallyExclusive() throws {
        let d = try #require(
            Fixtures.diagnostic(
                Self.yaml("placement: { policy: spread, scorers: [{ kind: leastAllocated }] }"), path: "placement.scorers"))
        #expect(d.message.contains("mutually exclusive"))
        #expect(Fixtures.diagnostic(Self.yaml("placement: { filters: [fits] }"), path: "placement.filters") != nil)
    }

    @Test func badShapesAndMisplacedKeys() {
        let diags = Fixtures.diagnostics(
            Self.yaml(
                """
                placement:
                  scorers:
                    - { kind: requestedToCapacityRatio }
                    - { kind: requestedToCapacityRatio, shape: [[50, 1], [20, 11]] }
                    - { kind: leastAllocated, key: rack, weight: -1 }
                """))
        let paths = Set(diags.map(\.path))
        #expect(paths.contains("placement.scorers[0].shape"))
        #expect(paths.contains("placement.scorers[1].shape[1]"))
        #expect(paths.contains("placement.scorers[2].key"))
        #expect(paths.contains("placement.scorers[2].weight"))
    }

    @Test func unknownTenantNamesSuggest() throws {
        let yaml = Self.yaml(
            """
            tenants:
              dmeo: { dedicated: true }
              ops: { avoidTenants: [opps], dedicated: maybe }
            """)
        let d = try #require(Fixtures.diagnostic(yaml, path: "tenants.dmeo"))
        #expect(d.hint == "did you mean `demo`?")
        let a = try #require(Fixtures.diagnostic(yaml, path: "tenants.ops.avoidTenants[0]"))
        #expect(a.hint == "did you mean `ops`?")
        #expect(Fixtures.diagnostic(yaml, path: "tenants.ops.dedicated") != nil)
    }
}
