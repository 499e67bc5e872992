import BulkheadResults

/// The workflows of a run as a terminal table (`bulkhead run`) and as the cells the HTML report
/// puts in its table: one row per workflow, makespans in minutes over its completed runs, and the
/// critical path of its slowest run (the makespan it would have with unlimited slots and no
/// contention) to read against the slowest makespan.
enum WorkflowTable {
    static let header = [
        "workflow", "service", "runs", "done", "failed", "retries", "deadline misses", "makespan mean min",
        "makespan max min", "critical path min", "critical path",
    ]
    static let rightAligned = [false, false, true, true, true, true, true, true, true, true, false]

    /// One row of cells per workflow.
    static func rows(_ workflows: [WorkflowResult]) -> [[String]] {
        workflows.map { w in
            [
                w.name, w.service, String(w.started), String(w.completed), String(w.failed), String(w.retries),
                w.deadlineSeconds == nil ? "-" : String(w.deadlineMisses), minutes(w.makespanMeanSeconds),
                minutes(w.makespanMaxSeconds), minutes(w.started > 0 ? w.criticalPathSeconds : nil),
                w.criticalPath.joined(separator: " → "),
            ]
        }
    }

    /// The terminal table, with its title line; empty without workflows.
    static func render(_ workflows: [WorkflowResult]) -> String {
        guard !workflows.isEmpty else { return "" }
        var table = SummaryTable.Table(header: header, rightAligned: rightAligned)
        for row in rows(workflows) { table.add(row) }
        return "workflows (makespan over completed runs; critical path of the slowest run):\n" + table.render()
    }

    static func minutes(_ seconds: Double?) -> String { seconds.map { SummaryTable.fixed($0 / 60, 1) } ?? "-" }
}
