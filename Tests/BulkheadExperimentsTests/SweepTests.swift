import BulkheadExperiments
import BulkheadReport
import BulkheadResults
import BulkheadScenario
import BulkheadTestSupport
import Foundation
import Testing

/// Two 4-core machines (one rack), two tenants of two replicas each; short, so a sweep is cheap.
let sweepBaseYAML = pairYAML(name: "sweepbase", seed: 5, duration: "30s", rate: "200/s", machineCost: 2)

/// A fresh temporary folder holding `base.yaml` and `sweep.yaml`.
func sweepFolder(_ sweep: String, base: String = sweepBaseYAML) throws -> (dir: String, file: String) {
    let dir = NSTemporaryDirectory() + "bulkhead-sweep-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try base.write(toFile: dir + "/base.yaml", atomically: true, encoding: .utf8)
    try sweep.write(toFile: dir + "/sweep.yaml", atomically: true, encoding: .utf8)
    return (dir, dir + "/sweep.yaml")
}

/// The CLI's cell writer (run info with a fixed wall time, so folders compare byte for byte).
let testCellWriter: Sweep.CellWriter = { cell, output, dir in
    let info = RunInfo(toolVersion: "test", wallSeconds: 0, result: output.result)
    try SweepWriter.writeCell(cell, result: output.result, runInfo: info, to: dir)
}

@Suite struct SweepTests {
    static let sweepYAML = """
        scenario: base.yaml
        name: t
        axes:
          racks[0].machines: [1, 2]
          placement.policy: [binpack, spread]
        replications: 2
        """

