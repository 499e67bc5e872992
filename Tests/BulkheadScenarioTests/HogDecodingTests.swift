import Foundation
import Testing

@testable import BulkheadScenario

@Suite("Hogs and interference decoding")
struct HogDecodingTests {
    static func yaml(_ extra: String) -> String { Fixtures.small + "\n" + extra }

    @Test func everyKindDecodes() throws {
        let s = try ScenarioLoader.parse(
            yaml: Self.yaml(
                """
                isolation: { cpu: pinned }
                interference: { web: 0.5, api: 0 }
                hogs:
                  - { kind: cpu-spin, service: web, threads: 4, at: "12:00", duration: 10m }
                  - { kind: thread-storm, service: web, replica: all, threads: 200, at: "13:00", day: 1, duration: 1m }
                  - { kind: memory-leak, service: api, rate: 50Mi/min, every: { exponential: { mean: 6h } } }
                  - { kind: retry-storm, service: api, factor: 3, every: { constant: 1h }, duration: { constant: 5m } }
                """))
        #expect(s.isolation.cpu == .pinned)
        #expect(
            s.interference == [
                InterferenceSpec(service: "web", sensitivity: 0.5), InterferenceSpec(service: "api", sensitivity: 0),
            ])
        #expect(s.hogs.count == 4)
        #expect(
            s.hogs[0]
                == HogSpec(
                    kind: .cpuSpin, service: "web",
                    timing: .scheduled(
                        at: 12 * 3_600_000_000_000, day: 0,
                        duration: 600_000_000_000), threads: 4))
        #expect(s.hogs[1].replica == .all && s.hogs[1].threads == 200)
        #expect(s.hogs[2].rate == 50.0 * 1_048_576 / 60)
        #expect(s.hogs[2].timing == .random(every: .exponential(mean: 6 * 3600), duration: nil))
        #expect(s.hogs[3].factor == 3)
    }

    @Test func missingSizeIsReportedAtTheHog() throws {
        let yaml = Self.yaml("hogs:\n  - { kind: cpu-spin, service: web, at: \"12:00\", duration: 10m }\n")
        let d = try #require(Fixtures.diagnostic(yaml, path: "hogs[0].threads"))
        #expect(d.message == "a cpu-spin needs `threads` (busy threads)")
        #expect(d.line == position(of: "{ kind: cpu-spin", in: yaml).line)
    }

    @Test func undefinedServiceGetsASuggestion() throws {
        let yaml = Self.yaml("hogs:\n  - { kind: retry-storm, service: wbe, factor: 2, at: \"12:00\", duration: 10m }\n")
        let d = try #require(Fixtures.diagnostic(yaml, path: "hogs[0].service"))
        #expect(d.message == "hog targets undefined service `wbe`" && d.hint == "did you mean `web`?")
        #expect(d.line == position(of: "wbe", in: yaml).line && d.column == position(of: "wbe", in: yaml).column)
    }

    @Test func batchDecodes() throws {
        let s = try ScenarioLoader.parse(
            yaml: Self.yaml(
                """
                hogs:
                  - { kind: batch, service: api, tasks: 24, threads: 2, taskWork: { uniform: { min: 5m, max: 15m } }, at: "12:00" }
                  - { kind: batch, service: api, tasks: 3, taskWork: { constant: 60s }, every: { constant: 6h } }
                """))
        #expect(s.hogs[0].kind == .batch && s.hogs[0].tasks == 24 && s.hogs[0].threads == 2)
        #expect(s.hogs[0].taskWork == .uniform(min: 300, max: 900))
        #expect(s.hogs[0].timing == .scheduled(at: 12 * 3_600_000_000_000, day: 0, duration: nil))
        #expect(s.hogs[1].timing == .random(every: .constant(6 * 3600), duration: nil) && s.hogs[1].threads == nil)
    }

    /// Batch mistakes are reported at the offending value, with line:column.
    @Test func batchMistakesAreReportedWithPositions() throws {
        let yaml = Self.yaml(
            """
            hogs:
              - { kind: batch, service: api, tasks: 0, taskWork: { constant: 60s }, at: "12:00", duration: 1h }
              - { kind: batch, service: api, replica: all, tasks: 2, threads: 0, taskWork: { constant: -1s }, at: "12:00" }
            """)
        let tasks = try #require(Fixtures.diagnostic(yaml, path: "hogs[0].tasks"))
        #expect(tasks.message == "tasks must be between 1 and 1048575")
        #expect(tasks.line == position(of: "tasks: 0", in: yaml).line)
        let duration = try #require(Fixtures.diagnostic(yaml, path: "hogs[0].duration"))
        #expect(duration.message.contains("does not apply to a batch hog"))
        let replica = try #require(Fixtures.diagnostic(yaml, path: "hogs[1].replica"))
        #expect(replica.message.contains("does not apply to a batch hog"))
        #expect(replica.line == position(of: "replica: all", in: yaml).line)
        #expect(
            Fixtures.diagnostic(yaml, path: "hogs[1].threads")?.message
                == "threads (tasks at once per container) must be at least 1")
        let work = try #require(Fixtures.diagnostic(yaml, path: "hogs[1].taskWork.constant"))
        #expect(work.message == "constant must not be negative")
        #expect(
            work.line == position(of: "constant: -1s", in: yaml).line
                && work.column == position(of: "-1s", in: yaml).column)
    }

    @Test func badValuesAreReported() throws {
        let yaml = Self.yaml(
            """
            interference: { wbe: 0.5, api: -1 }
            hogs:
              - { kind: memory-leak, service: web, rate: 50Mi, at: "12:00" }
              - { kind: retry-storm, service: web, replica: one, factor: 0.5, at: "12:00", duration: 1m }
              - { kind: batch, service: web }
              - { kind: cpu-spin, service: web, threads: 2, at: "12:00", every: { constant: 1h }, duration: 1m }
            """)
        #expect(
            Fixtures.diagnostic(yaml, path: "hogs[0].rate")?.message
                == "\"50Mi\" is not a memory rate (examples: 50Mi/min, 1Gi/h)")
        #expect(Fixtures.diagnostic(yaml, path: "hogs[1].replica")?.message.contains("does not apply to a retry-storm") == true)
        #expect(Fixtures.diagnostic(yaml, path: "hogs[1].factor")?.message == "factor must be greater than 1")
        #expect(Fixtures.diagnostic(yaml, path: "hogs[2].tasks")?.message == "a batch hog needs `tasks` (tasks per job)")
        #expect(Fixtures.diagnostic(yaml, path: "hogs[2].taskWork")?.message.contains("needs `taskWork`") == true)
        #expect(Fixtures.diagnostic(yaml, path: "hogs[3].at")?.message.contains("mutually exclusive") == true)
        let svc = try #require(Fixtures.diagnostic(yaml, path: "interference.wbe"))
        #expect(svc.hint == "did you mean `web`?")
        #expect(Fixtures.diagnostic(yaml, path: "interference.api")?.message == "sensitivity must be a number ≥ 0")
    }

    @Test func pinnedCanBeSetFromTheCommandLine() throws {
        let s = try ScenarioLoader.parse(yaml: Fixtures.small, overrides: ["isolation.cpu=pinned"])
        #expect(s.isolation.cpu == .pinned)
    }
}
