/// Every cell of a sweep as tidy rows (`sweep.csv`): one row per cell × metric, with the cell's
/// axis values as columns. Built by `bulkhead merge`.
public struct SweepTable: Sendable, Hashable {
    /// Axis field paths (the value columns).
    public var axes: [String]
    public var rows: [Row]
    /// Cells with no folder at all.
    public var missing: [String]
    /// Cells whose folder exists without a completion marker (interrupted or still running).
    public var incomplete: [String]

    /// One metric of one cell.
    public struct Row: Sendable, Hashable {
        public var cell: String
        /// Axis values in ``SweepTable/axes`` order.
        public var values: [String]
        public var replication: Int
        public var metric: String
        public var value: Double
        public init(cell: String, values: [String], replication: Int, metric: String, value: Double) {
            self.cell = cell
            self.values = values
            self.replication = replication
            self.metric = metric
            self.value = value
        }
    }

    public init(axes: [String], rows: [Row], missing: [String], incomplete: [String]) {
        self.axes = axes
        self.rows = rows
        self.missing = missing
        self.incomplete = incomplete
    }
}

extension SweepTable.Row {
    /// The fixed columns of `sweep.csv`; the axis paths come between ``cell`` and ``replication``.
    public enum CSVColumn: String, CSVColumns {
        case cell, replication, metric, value
    }

    /// `sweep.csv` for a sweep over `axes`: `cell,<axis paths…>,replication,metric,value`, the
    /// axis values as written in the sweep file.
    public static func csv(axes: [String]) -> CSVSchema<SweepTable.Row> {
        typealias C = CSVColumn
        return CSVSchema(
            fileName: "sweep.csv", header: [C.cell.rawValue] + axes + [C.replication, C.metric, C.value].map(\.rawValue),
            cells: { x in
                [.text(x.cell)] + x.values.map(CSVCell.text) + [.int(x.replication), .text(x.metric), .double(x.value)]
            },
            row: { r throws(ResultFileError) in
                SweepTable.Row(
                    cell: r.text(C.cell), values: axes.map { r.text($0) }, replication: try r.int(C.replication),
                    metric: r.text(C.metric), value: try r.double(C.value))
            })
    }
}