    func files(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for rel in try FileManager.default.subpathsOfDirectory(atPath: dir).sorted()
        where !rel.hasSuffix("run-info.json") {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir)
            if !isDir.boolValue { out[rel] = FileManager.default.contents(atPath: dir + "/" + rel) }
        }
        return out
    }

    @Test func cellsHaveDeterministicIdsAndTheCartesianProduct() throws {
        let (_, file) = try sweepFolder(Self.sweepYAML)
        let plan = try SweepPlan.expand(try SweepLoader.load(path: file))
        #expect(
            plan.cells.map(\.id) == [
                "c0000-r0", "c0000-r1", "c0001-r0", "c0001-r1", "c0002-r0", "c0002-r1", "c0003-r0", "c0003-r1",
            ])
        #expect(plan.cells.map(\.index) == Array(0..<8))
        #expect(
            plan.cells[5].axes == [
                .init(path: "racks[0].machines", value: "2"),
                .init(path: "placement.policy", value: "binpack"),
            ])
        #expect(
            plan.scenarios.map { "\($0.racks[0].machines) \($0.placement.policy)" }
                == ["1 binpack", "1 spread", "2 binpack", "2 spread"])
        #expect(SweepCell.id(combination: 12345, replication: 0, combinations: 20000) == "c12345-r0")
        #expect(SweepCell.id(combination: 7, replication: 3, combinations: 20000) == "c00007-r3")
    }

    @Test func everyCellIsCheckedBeforeAnyRun() throws {
        let (dir, file) = try sweepFolder(
            """
            scenario: base.yaml
            axes:
              racks[0].machines: [2, 0]
              placement.policy: [spread, binpak]
            replications: 1
            """)
        let e = try #require(throws: ScenarioError.self) { try SweepPlan.expand(try SweepLoader.load(path: file)) }
        // Each problem once, located at the sweep file, naming the cells it spoils.
        let machines = e.diagnostics.filter { $0.path == "racks[0].machines" }
        #expect(machines.count == 1)
        #expect(machines.first?.file == file && machines.first?.line == 3)
        #expect(machines.first?.hint?.contains("racks[0].machines=0, placement.policy=spread") == true)
        let policy = try #require(e.diagnostics.first { $0.message.contains("binpak") })
        #expect(policy.message.contains("did you mean 'binpack'"))
        #expect(policy.file == file && policy.line == 4 && policy.path == "placement.policy")
        // Nothing was written.
        #expect(!FileManager.default.fileExists(atPath: dir + "/t"))
    }

    @Test func aSweepResumesWithNothingLostOrDuplicated() throws {
        let (dir, file) = try sweepFolder(Self.sweepYAML)
        let plan = try SweepPlan.expand(try SweepLoader.load(path: file))
        let root = dir + "/results"
        try SweepWriter.writeManifest(plan.manifest, to: root)
        let first = Sweep.run(plan, root: root, jobs: 2, write: testCellWriter)
        #expect(first.ran.sorted() == plan.cells.map(\.id) && first.failed.isEmpty && first.skipped.isEmpty)
        let complete = try files(root)

        // An interrupted sweep: one cell lost its marker (killed before it), another is a
        // half-written folder with a truncated summary and nothing else.
        try FileManager.default.removeItem(atPath: root + "/c0001-r1/complete.json")
        try FileManager.default.removeItem(atPath: root + "/c0003-r0")
        try FileManager.default.createDirectory(atPath: root + "/c0003-r0", withIntermediateDirectories: true)
        try Data("{\"requ".utf8).write(to: URL(fileURLWithPath: root + "/c0003-r0/summary.json"))
        try FileManager.default.removeItem(atPath: root + "/c0002-r1")
        let partial = try SweepMerge.collect(root)
        #expect(partial.incomplete == ["c0001-r1", "c0003-r0"])
        #expect(partial.missing == ["c0002-r1"])
        #expect(Set(partial.rows.map(\.cell)).count == 5)

        let second = Sweep.run(plan, root: root, jobs: 2, write: testCellWriter)
        #expect(second.ran.sorted() == ["c0001-r1", "c0002-r1", "c0003-r0"])
        #expect(second.skipped.count == 5)
        #expect(try files(root) == complete)
        let third = Sweep.run(plan, root: root, jobs: 2, write: testCellWriter)
        #expect(third.ran.isEmpty && third.skipped.count == 8)
        let merged = try SweepMerge.collect(root)
        #expect(merged.missing.isEmpty && merged.incomplete.isEmpty)
    }

    @Test func shardsPartitionTheCellsAndMatchAnUnshardedSweep() throws {
        let (dir, file) = try sweepFolder(Self.sweepYAML)
        let plan = try SweepPlan.expand(try SweepLoader.load(path: file))
        let whole = Sweep.run(plan, root: dir + "/whole", jobs: 1, write: testCellWriter)
        var seen: [String] = []
        for i in 0..<3 {
            let r = Sweep.run(
                plan, root: dir + "/sharded", shard: SweepShard(index: i, count: 3), jobs: 2,
                write: testCellWriter)
            #expect(r.ran == plan.cells.filter { $0.index % 3 == i }.map(\.id))
            #expect(r.otherShards == plan.cells.count - r.ran.count)
            seen += r.ran
        }
        #expect(seen.sorted() == whole.ran.sorted())
        #expect(try files(dir + "/sharded") == files(dir + "/whole"))
        guard case .failure = SweepShard.parse("3/3") else {
            Issue.record("3/3 accepted")
            return
        }
        guard case .failure = SweepShard.parse("1") else {
            Issue.record("1 accepted")
            return
        }
        guard case .success(let s) = SweepShard.parse("2/5"), s == SweepShard(index: 2, count: 5) else {
            Issue.record("2/5 rejected")
            return
        }
    }

    @Test func replicationsShareStreamsAcrossCells() throws {
        let (dir, file) = try sweepFolder(Self.sweepYAML)
        let plan = try SweepPlan.expand(try SweepLoader.load(path: file))
        let root = dir + "/r"
        try SweepWriter.writeManifest(plan.manifest, to: root)
        _ = Sweep.run(plan, root: root, jobs: 2, write: testCellWriter)
        let table = try SweepMerge.collect(root)
        func total(_ cell: String) -> Double? {
            table.rows.first { $0.cell == cell && $0.metric == "requests.total" }?.value
        }
        // The traffic does not depend on the fleet or the policy: replication r is the same world.
        for r in 0..<2 {
            let totals = (0..<4).map { total("c000\($0)-r\(r)") }
            #expect(Set(totals).count == 1 && totals[0] != nil, "replication \(r): \(totals)")
        }
        #expect(total("c0000-r0") != total("c0000-r1"))
        // ... while the cells really differ.
        let used = table.rows.filter { $0.metric == "machines.used" && $0.replication == 0 }.map(\.value)
        #expect(used == [1, 1, 1, 2])
    }

    /// `bulkhead sweep --report`: the CLI's writer plus `HTMLReport.write` in each cell folder.
    @Test func aReportInEveryCellLeavesResumeAndMergeIntact() throws {
        let (dir, file) = try sweepFolder(Self.sweepYAML)
        let plan = try SweepPlan.expand(try SweepLoader.load(path: file))
        let root = dir + "/rep"
        try SweepWriter.writeManifest(plan.manifest, to: root)
        let withReport: Sweep.CellWriter = { cell, output, cellDir in
            try testCellWriter(cell, output, cellDir)
            _ = try HTMLReport.write(directory: cellDir)
        }
        let first = Sweep.run(plan, root: root, jobs: 2, write: withReport)
        #expect(first.failed.isEmpty && first.ran.count == plan.cells.count)
        for cell in plan.cells {
            let html = try String(contentsOfFile: root + "/\(cell.id)/report.html", encoding: .utf8)
            #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.contains("sweepbase"))
        }
        let merged = try SweepMerge.collect(root)
        #expect(merged.missing.isEmpty && merged.incomplete.isEmpty)
        #expect(Set(merged.rows.map(\.cell)) == Set(plan.cells.map(\.id)))
        let again = Sweep.run(plan, root: root, jobs: 2, write: withReport)
        #expect(again.ran.isEmpty && again.skipped.count == plan.cells.count)
    }

    @Test func mergeWritesOneTidyRowPerCellAndMetric() throws {
        let (dir, file) = try sweepFolder(Self.sweepYAML)
        let plan = try SweepPlan.expand(try SweepLoader.load(path: file))
        let root = dir + "/m"
        try SweepWriter.writeManifest(plan.manifest, to: root)
        _ = Sweep.run(plan, root: root, shard: SweepShard(index: 0, count: 2), jobs: 2, write: testCellWriter)
        let table = try SweepMerge.collect(root)
        #expect(table.missing == ["c0000-r1", "c0001-r1", "c0002-r1", "c0003-r1"])
        let csv = SweepTable.Row.csv(axes: table.axes).text(table.rows)
        let lines = csv.split(separator: "\n")
        #expect(lines[0] == "cell,racks[0].machines,placement.policy,replication,metric,value")
        let perCell = table.rows.filter { $0.cell == "c0000-r0" }.map(\.metric)
        #expect(perCell.count > 20 && perCell == table.rows.filter { $0.cell == "c0003-r0" }.map(\.metric))
        #expect(lines.count == 1 + 4 * perCell.count)
        #expect(perCell.contains("services.a.latency.p99") && perCell.contains("machines.used"))
        #expect(lines.contains { $0.hasPrefix("c0002-r0,2,binpack,0,machines.used,1.0") })
        #expect(throws: SweepMerge.Failure.self) { try SweepMerge.collect(dir) }
    }

    @Test func aFolderOfAnotherSweepIsRecognised() throws {
        let (_, file) = try sweepFolder(Self.sweepYAML)
        let plan = try SweepPlan.expand(try SweepLoader.load(path: file))
        var other = plan.manifest
        other.cells[1].axes[1].value = "first-fit"
        #expect(plan.manifest.difference(to: other) == "the axes' values differ")
        other = plan.manifest
        other.scenarioDigest = "0"
        #expect(plan.manifest.difference(to: other)?.contains("edited") == true)
        #expect(plan.manifest.difference(to: plan.manifest) == nil)
    }
}

