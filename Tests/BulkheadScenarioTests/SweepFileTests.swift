import Foundation
import Testing

@testable import BulkheadScenario

/// Sweep files: decoding, line:column diagnostics, settings applied like `--set`.
@Suite("sweep files")
struct SweepFileTests {
    /// A temporary folder with `base.yaml` (Fixtures.small) and the given sweep file text.
    static func folder(sweep: String) throws -> (dir: String, sweep: String) {
        let dir = NSTemporaryDirectory() + "bulkhead-sweepfile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir + "/sweeps", withIntermediateDirectories: true)
        try Fixtures.small.write(toFile: dir + "/base.yaml", atomically: true, encoding: .utf8)
        try sweep.write(toFile: dir + "/sweeps/s.yaml", atomically: true, encoding: .utf8)
        return (dir, dir + "/sweeps/s.yaml")
    }

    @Test func decodesAxesInOrderAndResolvesTheScenarioPath() throws {
        let (dir, file) = try Self.folder(
            sweep: """
                scenario: ../base.yaml
                axes:
                  racks[0].machines: [1, 2, 3]
                  isolation: [{ cpu: quota }, { cpu: none }]
                replications: 2
                seed: 9
                """)
        let s = try SweepLoader.load(path: file)
        #expect(s.name == "s")
        #expect(s.scenario == URL(fileURLWithPath: dir + "/base.yaml").standardized.path)
        #expect(s.axes.map(\.path) == ["racks[0].machines", "isolation"])
        #expect(s.axes[1].values.map(\.text) == ["{ cpu: quota }", "{ cpu: none }"])
        #expect(s.combinationCount == 6 && s.replications == 2 && s.seed == 9)
        // Row-major: the last axis varies fastest.
        #expect(s.settings(ofCombination: 0).map(\.text) == ["1", "{ cpu: quota }"])
        #expect(s.settings(ofCombination: 1).map(\.text) == ["1", "{ cpu: none }"])
        #expect(s.settings(ofCombination: 5).map(\.text) == ["3", "{ cpu: none }"])
        let scenario = try ScenarioLoader.load(path: s.scenario, settings: s.settings(ofCombination: 5))
        #expect(scenario.racks[0].machines == 3 && scenario.isolation.cpu == .none)
    }

    @Test func everyProblemOfTheFileIsReportedWithLineAndColumn() throws {
        let (_, file) = try Self.folder(
            sweep: """
                scenario: ../nowhere.yaml
                axes:
                  racks[0].machines: [1, 1]
                  "racks[x]": [2]
                  traffic.rate: []
                replications: 0
                seeds: 3
                """)
        let e = try #require(throws: ScenarioError.self) { try SweepLoader.load(path: file) }
        let byPath = Dictionary(e.diagnostics.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byPath["scenario"]?.line == 1 && byPath["scenario"]?.message.contains("does not exist") == true)
        #expect(byPath["axes.racks[0].machines[1]"]?.line == 3 && byPath["axes.racks[0].machines[1]"]?.column == 26)
        #expect(byPath["axes.racks[0].machines[1]"]?.message.contains("duplicate value") == true)
        #expect(byPath["axes.racks[x]"]?.line == 4 && byPath["axes.racks[x]"]?.message.contains("not a field path") == true)
        #expect(byPath["axes.traffic.rate"]?.line == 5)
        #expect(byPath["replications"]?.message == "replications must be at least 1")
        #expect(byPath["seeds"]?.hint == "did you mean `seed`?")
        #expect(byPath["seeds"]?.line == 7 && byPath["seeds"]?.column == 1)
    }

    @Test func aBadAxisValueIsReportedAtTheSweepFile() throws {
        let (_, file) = try Self.folder(
            sweep: """
                scenario: ../base.yaml
                axes:
                  racks[0].machines: [2, zero]
                  servics[0].replicas: [1]
                replications: 1
                """)
        let s = try SweepLoader.load(path: file)
        // The value's problem is found when the combination is loaded, and located in the sweep file.
        let bad = try #require(throws: ScenarioError.self) {
            try ScenarioLoader.load(path: s.scenario, settings: s.settings(ofCombination: 1))
        }
        let value = try #require(bad.diagnostics.first { $0.path == "racks[0].machines" })
        #expect(value.file == file && value.line == 3 && value.column == 26)
        #expect(value.message == "\"zero\" is not a whole number")
        let path = try #require(bad.diagnostics.first { $0.path == "servics[0].replicas" })
        #expect(path.file == file && path.line == 4 && path.hint == "did you mean `services`?")
    }

    @Test func fixedSettingsApplyToEveryCellAndMustNotBeAxes() throws {
        let (_, file) = try Self.folder(
            sweep: """
                scenario: ../base.yaml
                set: { duration: 10m, warmup: 1m }
                axes:
                  racks[0].machines: [1, 2]
                replications: 1
                """)
        let s = try SweepLoader.load(path: file)
        #expect(s.fixed.map(\.path) == ["duration", "warmup"])
        let scenario = try ScenarioLoader.load(path: s.scenario, settings: s.fixed + s.settings(ofCombination: 1))
        #expect(scenario.duration == 600_000_000_000 && scenario.warmup == 60_000_000_000 && scenario.racks[0].machines == 2)
        let (_, clash) = try Self.folder(
            sweep: """
                scenario: ../base.yaml
                set:
                  racks[0].machines: 3
                axes:
                  racks[0].machines: [1, 2]
                replications: 1
                """)
        let e = try #require(throws: ScenarioError.self) { try SweepLoader.load(path: clash) }
        #expect(e.diagnostics.map(\.message) == ["`racks[0].machines` is both fixed under `set:` and an axis"])
        #expect(e.diagnostics.first?.line == 3)
    }

    @Test func anInsertedKeyIsReportedAtTheAxisKey() throws {
        let (_, file) = try Self.folder(
            sweep: """
                scenario: ../base.yaml
                axes:
                  traffic.rate: [10/s]
                replications: 1
                """)
        let s = try SweepLoader.load(path: file)
        let e = try #require(throws: ScenarioError.self) {
            try ScenarioLoader.load(path: s.scenario, settings: s.settings(ofCombination: 0))
        }
        let d = try #require(e.diagnostics.first { $0.path == "traffic" })
        #expect(d.file == file && d.line == 3 && d.column == 3)
        #expect(d.message == "unknown key `traffic`")
    }
}
