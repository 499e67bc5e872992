import Foundation
import Testing

@testable import BulkheadScenario

@Suite("Releases decoding (`releases:`)")
struct ReleaseDecodingTests {
    static func yaml(_ extra: String) -> String { Fixtures.small + "\n" + extra }

    @Test func aReleaseDecodes() throws {
        let s = try ScenarioLoader.parse(
            yaml: Self.yaml(
                """
                releases:
                  - service: web
                    at: "09:00"
                    day: 1
                    stages: [ { dark-canary: { share: 1%, soak: 10m } }, { canary: { soak: 2h } }, { release: { batch: 2 } } ]
                    bad: { probability: 0.2, errorRate: 5%, cpuFactor: 3 }
                    rollback: { errorRate: 2%, window: 10m }
                """))
        #expect(s.faults.isEmpty)
        let r = try #require(s.releases.first)
        #expect(r.service == "web" && r.at == 9 * 3_600_000_000_000 && r.day == 1)
        #expect(
            r.stages == [
                .darkCanary(share: 0.01, soak: 600_000_000_000), .canary(soak: 7_200_000_000_000),
                .release(batch: 2, interval: 300_000_000_000),
            ])
        #expect(r.badProbability == 0.2 && r.errorRate == 0.05 && r.cpuFactor == 3)
        #expect(r.rollbackErrorRate == 0.02 && r.rollbackWindow == 600_000_000_000)
    }

    /// `kind: release` under `faults:` is the old place: a load error at the kind, with line:column,
    /// saying where releases went.
    @Test func aReleaseUnderFaultsSaysItMoved() throws {
        let yaml = Self.yaml(
            """
            faults:
              - { kind: release, service: web, at: "09:00", stages: [ { canary: { soak: 2h } } ], bad: { probability: 1, errorRate: 5% } }
            """)
        let d = try #require(Fixtures.diagnostic(yaml, path: "faults[0].kind"))
        #expect(d.message.contains("releases moved to their own top-level list `releases:`"))
        #expect(d.hint?.contains("drop its `kind`") == true)
        let at = position(of: "release, service", in: yaml)
        #expect(d.line == at.line && d.column == at.column)
    }

    @Test func mistakesAreReportedAtTheRelease() throws {
        let yaml = Self.yaml(
            """
            releases:
              - { service: wbe, at: "09:00", stages: [ { canary: { soak: 2h }, release: { batch: 1 } } ], bad: { probability: 1, errorRate: 5% } }
            """)
        let stage = try #require(Fixtures.diagnostic(yaml, path: "releases[0].stages[0]"))
        #expect(stage.message == "a stage is one of `dark-canary`, `canary`, `release` or `blue-green`")
        let service = try #require(Fixtures.diagnostic(yaml, path: "releases[0].service"))
        #expect(service.message == "release of undefined service `wbe`" && service.hint == "did you mean `web`?")
        #expect(service.line == position(of: "wbe", in: yaml).line)
    }

    @Test func serviceAndStartAreRequired() throws {
        let yaml = Self.yaml("releases:\n  - { stages: [ { canary: { soak: 2h } } ], bad: { probability: 1, errorRate: 5% } }\n")
        #expect(Fixtures.diagnostic(yaml, path: "releases[0].service")?.message == "missing required key `service`")
        #expect(Fixtures.diagnostic(yaml, path: "releases[0].at")?.message == "missing required key `at`")
    }
}
