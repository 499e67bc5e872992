import BulkheadResults
import Foundation
import Testing

/// Every BulkheadResults type encodes and decodes to the same value — JSON documents through
/// `JSONEncoder`/`JSONDecoder`, CSV rows through their ``CSVSchema`` — on hand-made values that
/// reach every optional and every quoting rule.
@Suite("Round trips")
struct RoundTripTests {
    func json<T: JSONDocument & Equatable>(_ value: T) throws {
        let data = try value.jsonData()
        #expect(try T(jsonData: data) == value)
        #expect(data.last == 0x0A, "a document ends with a newline")
    }

    func csv<Row: Equatable>(_ schema: CSVSchema<Row>, _ rows: [Row]) throws {
        let text = schema.text(rows)
        #expect(try schema.rows(fromText: text, file: schema.fileName) == rows)
    }

    @Test func runSummary() throws {
        let s = RunSummary(RunFixture.run())
        try json(s)
        #expect(s.autoscaling?.entries.map(\.service) == ["cache", "db"], "keyed entries sorted by name")
        #expect(s.autoscaling?["db"]?.minutes.isEmpty == true, "per-minute counts are timeseries rows")
        #expect(s.autoscaling?["cache"]?.minReplicas == nil)
        #expect(s.services["db"]?.latency == nil)
    }

    /// Optionals the summary writes as `null` are present; sections it leaves out are absent.
    @Test func summaryNullsAndOmittedSections() throws {
        var r = RunFixture.run()
        let full = try #require(try JSONSerialization.jsonObject(with: RunSummary(r).jsonData()) as? [String: Any])
        let db = try #require((full["services"] as? [String: Any])?["db"] as? [String: Any])
        for key in ["latency", "sloLatencyP99", "sloAvailability", "errorBudgetUsed"] {
            #expect(db[key] is NSNull, "services.db.\(key) is null")
        }
        #expect(db["name"] == nil, "the name is the key")
        let rescheduling = try #require((full["rescheduling"] as? [String: Any])?["db"] as? [String: Any])
        #expect(rescheduling["meanRestoreSeconds"] == nil && rescheduling["service"] as? String == "db")
        let batch = try #require((full["hogging"] as? [String: Any])?["batch"] as? [[String: Any]])
        #expect(batch.first?["makespanSeconds"] == nil)
        r.rescheduling = []
        r.autoscaling = []
        r.batchJobs = []
        let bare = try #require(try JSONSerialization.jsonObject(with: RunSummary(r).jsonData()) as? [String: Any])
        #expect(bare["rescheduling"] == nil && bare["autoscaling"] == nil)
        #expect((bare["hogging"] as? [String: Any])?["batch"] == nil)
    }

    @Test func runFiles() throws {
        let r = RunFixture.run()
        try csv(ServiceResult.csv, r.services)
        try csv(MachineResult.csv, r.machines)
        try csv(ContainerResult.csv, r.containers)
        try csv(TimeSeriesRow.csv, r.timeSeriesRows)
        try csv(IncidentImpact.csv, r.incidentImpacts)
        try json(RunInfo(toolVersion: "1.0", gitCommit: nil, wallSeconds: 2.5, result: r))
        try json(RunInfo(toolVersion: "1.0", gitCommit: "abc1234", wallSeconds: 0, result: r))
    }

