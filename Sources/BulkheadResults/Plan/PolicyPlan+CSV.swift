extension PolicyPlan {
    /// The fixed columns of `plan.csv`; the varied field paths come between ``total`` and
    /// ``machines``.
    public enum CSVColumn: String, CSVColumns {
        case policy, feasible, total
        case machines
        case cpuPeak = "cpu_peak"
        case memoryPeak = "memory_peak"
        case costPerHour = "cost_per_hour"
        case simulations
        /// How many totals the search evaluated.
        case evaluations

        /// The columns before the varied paths.
        static let leading: [CSVColumn] = [.policy, .feasible, .total]
        /// The columns after them.
        static let trailing: [CSVColumn] = allCases.filter { !leading.contains($0) }
    }

    /// `plan.csv` for a plan varying `vary`: one row per policy, `policy,feasible,total,<vary…>,
    /// machines,cpu_peak,memory_peak,cost_per_hour,simulations,evaluations`; an infeasible
    /// policy has empty sizes.
    ///
    /// A table view of `plan.json` (``CapacityPlan``, the file of record), written and not read
    /// back: it shows how many totals were evaluated, not which.
    public static func csv(vary: [String]) -> CSVSchema<PolicyPlan> {
        typealias C = CSVColumn
        return CSVSchema(
            fileName: "plan.csv", header: C.leading.map(\.rawValue) + vary + C.trailing.map(\.rawValue),
            cells: { x in
                func cell(_ c: C) -> CSVCell {
                    switch c {
                    case .policy: .text(x.policy)
                    case .feasible: .bool(x.feasible)
                    case .total: .optional(x.total)
                    case .machines: .optional(x.machines)
                    case .cpuPeak: .optional(x.cpuPeak)
                    case .memoryPeak: .optional(x.memoryPeak)
                    case .costPerHour: .optional(x.costPerHour)
                    case .simulations: .int(x.simulations)
                    case .evaluations: .int(x.evaluations.count)
                    }
                }
                let counts: [CSVCell] = x.counts.map { $0.map(CSVCell.int) } ?? vary.map { _ in .missing }
                return C.leading.map(cell) + counts + C.trailing.map(cell)
            })
    }
}
