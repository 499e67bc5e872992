import BulkheadExperiments
import BulkheadResults
import BulkheadScenario
import Foundation
import Testing

/// `compare --fidelity flow --screen-top K`: a flow-level comparison ranks the policies and the
/// best K go on to request level.
@Suite struct ScreeningTests {
    /// The tiny planning scenario (PlanTests) at flow level, 6 machines: spread uses all six,
    /// binpack three (nine 1-core containers on 4-core machines).
    func flowComparison() throws -> PolicyComparison {
        let dir = NSTemporaryDirectory() + "bulkhead-screen-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/tiny.yaml"
        try planYAML.write(toFile: path, atomically: true, encoding: .utf8)
        let s = try ScenarioLoader.load(path: path, overrides: ["fidelity=flow"])
        return try Comparison.run(scenario: s, policies: ["spread", "binpack", "first-fit"], replications: 2, jobs: 2)
    }

    @Test func policiesRankByTheMetricInItsBetterDirection() throws {
        let flow = try flowComparison()
        // machines.used: lower is better — binpack and first-fit (3) before spread (6); the tie
        // keeps the order given.
        let used = try #require(Comparison.screen(flow, by: "machines.used", top: 1))
        #expect(used.map(\.policy) == ["binpack", "first-fit", "spread"])
        #expect(used.map(\.mean) == [3, 3, 6])
        #expect(used.map(\.selected) == [true, false, false])
        // cpu.allocation: higher is better — the packing policies allocate more of what they use.
        let allocation = try #require(Comparison.screen(flow, by: "cpu.allocation", top: 2))
        #expect(allocation.last?.policy == "spread")
        #expect(allocation.filter(\.selected).count == 2)
        #expect(Comparison.screen(flow, by: "no.such.metric", top: 1) == nil)
    }
}
