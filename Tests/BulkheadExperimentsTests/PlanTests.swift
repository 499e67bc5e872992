import BulkheadExperiments
import BulkheadReport
import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation
import Testing

/// Two racks of 4-core machines (3 + 3 to start); nine 1-core containers. Under any policy the
/// fleet must offer ≥ 9 cores, i.e. ≥ 3 machines: a total of 2 (1 + 1 machines, 8 cores) cannot
/// place the ninth container, 3 (2 + 1) can. The load (50/s of 5 ms) is light, so once everything
/// is placed the SLO holds.
let planYAML = """
    name: plantiny
    seed: 3
    duration: 2m
    machineTypes: { m: { cpu: 4, memory: 16Gi, costPerHour: 1.5 } }
    racks:
      - { name: r0, type: m, machines: 3 }
      - { name: r1, type: m, machines: 3 }
    loadBalancers:
      - name: front
        traffic: { rate: 50/s }
        routes: { a: 1.0 }
    services:
      - name: a
        tenant: t
        replicas: 9
        resources: { requests: { cpu: "1", memory: 1Gi } }
        work: { cpu: { exponential: { mean: 5ms } } }
        slo: { latency: { p99: 1s } }
    """

@Suite struct PlanTests {
    let path: String

    init() throws {
        let dir = NSTemporaryDirectory() + "bulkhead-plan-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir + "/tiny.yaml"
        try planYAML.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func request(_ policies: [String], _ requirements: [String], replications: Int = 2, limit: Int? = nil)
        -> CapacityPlanner.Request
    {
        .init(
            scenarioPath: path, vary: ["racks[0].machines", "racks[1].machines"], policies: policies,
            requirements: requirements, replications: replications, jobs: 2, limit: limit)
    }

    @Test func theSmallestFleetPassesAndOneMachineLessFails() throws {
        let plan = try CapacityPlanner.run(
            request(["binpack", "spread"], ["services.*.sloBadMinutes == 0", "requests.failed == 0"]))
        for p in plan.policies {
            #expect(p.feasible && p.total == 3 && p.counts == [2, 1] && p.machines == 3, "\(p.policy)")
            #expect(p.costPerHour == 4.5)
            #expect(
                p.predecessorFailure?.contains("1 container does not fit") == true,
                "\(p.policy): \(p.predecessorFailure ?? "nil")")
            // Search, not a grid: 6 ✓ (the scenario's own), then bisection 4 ✓, 3 ✓, 2 ✗.
            #expect(p.evaluations.map(\.total) == [6, 4, 3, 2])
            #expect(p.evaluations.map(\.passed) == [true, true, true, false])
            #expect(p.simulations == 4 * 2)
            #expect((p.cpuPeak ?? 0) > 0 && (p.cpuPeak ?? 1) < 1)
        }
        // The planned fleet passes and fleet − 1 fails, checked independently of the planner.
        for (total, expected) in [(3, true), (2, false)] {
            let counts = CapacitySearch.distribute(total, over: 2)
            let s = try ScenarioLoader.load(
                path: path,
                settings: [
                    FieldSetting(path: "racks[0].machines", value: String(counts[0])),
                    FieldSetting(path: "racks[1].machines", value: String(counts[1])),
                ])
            let out = try Runner.run(s, options: .init(policy: "spread"))
            #expect(out.placement.unschedulable.isEmpty == expected, "total \(total)")
        }
        let csv = PolicyPlan.csv(vary: plan.vary).text(plan.policies)
        #expect(
            csv.hasPrefix(
                "policy,feasible,total,racks[0].machines,racks[1].machines,machines,cpu_peak,memory_peak,cost_per_hour,simulations,evaluations\nbinpack,true,3,2,1,3,"
            ))
    }

    @Test func aMetricRequirementSetsTheAnswerAndAnImpossibleOneIsReported() throws {
        // spread uses every machine (up to 9), binpack never more than the 3 it needs.
        let plan = try CapacityPlanner.run(
            request(["spread", "binpack"], ["machines.used >= 5"], replications: 1, limit: 8))
        let spread = plan.policies[0]
        let binpack = plan.policies[1]
        #expect(spread.total == 5 && spread.counts == [3, 2])
        #expect(spread.predecessorFailure?.contains("machines.used = 4") == true, "\(spread.predecessorFailure ?? "nil")")
        #expect(!binpack.feasible && binpack.total == nil)
        #expect(binpack.evaluations.map(\.total) == [6, 8])
        #expect(PlanWriter.render(plan).contains("binpack: no total up to 8 meets the requirements"))
    }

    @Test func badInputIsReportedBeforeAnySimulation() throws {
        let syntax = try #require(throws: CapacityPlanner.Failure.self) {
            try CapacityPlanner.validate(request(["spread"], ["machines.used >= 1", "services.*.sloBadMinutes === 0"]))
        }
        #expect(syntax.message.contains("--require #2 at column"))
        let vary = try #require(throws: CapacityPlanner.Failure.self) {
            try CapacityPlanner.validate(
                .init(
                    scenarioPath: path, vary: ["racks[2].machines", "duration"],
                    policies: ["spred"], requirements: ["machines.used >= 1"]))
        }
        #expect(vary.message.contains("--vary racks[2].machines: the scenario has no such field"))
        #expect(vary.message.contains("--vary duration: the scenario's value \"2m\" is not a count"))
        #expect(vary.message.contains("spred"))
        let metric = try #require(throws: CapacityPlanner.Failure.self) {
            try CapacityPlanner.run(
                request(["spread"], ["servics.*.sloBadMinutes == 0"], replications: 1))
        }
        #expect(metric.message.contains("did you mean services"), "\(metric.message)")
    }

    @Test(arguments: [1, 2, 3, 7, 40, 63, 64])
    func theSearchFindsAMonotoneThresholdWithFewEvaluations(threshold: Int) {
        var s = CapacitySearch(start: 10, minimum: 1, limit: 64)
        while let n = s.next { s.record(n, passed: n >= threshold) }
        #expect(s.answer == threshold)
        let verdicts = Dictionary(s.evaluated.map { ($0.total, $0.passed) }, uniquingKeysWith: { a, _ in a })
        #expect(verdicts[threshold] == true)
        if threshold > 1 { #expect(verdicts[threshold - 1] == false) }
        #expect(s.count <= 2 * 7 + 1)
        #expect(Set(s.evaluated.map(\.total)).count == s.count)  // nothing evaluated twice
    }

    @Test func anUnreachableThresholdIsInfeasible() {
        var s = CapacitySearch(start: 10, minimum: 2, limit: 30)
        while let n = s.next { s.record(n, passed: false) }
        #expect(s.answer == nil)
        #expect(s.evaluated.map(\.total) == [10, 20, 30])
        #expect(CapacitySearch.distribute(7, over: 3) == [3, 2, 2])
    }
}
