import BulkheadPlacement
import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation

/// A sweep expanded into its cells, every combination's scenario loaded and checked.
///
/// Cell k is combination `k / replications`, replication `k % replications`; combinations are
/// numbered row-major over the axes in file order (the last axis varies fastest).
public struct SweepPlan: Sendable {
    public var spec: SweepSpec
    /// The scenario of each combination (the base scenario with the combination's settings).
    public var scenarios: [Scenario]
    /// What the sweep folder holds (`sweep.json`).
    public var manifest: SweepManifest

    public var cells: [SweepCell] { manifest.cells }

    /// Loads the base scenario and every combination, and checks that each one compiles and names
    /// a known placement policy — all before any run, so a bad value in the last combination is
    /// found before hours of simulation. Problems are reported once each (a bad axis value spoils
    /// every combination that uses it), with the cells they occur in when not all.
    /// - Parameter limits: when given, a combination whose counts (containers, machines, memory)
    ///   exceed them is not compiled or placed here — the sweep's guard (``estimate(shard:jobs:)``)
    ///   refuses it before anything of that size is allocated.
    /// - Throws: every problem found, as one ``ScenarioError``.
    /// - Complexity: one scenario load, compilation and placement per combination.
    public static func expand(_ spec: SweepSpec, limits: WorkEstimate.Limits? = nil) throws(ScenarioError) -> SweepPlan {
        let common = (spec.seed.map { [FieldSetting(path: "seed", value: String($0))] } ?? []) + spec.fixed
        let base = try ScenarioLoader.load(path: spec.scenario, settings: common)
        let combinations = spec.combinationCount
        var scenarios: [Scenario] = []
        var problems: [(Diagnostic, [Int])] = []
        func report(_ d: Diagnostic, _ c: Int) {
            if let i = problems.firstIndex(where: { $0.0 == d }) { problems[i].1.append(c) } else { problems.append((d, [c])) }
        }
        for c in 0..<combinations {
            let settings = common + spec.settings(ofCombination: c)
            do {
                let s = try ScenarioLoader.load(path: spec.scenario, settings: settings)
                if let limits, WorkEstimate.counts(of: s).refusal(limits) != nil {
                    scenarios.append(s)
                    continue
                }
                do {
                    let config = try ScenarioCompiler.compile(s)
                    if PlacementPolicy.named(s.placement.policy) == nil {
                        _ = try Placer.place(PlacementRequest(config: config, policy: s.placement.policy))
                    }
                } catch let e as ScenarioError {
                    for d in e.diagnostics { report(d, c) }
                } catch {
                    let set = settings.last { $0.path == "placement.policy" }?.valueOrigin
                    report(
                        Diagnostic(
                            file: set?.file ?? spec.scenario, path: "placement.policy", line: set?.line,
                            column: set?.column, message: "\(error)"), c)
                }
                scenarios.append(s)
            } catch {
                for d in error.diagnostics where d.severity == .error { report(d, c) }
            }
        }
        if !problems.isEmpty {
            throw ScenarioError(
                diagnostics: problems.map { d, cs in
                    guard cs.count < combinations else { return d }
                    var d = d
                    let shown = cs.prefix(4).map { describe(spec, combination: $0) }.joined(separator: "; ")
                    let more = cs.count > 4 ? "; and \(cs.count - 4) more" : ""
                    d.hint = (d.hint.map { $0 + "; " } ?? "") + "seen with \(shown)\(more)"
                    return d
                })
        }
        var cells: [SweepCell] = []
        for c in 0..<combinations {
            let values = spec.settings(ofCombination: c).map { SweepCell.AxisValue(path: $0.path, value: $0.text) }
            for r in 0..<spec.replications {
                cells.append(
                    SweepCell(
                        id: SweepCell.id(combination: c, replication: r, combinations: combinations),
                        index: cells.count, combination: c, replication: r, axes: values))
            }
        }
        let manifest = SweepManifest(
            name: spec.name, scenario: spec.scenario, scenarioDigest: digest(base), seed: base.seed,
            replications: spec.replications, axes: spec.axes.map(\.path), cells: cells)
        return SweepPlan(spec: spec, scenarios: scenarios, manifest: manifest)
    }

    /// The work of this shard's cells: requests and wall seconds summed over the cells (each cell
    /// is one run, its fault-free twin not counted, as for `run`), containers and machines of the
    /// largest cell, and memory of the largest cell times the cells simulated at once
    /// (`min(jobs, cells)`).
    /// - Complexity: one ``WorkEstimate/of(_:limits:)`` per combination (not per cell).
    public func estimate(shard: SweepShard, jobs: Int, limits: WorkEstimate.Limits = .init()) -> WorkEstimate {
        var perCombination = [WorkEstimate?](repeating: nil, count: scenarios.count)
        var total = WorkEstimate(requests: 0, containers: 0, machines: 0, seconds: 0, bytes: 0)
        var largest = 0.0
        var cellsRun = 0
        for cell in cells where shard.contains(cell.index) && cell.combination < scenarios.count {
            let e = perCombination[cell.combination] ?? WorkEstimate.of(scenarios[cell.combination], limits: limits)
            perCombination[cell.combination] = e
            total.requests += e.requests
            total.seconds += e.seconds
            total.containers = max(total.containers, e.containers)
            total.machines = max(total.machines, e.machines)
            largest = max(largest, e.bytes)
            cellsRun += 1
        }
        total.bytes = largest * Double(max(1, min(jobs, cellsRun)))
        return total
    }

    /// `racks[0].machines=2, placement.policy=spread`.
    static func describe(_ spec: SweepSpec, combination c: Int) -> String {
        spec.settings(ofCombination: c).map { "\($0.path)=\($0.text)" }.joined(separator: ", ")
    }

    /// FNV-1a 64 of the scenario's canonical JSON (sorted keys), in hex.
    /// The digest of a decoded scenario kept in ``SweepManifest/scenarioDigest``.
    public static func digest(_ s: Scenario) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(s)) ?? Data()
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in data {
            h ^= UInt64(b)
            h &*= 0x100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
