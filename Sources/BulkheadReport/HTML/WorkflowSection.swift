import BulkheadResults

/// The workflows of a run (`summary.json` → `hogging.workflows`): a small table, one row per
/// workflow, the same cells as `bulkhead run`'s terminal table (``WorkflowTable``). Only drawn
/// when the run has workflows, so reports of other runs are unchanged.
enum WorkflowSection {
    static let lede =
        "Batch workflows (DAGs of tasks on a batch service's containers): how long their runs took, how many tasks were retried after their container died, and how the slowest run compares with its critical path (its length with unlimited slots, no contention and no retries)."

    /// The section, or nil when the run had no workflows.
    static func section(_ run: RunFolder) -> String? {
        guard let workflows = run.summary.hogging.workflows, !workflows.isEmpty else { return nil }
        var table = "<table class=\"data\"><thead><tr>"
        for (h, right) in zip(WorkflowTable.header, WorkflowTable.rightAligned) {
            table += right ? "<th class=\"num\">\(Markup.escape(h))</th>" : "<th>\(Markup.escape(h))</th>"
        }
        table += "</tr></thead><tbody>"
        for row in WorkflowTable.rows(workflows) {
            table += "<tr>"
            for (cell, right) in zip(row, WorkflowTable.rightAligned) {
                table += right ? "<td class=\"num\">\(Markup.escape(cell))</td>" : "<td>\(Markup.escape(cell))</td>"
            }
            table += "</tr>"
        }
        table += "</tbody></table>"
        return HTMLReport.section(
            id: "workflows", title: "Workflows", lede: lede, figure: table,
            caption:
                "Makespans over completed runs (minutes); a failed run had a task out of retries. From <code>summary.json</code> → <code>hogging.workflows</code>; their harm to other tenants is in the who-hurt-whom matrix."
        )
    }
}
