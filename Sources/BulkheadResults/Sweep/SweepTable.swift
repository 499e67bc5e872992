/// Every cell of a sweep as tidy rows (`sweep.csv`): one row per cell × metric, with the cell's
/// axis values as columns. Built by `bulkhead merge`.
public struct SweepTable: Sendable, Equatable {
    /// Axis field paths (the value columns).
    public var axes: [String]
    public var rows: [Row]
    /// Cells with no folder at all.
    public var missing: [String]
    /// Cells whose folder exists without a completion marker (interrupted or still running).
    public var incomplete: [String]

    /// One metric of one cell.
    public struct Row: Sendable, Equatable {
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
