import BulkheadPlacement
import BulkheadResults
import BulkheadScenario
import Foundation

/// A comparison from runs made elsewhere: a sweep folder whose one axis is `placement.policy`
/// (what `bulkhead-dask compare` runs). Cell (policy p, replication r) ran with the same seed and
/// streams as run (p, r) of a local `compare`, and ``ComparisonMetric`` reads the same numbers from
/// its `summary.json` as from the run in memory, so the statistics are the same bytes.
extension Comparison {
    /// Why a sweep folder cannot stand for this comparison.
    public struct SweepMismatch: Error, CustomStringConvertible {
        public var description: String
    }

    /// The comparison of `scenario` (loaded with the same `--set` overrides as the sweep's `set:`)
    /// from the complete cells of the sweep folder `root`.
    /// - Parameters:
    ///   - policies: the policies asked for (names or aliases); they must be the sweep's
    ///     `placement.policy` values, in that order.
    ///   - seed: the seed asked for (default: the scenario's); it must be the sweep's.
    /// - Throws: ``SweepMismatch`` when the folder is not this comparison's (another scenario,
    ///   seed, policy list or replication count), or a cell is missing or unreadable.
    /// - Complexity: one `summary.json` read per cell.
    public static func collect(
        fromSweep root: String, scenario: Scenario, policies: [String], replications: Int,
        baseline: String? = nil, seed: UInt64? = nil, confidence: Double = 0.95
    ) throws -> PolicyComparison {
        let (names, base) = try validate(policies: policies, baseline: baseline, replications: replications, jobs: 1)
        let seed = seed ?? scenario.seed
        func mismatch(_ why: String) -> SweepMismatch {
            SweepMismatch(description: "\(root) is not the runs of this comparison: \(why)")
        }
        guard let manifest = try SweepFolder.manifest(in: root) else {
            throw mismatch("it has no \(SweepManifest.fileName)")
        }
        guard manifest.axes == ["placement.policy"] else {
            throw mismatch("its axes are \(manifest.axes), not [placement.policy]")
        }
        guard manifest.seed == seed else { throw mismatch("seed \(manifest.seed), not \(seed)") }
        guard manifest.replications == replications else {
            throw mismatch("\(manifest.replications) replications, not \(replications)")
        }
        var scenarioWithSeed = scenario
        scenarioWithSeed.seed = seed
        guard manifest.scenarioDigest == SweepPlan.digest(scenarioWithSeed) else {
            throw mismatch("its scenario differs from \(scenario.name) with these --set overrides")
        }
        var runs = Array(repeating: [RunMetrics](), count: names.count)
        for cell in manifest.cells.sorted(by: { $0.index < $1.index }) {
            let value = cell.axes.first?.value ?? ""
            guard let p = names.firstIndex(where: { $0 == PlacementPolicy.named(value)?.name }),
                cell.combination == p
            else {
                throw mismatch("cell \(cell.id) has placement.policy \(value); expected \(names) in this order")
            }
            let dir = SweepFolder.cellDirectory(root, cell.id)
            guard SweepFolder.isComplete(dir, id: cell.id) else { throw mismatch("cell \(cell.id) is not complete") }
            let path = dir + "/" + RunSummary.fileName
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw mismatch("cannot read \(path)")
            }
            let summary = try RunSummary(jsonData: data, file: path)
            var values: [String: Double] = [:]
            for m in ComparisonMetric.extract(summary) where values[m.name] == nil { values[m.name] = m.value }
            runs[p].append(RunMetrics(policy: names[p], replication: cell.replication, values: values, externalArrivals: nil))
        }
        guard runs.allSatisfy({ $0.count == replications }) else { throw mismatch("its cells do not cover every run") }
        return summarise(
            scenario: scenario.name, seed: seed, policies: names, baseline: base, runs: runs, confidence: confidence)
    }
}
