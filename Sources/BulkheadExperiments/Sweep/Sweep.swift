import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation

/// Runs a sweep's cells: each cell (combination × replication) is one simulation whose outputs
/// go to `<root>/<cell-id>/`, written atomically with a completion marker last
/// (``SweepCellMarker``). A cell whose marker is present is skipped, so an interrupted sweep is
/// resumed by running it again: finished cells are kept, unfinished ones are redone from scratch.
///
/// Replication r runs with the same seed and `replication: r` in every cell — common random
/// numbers across the sweep (Law, *Simulation Modeling and Analysis*, 5th ed., §11.2), so the
/// difference between two cells comes from their axis values, not from sampling noise.
public enum Sweep {
    /// What one invocation did.
    public struct Report: Sendable {
        /// Cells of this shard simulated now.
        public var ran: [String] = []
        /// Cells of this shard already complete (skipped).
        public var skipped: [String] = []
        /// Cells of this shard that failed, with the reason.
        public var failed: [(cell: String, reason: String)] = []
        /// Cells belonging to other shards.
        public var otherShards = 0
    }

    /// Writes one finished cell: the run's files and `cell.json`, then the marker (injected by
    /// the caller: the experiments layer does not depend on the report writers).
    public typealias CellWriter = @Sendable (_ cell: SweepCell, _ output: Runner.Output, _ directory: String) throws -> Void

    /// Runs every cell of `shard` that is not complete yet, `jobs` at a time.
    /// - Parameters:
    ///   - root: the sweep folder (`results/<sweep>`); cell folders are created inside.
    ///   - write: writes a cell's outputs and, last, its marker.
    ///   - progress: called after each finished cell with (done, to do); serialised.
    /// - Complexity: one simulation (two with faults: the fault-free twin) per pending cell.
    public static func run(
        _ plan: SweepPlan, root: String, shard: SweepShard = .all,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        write: CellWriter, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) -> Report {
        precondition(jobs >= 1, "Sweep.run needs at least one job")
        var report = Report()
        var pending: [SweepCell] = []
        for cell in plan.cells {
            guard shard.contains(cell.index) else {
                report.otherShards += 1
                continue
            }
            if SweepFolder.isComplete(SweepFolder.cellDirectory(root, cell.id), id: cell.id) {
                report.skipped.append(cell.id)
            } else {
                pending.append(cell)
            }
        }
        let todo = pending
        let scenarios = plan.scenarios
        let total = todo.count
        var onFinished: (@Sendable (Int) -> Void)? = nil
        if let progress { onFinished = { done in progress(done, total) } }
        let outcomes: [String?] = WorkPool.map(count: total, jobs: jobs, progress: onFinished) { i in
            runCell(todo[i], scenarios[todo[i].combination], root: root, write: write)
        }
        for (cell, failure) in zip(todo, outcomes) {
            if let failure { report.failed.append((cell.id, failure)) } else { report.ran.append(cell.id) }
        }
        return report
    }

    /// Runs and writes one cell; the failure's text, or nil.
    static func runCell(_ cell: SweepCell, _ scenario: Scenario, root: String, write: CellWriter) -> String? {
        let output: Runner.Output
        do {
            output = try Runner.run(scenario, options: .init(replication: cell.replication))
        } catch {
            return "\(error)"
        }
        do {
            try write(cell, output, SweepFolder.cellDirectory(root, cell.id))
        } catch {
            return "cannot write \(SweepFolder.cellDirectory(root, cell.id)): \(error)"
        }
        return nil
    }
}
