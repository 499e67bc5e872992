/// A kind of failure unit of the static blast-radius analysis, as the outputs of `bulkhead place`
/// name it (`blast-radius.csv` → `kind`, the keys of `--json` → `blastRadius`).
public enum FailureUnitKind: String, Codable, Sendable, CaseIterable {
    case machine, rack
    /// A zone (a failure domain holding racks); only in clusters with zones.
    case zone
    /// Machines with a role (e.g. data machines), as their own unit kind.
    case roleMachine = "role-machine"
    case balancer
}
