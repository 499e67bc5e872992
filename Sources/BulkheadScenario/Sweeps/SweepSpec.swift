/// A sweep file: a base scenario, axes (field path → values, expanded as a cartesian product)
/// and a number of replications per combination.
///
/// ```yaml
/// scenario: ../minimal.yaml        # relative to the sweep file
/// name: small                      # default: the sweep file's name without extension
/// set: { duration: 2h }            # optional: fixed settings for every cell, like --set
/// axes:
///   racks[0].machines: [1, 2]
///   placement.policy: [binpack, spread]
/// replications: 2
/// seed: 7                          # default: the scenario's
/// ```
public struct SweepSpec: Sendable, Equatable {
    /// The sweep's name: the folder under `results/`.
    public var name: String
    /// The sweep file (as given).
    public var file: String
    /// The base scenario's path, resolved against the sweep file's folder.
    public var scenario: String
    /// Fixed settings applied to every cell before the axes (`set:`), in file order.
    public var fixed: [FieldSetting] = []
    /// Axes in file order; the first varies slowest in the cartesian product.
    public var axes: [SweepAxis]
    /// Replications per combination (at least 1).
    public var replications: Int
    /// Overrides the scenario's seed, if given.
    public var seed: UInt64?

    public init(name: String, file: String, scenario: String, axes: [SweepAxis], replications: Int, seed: UInt64?) {
        self.name = name
        self.file = file
        self.scenario = scenario
        self.axes = axes
        self.replications = replications
        self.seed = seed
    }

    /// Number of axis-value combinations (the product of the axes' sizes; 1 without axes).
    public var combinationCount: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// The settings of combination `index` (row-major: the last axis varies fastest).
    /// - Complexity: O(axes).
    public func settings(ofCombination index: Int) -> [FieldSetting] {
        precondition(index >= 0 && index < combinationCount, "combination \(index) of \(combinationCount)")
        var rest = index
        var chosen: [FieldSetting] = Array(repeating: FieldSetting(path: "", value: ""), count: axes.count)
        for a in axes.indices.reversed() {
            let n = axes[a].values.count
            chosen[a] = axes[a].values[rest % n]
            rest /= n
        }
        return chosen
    }
}

/// One axis of a sweep: a scenario field path and the values it takes.
public struct SweepAxis: Sendable, Equatable {
    /// The field path in `--set` syntax.
    public var path: String
    /// One setting of `path` per value, in file order.
    public var values: [FieldSetting]

    public init(path: String, values: [FieldSetting]) {
        self.path = path
        self.values = values
    }
}
