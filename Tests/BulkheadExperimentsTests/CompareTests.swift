import BulkheadExperiments
import BulkheadReport
import BulkheadResults
import BulkheadScenario
import BulkheadTestSupport
import Foundation
import Testing

/// Two 4-core machines, two tenants of two replicas each: `binpack` uses one machine, `spread` two.
private let compareYAML = pairYAML(name: "pair", seed: 11, duration: "40s", rate: "300/s")

@Suite struct CompareTests {
    let scenario: Scenario

    init() throws { scenario = try ScenarioLoader.parse(yaml: compareYAML) }

    @Test func commonRandomNumbersGiveEveryPolicyTheSameTraffic() throws {
        let c = try Comparison.run(scenario: scenario, policies: ["binpack", "spread"], replications: 3, jobs: 2)
        for r in 0..<3 {
            #expect(c.runs[0][r].externalArrivals == c.runs[1][r].externalArrivals, "replication \(r)")
            #expect((c.runs[0][r].externalArrivals ?? 0) > 0)
        }
        // Replications are different random worlds (otherwise the check above proves nothing).
        #expect(Set(c.runs[0].map(\.externalArrivals)).count == 3)
        // The policies really differ: binpack uses one machine, spread both.
        let used = c.metrics.first { $0.name == "machines.used" }!
        #expect(used.policies.map(\.estimate.mean) == [1, 2])
        #expect(used.winner == "binpack")
        #expect(used.policies[1].differenceToBaseline == Estimate(mean: 1, halfWidth: 0, count: 3))
    }

    /// `random` places each replication from its own placement stream, so its interval reflects
    /// placement variance; a deterministic policy places the same way in every replication.
    @Test func randomPlacementVariesAcrossReplications() throws {
        // Eight 4-core machines, four 1-core containers: random placement uses 2 to 4 machines.
        let yaml = pairYAML(name: "spread-out", seed: 3, duration: "20s", rate: "50/s")
            .replacingOccurrences(of: "machines: 2", with: "machines: 8")
        let c = try Comparison.run(
            scenario: try ScenarioLoader.parse(yaml: yaml), policies: ["binpack", "random"], replications: 6, jobs: 2)
        let used = c.metrics.first { $0.name == "machines.used" }!
        #expect(used.policies[0].estimate.halfWidth == 0)
        #expect(used.policies[1].estimate.halfWidth > 0, "random's replications placed identically")
        #expect(Set(c.runs[1].map { $0.values["machines.used"] ?? nil }).count > 1)
    }

    @Test func parallelAndSequentialRunsAgree() throws {
        let policies = ["spread", "binpack", "first-fit"]
        let sequential = try Comparison.run(scenario: scenario, policies: policies, replications: 2, jobs: 1)
        let parallel = try Comparison.run(scenario: scenario, policies: policies, replications: 2, jobs: 4)
        #expect(parallel.runs == sequential.runs)
        #expect(CompareRow.csv.text(parallel.rows) == CompareRow.csv.text(sequential.rows))
        #expect(try ComparisonDocument(parallel).jsonData() == ComparisonDocument(sequential).jsonData())
        #expect(parallel.runs.map { $0.map(\.replication) } == [[0, 1], [0, 1], [0, 1]])
        #expect(parallel.runs.map { $0[0].policy } == policies)
    }

    @Test func meanAndConfidenceIntervalByHand() {
        // mean 3, s² = 2.5, s/√n = √0.5, t(0.975, 4) = 2.7764451051977987.
        let e = Estimate(samples: [1, 2, 3, 4, 5])
        #expect(e.mean == 3)
        #expect(e.count == 5)
        #expect(abs(e.halfWidth - 2.7764451051977987 * 0.5.squareRoot()) < 1e-9)
        #expect(Estimate(samples: [7]).halfWidth == .infinity)
        #expect(Estimate(samples: [2, 2, 2]).halfWidth == 0)
    }