/// `compare --from-sweep`: a sweep over placement.policy stands for a comparison's runs.
@Suite struct CompareFromSweepTests {
    @Test func aPolicySweepGivesTheBytesOfALocalComparison() throws {
        let (dir, file) = try sweepFolder(
            """
            scenario: base.yaml
            name: runs
            set: { duration: 20s }
            axes: { placement.policy: [spread, binpack, random] }
            replications: 3
            """)
        let plan = try SweepPlan.expand(try SweepLoader.load(path: file))
        let root = dir + "/runs"
        try SweepWriter.writeManifest(plan.manifest, to: root)
        #expect(Sweep.run(plan, root: root, jobs: 2, write: testCellWriter).ran.count == 9)
        let scenario = try ScenarioLoader.load(path: dir + "/base.yaml", overrides: ["duration=20s"])
        let policies = ["spread", "best-fit", "random"]  // an alias of binpack's preset name
        let collected = try Comparison.collect(fromSweep: root, scenario: scenario, policies: policies, replications: 3)
        let simulated = try Comparison.run(scenario: scenario, policies: policies, replications: 3, jobs: 2)
        #expect(try ComparisonDocument(collected).jsonData() == ComparisonDocument(simulated).jsonData())
        #expect(CompareRow.csv.text(collected.rows) == CompareRow.csv.text(simulated.rows))
        // A folder that is not this comparison's runs is refused, saying why.
        for (policies, overrides, why) in [
            (["spread", "random"], ["duration=20s"], "placement.policy"),
            (["spread", "binpack", "random"], ["duration=25s"], "scenario differs"),
        ] {
            let other = try ScenarioLoader.load(path: dir + "/base.yaml", overrides: overrides)
            #expect {
                _ = try Comparison.collect(fromSweep: root, scenario: other, policies: policies, replications: 3)
            } throws: { "\($0)".contains(why) }
        }
    }
}
