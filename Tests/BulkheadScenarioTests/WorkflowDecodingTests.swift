import Foundation
import Testing

@testable import BulkheadScenario

@Suite("Workflow decoding")
struct WorkflowDecodingTests {
    static func yaml(_ hogs: String) -> String { Fixtures.small + "\nhogs:\n" + hogs }

    @Test func workflowDecodesWithDefaults() throws {
        let s = try ScenarioLoader.parse(
            yaml: Self.yaml(
                """
                  - kind: workflow
                    name: etl
                    service: api
                    at: "02:00"
                    threads: 2
                    deadline: 1h
                    tasks:
                      - { name: extract, work: { constant: 10m }, memory: 1Gi, retries: 2, backoff: 30s }
                      - { name: load, work: { uniform: { min: 1m, max: 2m } }, after: [extract] }
                """))
        let hog = try #require(s.hogs.first)
        #expect(hog.kind == .workflow && hog.threads == 2 && hog.tasks == nil)
        #expect(hog.timing == .scheduled(at: 2 * 3_600_000_000_000, day: 0, duration: nil))
        let w = try #require(hog.workflow)
        #expect(w.name == "etl" && w.deadline == 3_600_000_000_000)
        #expect(
            w.tasks[0]
                == WorkflowSpec.Task(
                    name: "extract", work: .constant(600), memory: 1_073_741_824, retries: 2, backoff: 30_000_000_000))
        // Defaults: no memory, no retries, Airflow's 300 s retry delay.
        #expect(
            w.tasks[1]
                == WorkflowSpec.Task(name: "load", work: .uniform(min: 60, max: 120), after: ["extract"]))
        #expect(w.tasks[1].backoff == 300_000_000_000)
    }

    /// A cycle is refused at the `after` entry that closes it, with the cycle spelled out.
    @Test func cycleIsRefusedWithItsPosition() throws {
        let yaml = Self.yaml(
            """
              - kind: workflow
                name: etl
                service: api
                at: "02:00"
                tasks:
                  - { name: a, work: { constant: 1m }, after: [c] }
                  - { name: b, work: { constant: 1m }, after: [a] }
                  - { name: c, work: { constant: 1m }, after: [b] }
                  - { name: d, work: { constant: 1m }, after: [d] }
            """)
        let diagnostics = Fixtures.diagnostics(yaml)
        let cycles = diagnostics.filter { $0.message.contains("cycle") }
        #expect(cycles.count == 2, "\(diagnostics)")
        // The search starts at a and goes a → c → b; b's `after: [a]` closes the cycle.
        let abc = try #require(cycles.first { $0.path == "hogs[0].tasks[1].after[0]" }, "\(cycles)")
        #expect(abc.message == "the tasks of workflow `etl` wait for each other in a cycle: a after c after b after a")
        let at = position(of: "after: [a]", in: yaml)
        #expect(abc.line == at.line && abc.column == at.column + "after: [".count)
        let selfLoop = try #require(cycles.first { $0.path == "hogs[0].tasks[3].after[0]" })
        #expect(selfLoop.message.hasSuffix("cycle: d after d"))
        #expect(selfLoop.line == position(of: "after: [d]", in: yaml).line)
    }

    /// Unknown `after` names, duplicate task names and duplicate workflow names are refused at
    /// their own line:column, all at once.
    @Test func unknownAndDuplicateNamesAreRefused() throws {
        let yaml = Self.yaml(
            """
              - kind: workflow
                name: etl
                service: api
                at: "02:00"
                tasks:
                  - { name: extract, work: { constant: 1m } }
                  - { name: extract, work: { constant: 1m } }
                  - { name: load, work: { constant: 1m }, after: [extrct] }
              - { kind: workflow, name: etl, service: web, every: { constant: 1h }, tasks: [ { name: x, work: { constant: 1s } } ] }
            """)
        let unknown = try #require(Fixtures.diagnostic(yaml, path: "hogs[0].tasks[2].after[0]"))
        #expect(unknown.message == "`after` names `extrct`, which is no task of workflow `etl`")
        #expect(unknown.hint == "did you mean `extract`?")
        #expect(
            unknown.line == position(of: "extrct", in: yaml).line && unknown.column == position(of: "extrct", in: yaml).column)
        let duplicate = try #require(Fixtures.diagnostic(yaml, path: "hogs[0].tasks[1].name"))
        #expect(duplicate.message == "duplicate task name `extract` in workflow `etl`")
        #expect(duplicate.line == position(of: "name: extract", in: yaml, occurrence: 2).line)
        #expect(
            duplicate.column == position(of: "name: extract", in: yaml, occurrence: 2).column + "name: ".count)
        let workflow = try #require(Fixtures.diagnostic(yaml, path: "hogs[1].name"))
        #expect(workflow.message == "duplicate workflow name `etl`")
        #expect(workflow.line == position(of: "name: etl, service: web", in: yaml).line)
    }

    /// A missing service, keys that do not apply and bad values are reported like the batch hog's.
    @Test func otherMistakesAreReported() throws {
        let yaml = Self.yaml(
            """
              - kind: workflow
                name: etl
                service: etls
                at: "02:00"
                duration: 1h
                taskWork: { constant: 1m }
                deadline: 0s
                tasks:
                  - { name: a, work: { constant: 1m }, retries: -1, backoff: -1s, memory: 1Gi }
                  - { name: b }
              - { kind: batch, service: api, tasks: 2, taskWork: { constant: 1m }, at: "02:00", deadline: 1h }
            """)
        #expect(Fixtures.diagnostic(yaml, path: "hogs[0].service")?.message == "hog targets undefined service `etls`")
        #expect(Fixtures.diagnostic(yaml, path: "hogs[0].duration")?.message.contains("does not apply to a workflow hog") == true)
        #expect(Fixtures.diagnostic(yaml, path: "hogs[0].taskWork")?.message == "`taskWork` does not apply to a workflow")
        #expect(Fixtures.diagnostic(yaml, path: "hogs[0].deadline")?.message == "deadline must be positive")
        #expect(Fixtures.diagnostic(yaml, path: "hogs[0].tasks[0].retries")?.message == "retries must not be negative")
        #expect(Fixtures.diagnostic(yaml, path: "hogs[0].tasks[0].backoff")?.message == "backoff must not be negative")
        let work = try #require(Fixtures.diagnostic(yaml, path: "hogs[0].tasks[1].work"))
        #expect(work.message == "missing required key `work`")
        #expect(work.line == position(of: "{ name: b }", in: yaml).line)
        #expect(Fixtures.diagnostic(yaml, path: "hogs[1].deadline")?.message == "`deadline` does not apply to a batch")
    }

    /// Under flow fidelity a workflow is refused at its kind, as the batch hog is.
    @Test func flowFidelityRefusesWorkflows() throws {
        let yaml =
            Self.yaml(
                """
                  - { kind: workflow, name: etl, service: api, at: "02:00", tasks: [ { name: a, work: { constant: 1m } } ] }
                """) + "\nfidelity: flow\n"
        let d = try #require(Fixtures.diagnostic(yaml, path: "hogs[0].kind"), "\(Fixtures.diagnostics(yaml))")
        #expect(d.message.contains("hog kind `workflow` is not represented under `fidelity: flow`"))
        #expect(d.line == position(of: "kind: workflow", in: yaml).line)
    }
}
