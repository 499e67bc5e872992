import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import BulkheadTestSupport
import Testing

/// `bulkhead place`'s values: the summary, the placement rows and the blast-radius rows of one
/// policy describe the same placement.
@Suite("Placement analysis")
struct PlacementAnalysisTests {
    @Test(arguments: ["spread", "binpack"])
    func outputsAgreeWithEachOther(policy: String) throws {
        let scenario = try ScenarioLoader.parse(yaml: pairYAML(name: "pair", seed: 3, duration: "1m", rate: "10/s"))
        let p = try PlacementAnalysis.analyse(config: try ScenarioCompiler.compile(scenario), policy: policy, seed: 3)
        #expect(p.policy == policy && p.rows.allSatisfy { $0.policy == policy })
        #expect(p.rows.count == 4 && p.rows.allSatisfy { $0.status == .placed && $0.machine != nil && $0.reason == nil })
        #expect(p.summary.placement.map(\.container) == p.rows.map(\.container))
        #expect(p.summary.placement.map(\.machine) == p.rows.map(\.machine))
        #expect(p.summary.machinesUsed == Set(p.rows.compactMap(\.machine)).count)
        let machines = p.blastRadius.filter { $0.kind == .machine }
        #expect(machines.count == 2 && p.summary.blastRadius.machine?.units == 2)
        #expect(
            p.summary.blastRadius.machine?.unitsTakingServiceDown == machines.filter(\.takesServiceDown).count)
        #expect(p.summary.blastRadius.machinePair?.units == 1)
    }

    @Test func anUnschedulableContainerIsARowWithItsReason() throws {
        let yaml = pairYAML(name: "pair", seed: 3, duration: "1m", rate: "10/s")
            .replacingOccurrences(
                of: "replicas: 2\n    resources: { requests: { cpu: \"1\"",
                with: "replicas: 2\n    resources: { requests: { cpu: \"3\"")
        let scenario = try ScenarioLoader.parse(yaml: yaml)
        let p = try PlacementAnalysis.analyse(config: try ScenarioCompiler.compile(scenario), policy: "binpack", seed: 3)
        let unplaced = p.rows.filter { $0.status == .unschedulable }
        #expect(p.summary.unschedulable == unplaced.count && unplaced.count >= 1)
        #expect(unplaced.allSatisfy { $0.machine == nil && $0.rack == nil && $0.reason?.isEmpty == false })
        #expect(p.summary.unschedulableContainers.map(\.container) == unplaced.map(\.container))
    }
}
