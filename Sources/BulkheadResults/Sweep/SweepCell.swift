/// One cell of a sweep: a combination of axis values and a replication. Written as `cell.json`
/// in the cell's folder.
public struct SweepCell: JSONDocument, Hashable {
    public static let fileName = "cell.json"
    public static let escapesSlashes = false

    /// `c0007-r2`: combination 7, replication 2.
    public var id: String
    /// The cell number k (combination × replications + replication): cell k belongs to shard k mod N.
    public var index: Int
    public var combination: Int
    public var replication: Int
    /// The axis values of the combination, in axis order.
    public var axes: [AxisValue]

    /// One axis' value in a cell.
    public struct AxisValue: Codable, Sendable, Hashable {
        public var path: String
        public var value: String
        public init(path: String, value: String) {
            self.path = path
            self.value = value
        }
    }

    public init(id: String, index: Int, combination: Int, replication: Int, axes: [AxisValue]) {
        self.id = id
        self.index = index
        self.combination = combination
        self.replication = replication
        self.axes = axes
    }

    /// The id of a cell: `c` + the combination with at least 4 digits (more when there are more
    /// combinations, so ids sort in order), `-r` + the replication.
    public static func id(combination: Int, replication: Int, combinations: Int) -> String {
        let width = max(4, String(max(0, combinations - 1)).count)
        let c = String(combination)
        return "c" + String(repeating: "0", count: max(0, width - c.count)) + c + "-r\(replication)"
    }
}

/// The completion marker of a cell (`complete.json`), written after every other file of the cell:
/// a cell counts as done only if it is there.
public struct SweepCellMarker: JSONDocument, Hashable {
    public static let fileName = "complete.json"
    public static let escapesSlashes = false

    public var cell: String
    /// The files written before the marker.
    public var files: [String]
    public init(cell: String, files: [String]) {
        self.cell = cell
        self.files = files
    }
}