    @Test func pairedDifferenceByHand() {
        // d = [1, 2, 1, 2]: mean 1.5, s² = 1/3, s/√n = √(1/12), t(0.975, 3) = 3.182446305284263.
        let a: [Double?] = [10, 12, 11, 13]
        let b: [Double?] = [9, 10, 10, 11]
        let d = Estimate(pairedDifference: a, minus: b)
        #expect(d.mean == 1.5)
        #expect(abs(d.halfWidth - 3.182446305284263 * (1.0 / 12).squareRoot()) < 1e-9)
        #expect(d.favours(.higher) && !d.favours(.lower) && d.excludesZero)
        // Pairing removes the shared replication noise: the unpaired half-widths are far wider.
        let unpaired = Estimate(samples: a.compactMap { $0 }).halfWidth + Estimate(samples: b.compactMap { $0 }).halfWidth
        #expect(d.halfWidth < unpaired / 2)
        // Only replications where both values exist are paired.
        let partial = Estimate(pairedDifference: [1, nil, 3], minus: [0, 5, 1])
        #expect(partial.count == 2 && partial.mean == 1.5)
    }

    @Test func winnerOnlyWhenThePairedIntervalExcludesZero() {
        #expect(Comparison.winner(samples: [[1, 2, 3], [2, 3, 4]], better: .lower) == 0)
        #expect(Comparison.winner(samples: [[1, 2, 3], [2, 3, 4]], better: .higher) == 1)
        #expect(Comparison.winner(samples: [[1, 5, 3], [2, 3, 4]], better: .lower) == nil)
        #expect(Comparison.winner(samples: [[1, 1], [1, 1]], better: .lower) == nil)
        // The best mean must beat every other policy, not only the baseline.
        #expect(Comparison.winner(samples: [[5, 6, 7], [1, 2, 3], [1, 3, 2]], better: .lower) == nil)
        #expect(Comparison.winner(samples: [[5, 6, 7]], better: .lower) == nil)
    }

    @Test func csvIsTidy() throws {
        let runs = ["p", "q"].map { p in
            (0..<3).map { r in
                RunMetrics(
                    policy: p, replication: r,
                    values: ["machines.used": Double(r), "kills.innocent": 0, "tenant.x,y.p99": 0.5],
                    externalArrivals: 10)
            }
        }
        var c = Comparison.summarise(scenario: "s", seed: 1, policies: ["p", "q"], baseline: "p", runs: runs)
        c.runs[1][2].values["tenant.x,y.p99"] = nil
        #expect(c.metrics.map(\.name) == ["machines.used", "tenant.x,y.p99", "kills.innocent"])
        let lines = CompareRow.csv.text(c.rows).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "policy,replication,metric,value")
        #expect(lines.last == "")
        let rows = lines.dropFirst().dropLast()
        #expect(rows.count == 2 * 3 * 3)
        #expect(rows.contains("p,0,machines.used,0.0"))
        #expect(rows.contains("q,2,\"tenant.x,y.p99\","))
        #expect(rows.filter { $0.hasPrefix("q,1,") }.count == 3)
    }

    @Test func jsonNamesTheWinnerOrNull() throws {
        let c = try Comparison.run(scenario: scenario, policies: ["binpack", "spread"], replications: 2, jobs: 2)
        let doc = try JSONSerialization.jsonObject(with: ComparisonDocument(c).jsonData()) as! [String: Any]
        let metrics = doc["metrics"] as! [[String: Any]]
        let used = metrics.first { $0["name"] as? String == "machines.used" }!
        #expect(used["winner"] as? String == "binpack")
        let spread = (used["policies"] as! [String: Any])["spread"] as! [String: Any]
        #expect(spread["mean"] as? Double == 2)
        #expect(((spread["differenceToBaseline"] as! [String: Any])["ci"] as! [Double]) == [1, 1])
        #expect(metrics.contains { $0["winner"] is NSNull })
        #expect(CompareTable.render(c).contains("no significant difference"))
    }

    @Test func unknownPolicyIsAClearErrorBeforeAnythingRuns() {
        do {
            _ = try Comparison.run(scenario: scenario, policies: ["binpack", "sprad"], replications: 2)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("unknown placement policy 'sprad'"))
            #expect(error.description.contains("did you mean 'spread'?"))
        }
        #expect(throws: ComparisonError.self) {
            try Comparison.validate(policies: ["binpack", "best-fit"], baseline: nil, replications: 2, jobs: 1)
        }
        #expect(throws: ComparisonError.self) {
            try Comparison.validate(policies: ["binpack"], baseline: "spread", replications: 2, jobs: 1)
        }
        #expect(throws: ComparisonError.self) {
            try Comparison.validate(policies: [], baseline: nil, replications: 2, jobs: 1)
        }
    }
}
