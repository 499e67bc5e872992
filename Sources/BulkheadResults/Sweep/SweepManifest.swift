/// What a sweep folder is meant to hold: every cell with its axis values. Written as
/// `sweep.json` at the sweep's root before any cell runs (identical for every shard), read by
/// `bulkhead merge` to find missing cells and by a resumed sweep to refuse a folder that belongs
/// to a different sweep.
public struct SweepManifest: JSONDocument, Hashable {
    public static let fileName = "sweep.json"
    public static let escapesSlashes = false

    /// The sweep's name (its folder under `results/`).
    public var name: String
    /// The base scenario's path as resolved from the sweep file.
    public var scenario: String
    /// A digest of the decoded base scenario (FNV-1a 64 of its canonical JSON), so that results
    /// of an edited scenario are not mixed with new ones.
    public var scenarioDigest: String
    public var seed: UInt64
    public var replications: Int
    /// Axis field paths in sweep-file order (the columns of `sweep.csv`).
    public var axes: [String]
    /// Every cell, by index.
    public var cells: [SweepCell]

    public init(
        name: String, scenario: String, scenarioDigest: String, seed: UInt64, replications: Int,
        axes: [String], cells: [SweepCell]
    ) {
        self.name = name
        self.scenario = scenario
        self.scenarioDigest = scenarioDigest
        self.seed = seed
        self.replications = replications
        self.axes = axes
        self.cells = cells
    }

    /// The first difference to `other` that makes their results incomparable, or nil.
    public func difference(to other: SweepManifest) -> String? {
        if scenario != other.scenario { return "scenario \(other.scenario) instead of \(scenario)" }
        if scenarioDigest != other.scenarioDigest { return "the scenario \(scenario) was edited since" }
        if seed != other.seed { return "seed \(other.seed) instead of \(seed)" }
        if replications != other.replications {
            return "\(other.replications) replications instead of \(replications)"
        }
        if axes != other.axes { return "axes \(other.axes) instead of \(axes)" }
        if cells != other.cells { return "the axes' values differ" }
        return nil
    }
}
