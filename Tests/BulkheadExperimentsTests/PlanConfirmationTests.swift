import BulkheadExperiments
import BulkheadReport
import BulkheadResults
import Foundation
import Testing

/// Coarse to fine: `plan --fidelity flow --confirm request` searches with the flow engine, then
/// confirms each answer and its predecessor at request level, walking out from the flow answer
/// when the two disagree.
@Suite struct PlanConfirmationTests {
    let path: String

    init() throws {
        let dir = NSTemporaryDirectory() + "bulkhead-plan-confirm-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir + "/tiny.yaml"
        try planYAML.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func request(confirmWithin: Double = 3600, fidelity: String? = "flow") -> CapacityPlanner.Request {
        .init(
            scenarioPath: path, overrides: fidelity.map { ["fidelity=\($0)"] } ?? [],
            vary: ["racks[0].machines", "racks[1].machines"], policies: ["binpack", "spread"],
            requirements: ["services.*.sloBadMinutes == 0", "requests.failed == 0"], replications: 2, jobs: 2,
            confirm: true, confirmWithin: confirmWithin)
    }

    /// When the flow answer is right, confirming it costs exactly two request-level evaluations:
    /// the answer passes, its predecessor fails — and the answer is the request-level plan's.
    @Test func aRightFlowAnswerIsConfirmedWithTwoEvaluations() throws {
        var lines: [String] = []
        let plan = try CapacityPlanner.run(request(), announce: { lines.append($0) })
        var reference = request(fidelity: nil)
        reference.confirm = false
        let requestPlan = try CapacityPlanner.run(reference)
        #expect(lines.count == 1 && lines[0].hasPrefix("confirming 2 flow answers at request level: ≈ 8 simulations"))
        for (p, r) in zip(plan.policies, requestPlan.policies) {
            let c = try #require(p.confirmation)
            #expect(c.skipped == nil && c.fidelity == "request")
            #expect(c.flowTotal == 3 && c.total == 3 && c.agrees)
            #expect(c.evaluations.map(\.total) == [3, 2] && c.evaluations.map(\.passed) == [true, false])
            #expect(c.simulations == 2 * 2)
            #expect(p.total == r.total && p.counts == r.counts && p.cpuPeak == r.cpuPeak, "\(p.policy)")
            #expect(p.predecessorFailure?.contains("does not fit") == true)
            #expect(p.simulations == p.evaluations.count * 2 + c.simulations)
        }
        let text = PlanWriter.render(plan)
        #expect(text.contains("request level (the reference): tried 3✓ 2✗; 2 fails"))
        #expect(text.contains("agrees with flow"))
    }

    /// Beyond the time allowed nothing runs at request level: the answers stay the flow engine's
    /// and each plan says why.
    @Test func aConfirmationBeyondTheTimeAllowedIsSkippedAndSaysSo() throws {
        let plan = try CapacityPlanner.run(request(confirmWithin: 1e-6))
        for p in plan.policies {
            let c = try #require(p.confirmation)
            #expect(c.skipped?.contains("beyond --confirm-within") == true, "\(c.skipped ?? "nil")")
            #expect(c.evaluations.isEmpty && c.simulations == 0 && c.total == nil && !c.agrees)
            #expect(p.total == 3 && c.flowTotal == 3)
        }
        #expect(PlanWriter.render(plan).contains("request-level confirmation skipped: estimated"))
    }

    @Test func confirmingARequestLevelSearchIsRefused() {
        let e = #expect(throws: CapacityPlanner.Failure.self) { try CapacityPlanner.run(request(fidelity: nil)) }
        #expect(e?.message.contains("add --fidelity flow") == true)
    }

    /// The walk out from the flow answer finds every monotone threshold, evaluates nothing twice,
    /// and costs 2 evaluations at the threshold and O(log distance) elsewhere.
    @Test(arguments: [1, 2, 5, 17, 40, 64])
    func theWalkFindsTheThresholdFromAnyStart(threshold: Int) {
        for start in [1, 4, 16, 17, 18, 33, 64] {
            var s = ConfirmationSearch(start: start, minimum: 1, limit: 64)
            while let n = s.next { s.record(n, passed: n >= threshold) }
            #expect(s.answer == threshold, "start \(start)")
            #expect(Set(s.evaluated.map(\.total)).count == s.evaluated.count, "start \(start): \(s.evaluated)")
            let distance = abs(start - threshold)
            let bound = distance == 0 ? (threshold == 1 ? 1 : 2) : 2 + 2 * Int(log2(Double(distance)) + 1)
            #expect(s.evaluated.count <= bound, "start \(start): \(s.evaluated.map(\.total))")
        }
        var none = ConfirmationSearch(start: 10, minimum: 1, limit: 20)
        while let n = none.next { none.record(n, passed: false) }
        #expect(none.answer == nil && none.evaluated.map(\.total) == [10, 11, 13, 17, 20])
    }
}