    /// `interference.csv` writes the inflation with four decimals: values with at most four
    /// survive exactly.
    @Test func interferenceMatrix() throws {
        let cells = RunFixture.run().interference
        #expect(
            cells == [
                InterferenceCell(
                    hogTenant: "batch", victimTenant: "shop", extraSloBadMinutes: 1, extraFailedRequests: 5, maxP99Inflation: 1.25
                )
            ])
        try csv(InterferenceCell.csv, cells)
        let rounded = InterferenceCell(
            hogTenant: "a", victimTenant: "b", extraSloBadMinutes: 1, extraFailedRequests: 2, maxP99Inflation: 1.23456)
        let back = try InterferenceCell.csv.rows(fromText: InterferenceCell.csv.text([rounded]), file: "interference.csv")
        #expect(back.first?.maxP99Inflation == 1.2346)
    }

    @Test func timeSeriesRowsFollowTheRegistry() {
        let rows = RunFixture.run().timeSeriesRows
        let web = rows.filter { $0.name.hasPrefix("web") }.map(\.metric)
        #expect(web == [.requests, .rate, .failures, .p50, .p99, .sloBad])
        let db = rows.filter { $0.name == "db" }.map(\.metric)
        #expect(db == [.requests, .rate, .failures, .sloBad, .replicas, .replicasDesired], "no p50/p99 without successes")
        #expect(TimeSeriesRow.csv.text(rows).contains("\n1,service,db,requests,0\n"), "counts are written as integers")
    }

    @Test func comparison() throws {
        let e = Estimate(mean: 0.5, halfWidth: 0.125, count: 3)
        let one = Estimate(mean: 2, halfWidth: .infinity, count: 1)
        let c = PolicyComparison(
            scenario: "s", seed: 7, policies: ["binpack", "spread"], baseline: "binpack", replications: 3,
            confidence: 0.95,
            runs: [
                [RunMetrics(policy: "binpack", replication: 0, values: ["m": 1, "t.a.p99": 0.5], externalArrivals: 10)],
                [RunMetrics(policy: "spread", replication: 0, values: ["m": 2], externalArrivals: 10)],
            ],
            metrics: [
                MetricComparison(
                    name: "m", better: .lower,
                    policies: [
                        PolicyEstimate(policy: "binpack", estimate: e, differenceToBaseline: nil),
                        PolicyEstimate(policy: "spread", estimate: one, differenceToBaseline: e),
                    ], winner: nil),
                MetricComparison(
                    name: "t.a.p99", better: .higher,
                    policies: [
                        PolicyEstimate(policy: "binpack", estimate: e, differenceToBaseline: nil),
                        PolicyEstimate(policy: "spread", estimate: e, differenceToBaseline: e),
                    ], winner: "binpack"),
            ])
        let document = ComparisonDocument(c)
        try json(document)
        let spread = try #require(document.metrics.first?.policies["spread"])
        #expect(spread.estimate.halfWidth == nil && spread.estimate.lower == nil, "non-finite numbers become null")
        try csv(CompareRow.csv, c.rows)
        #expect(c.rows.contains { $0.policy == "spread" && $0.metric == "t.a.p99" && $0.value == nil })
    }

    @Test func plan() throws {
        let feasible = PolicyPlan(
            policy: "binpack", feasible: true, total: 3, counts: [2, 1], machines: 3, cpuPeak: 0.5, memoryPeak: 0.25,
            costPerHour: nil, predecessorFailure: "2 fails: 1 container does not fit",
            evaluations: [.init(total: 3, passed: true, failure: nil), .init(total: 2, passed: false, failure: "x")],
            simulations: 4, limit: 64)
        let infeasible = PolicyPlan(
            policy: "spread", feasible: false, total: nil, counts: nil, machines: nil, cpuPeak: nil, memoryPeak: nil,
            costPerHour: nil, predecessorFailure: nil, evaluations: [], simulations: 0, limit: 8)
        let plan = CapacityPlan(
            scenario: "s", seed: 1, replications: 2, vary: ["racks[0].machines", "racks[1].machines"],
            requirements: ["services.*.sloBadMinutes == 0"], policies: [feasible, infeasible])
        try json(plan)
        let table = PolicyPlan.csv(vary: plan.vary).text(plan.policies)
        #expect(
            table
                == "policy,feasible,total,racks[0].machines,racks[1].machines,machines,cpu_peak,memory_peak,cost_per_hour,simulations,evaluations\n"
                + "binpack,true,3,2,1,3,0.5,0.25,,4,2\nspread,false,,,,,,,,0,0\n")
        #expect(throws: ResultFileError.self) { _ = try PolicyPlan.csv(vary: plan.vary).rows(fromText: table, file: "plan.csv") }
    }

    @Test func sweep() throws {
        let cell = SweepCell(
            id: "c0001-r0", index: 2, combination: 1, replication: 0,
            axes: [.init(path: "racks[0].machines", value: "2"), .init(path: "placement.policy", value: "a,b")])
        try json(cell)
        try json(
            SweepManifest(
                name: "small", scenario: "scenarios/x.yaml", scenarioDigest: "0123456789abcdef", seed: 7, replications: 1,
                axes: cell.axes.map(\.path), cells: [cell]))
        try json(SweepCellMarker(cell: cell.id, files: ["cell.json", "summary.json"]))
        let axes = cell.axes.map(\.path)
        try csv(
            SweepTable.Row.csv(axes: axes),
            [SweepTable.Row(cell: cell.id, values: cell.axes.map(\.value), replication: 0, metric: "machines.used", value: 3)])
    }

    @Test func placement() throws {
        let kind = BlastRadiusSummary.Kind(
            units: 2, maxServicesDown: 1, meanServicesDown: 0.5, maxServicesDegraded: 0, meanServicesDegraded: 0,
            maxTenantsTouched: 1, meanTenantsTouched: 1, maxShareLost: 0.5, unitsTakingServiceDown: 1)
        let summary = PlacementSummary(
            policy: "spread", machinesUsed: 2, machines: 3, unschedulable: 1, allocation: .init(cpu: 0.5, memory: 0.25),
            allocationOfUsed: .init(cpu: 0.75, memory: 0.5),
            stranded: .init(cpu: 0, memory: 1_073_741_824, cpuShare: 0, memoryShare: 0.1),
            containersPerMachine: .init(min: 1, mean: 1.5, max: 2), coTenancy: .init(mean: 0, worst: nil),
            blastRadius: BlastRadiusSummary(
                kinds: [.machine: kind, .balancer: kind],
                machinePair: .init(
                    units: 3, maxServicesDown: 2, meanServicesDown: 1, maxTenantsTouched: 1, unitsTakingServiceDown: 1,
                    worst: [.init(machines: "m-1+m-2", servicesDown: ["web"])])),
            placement: [.init(container: "web-0", service: "web", machine: "m-1")],
            unschedulableContainers: [.init(container: "web-1", reason: "0/3 machines: 3 insufficient cpu")])
        let document = PlacementDocument(scenario: "s\t\"x\"", policies: [summary])
        let line = try CompactJSONEncoder().encode(document)
        #expect(try JSONDecoder().decode(PlacementDocument.self, from: Data(line.utf8)) == document)
        #expect(line.contains(#""stranded":{"cpu":0.0,"memory":1073741824.0,"#), "doubles as Swift prints them")
        #expect(line.contains(#""blastRadius":{"machine":{"#) && line.contains(#""balancer":{"#) && !line.contains("rack"))
        #expect(line.contains(#""coTenancy":{"mean":0.0,"worst":null}"#))
        try csv(
            PlacementRow.csv,
            [
                PlacementRow(
                    policy: "spread", container: "web-0", service: "web", tenant: "t", replica: 0, machine: "m-1",
                    rack: "r", status: .placed, reason: nil),
                PlacementRow(
                    policy: "spread", container: "web-1", service: "web", tenant: "t", replica: 1, machine: nil,
                    rack: nil, status: .unschedulable, reason: "0/3 machines: 3 insufficient cpu, 1 \"full\""),
            ])
        try csv(
            BlastRadiusRow.csv,
            [
                BlastRadiusRow(
                    policy: "spread", kind: .roleMachine, unit: "m-1", downServices: ["web", "db"],
                    servicesDegraded: 1, tenantsTouched: 2, containersLost: 3, shareLost: 0.375),
                BlastRadiusRow(
                    policy: "spread", kind: .rack, unit: "r", downServices: [], servicesDegraded: 0,
                    tenantsTouched: 0, containersLost: 0, shareLost: 0),
            ])
    }

    /// Two policies come back sorted by name: JSON objects are unordered.
    @Test func placementDocumentWithTwoPolicies() throws {
        func summary(_ p: String) -> PlacementSummary {
            PlacementSummary(
                policy: p, machinesUsed: 1, machines: 1, unschedulable: 0, allocation: .init(cpu: 1, memory: 1),
                allocationOfUsed: .init(cpu: 1, memory: 1), stranded: .init(cpu: 0, memory: 0, cpuShare: 0, memoryShare: 0),
                containersPerMachine: .init(min: 1, mean: 1, max: 1),
                coTenancy: .init(mean: 0, worst: .init(tenant: "t", neighbours: 0)),
                blastRadius: BlastRadiusSummary(kinds: [:], machinePair: nil), placement: [], unschedulableContainers: [])
        }
        let document = PlacementDocument(scenario: "s", policies: [summary("spread"), summary("binpack")])
        let line = try CompactJSONEncoder().encode(document)
        #expect(line.hasPrefix(#"{"scenario":"s","policies":{"spread":{"#), "written in the order given")
        let back = try JSONDecoder().decode(PlacementDocument.self, from: Data(line.utf8))
        #expect(back.policies == [summary("binpack"), summary("spread")])
    }
}
