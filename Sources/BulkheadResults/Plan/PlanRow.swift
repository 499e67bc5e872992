/// One row of `plan.csv`: one policy's answer, the table view of a ``PolicyPlan`` (the search's
/// evaluations are in `plan.json`; here only their count).
public struct PlanRow: Sendable, Hashable {
    public var policy: String
    public var feasible: Bool
    /// nil (empty cells) when infeasible.
    public var total: Int?
    /// The varied fields' counts, in `CapacityPlan.vary` order; nil when infeasible.
    public var counts: [Int]?
    public var machines: Int?
    public var cpuPeak: Double?
    public var memoryPeak: Double?
    public var costPerHour: Double?
    public var simulations: Int
    /// How many totals the search evaluated.
    public var evaluations: Int

    public init(
        policy: String, feasible: Bool, total: Int?, counts: [Int]?, machines: Int?, cpuPeak: Double?,
        memoryPeak: Double?, costPerHour: Double?, simulations: Int, evaluations: Int
    ) {
        self.policy = policy
        self.feasible = feasible
        self.total = total
        self.counts = counts
        self.machines = machines
        self.cpuPeak = cpuPeak
        self.memoryPeak = memoryPeak
        self.costPerHour = costPerHour
        self.simulations = simulations
        self.evaluations = evaluations
    }

    /// The row of one policy's plan.
    public init(_ p: PolicyPlan) {
        self.init(
            policy: p.policy, feasible: p.feasible, total: p.total, counts: p.counts, machines: p.machines,
            cpuPeak: p.cpuPeak, memoryPeak: p.memoryPeak, costPerHour: p.costPerHour, simulations: p.simulations,
            evaluations: p.evaluations.count)
    }

    /// The fixed columns of `plan.csv`; the varied field paths come between ``total`` and
    /// ``machines``.
    public enum CSVColumn: String, CSVColumns {
        case policy, feasible, total
        case machines
        case cpuPeak = "cpu_peak"
        case memoryPeak = "memory_peak"
        case costPerHour = "cost_per_hour"
        case simulations, evaluations

        /// The columns before the varied paths.
        static let leading: [CSVColumn] = [.policy, .feasible, .total]
        /// The columns after them.
        static let trailing: [CSVColumn] = allCases.filter { !leading.contains($0) }
    }

    /// `plan.csv` for a plan varying `vary`: one row per policy, `policy,feasible,total,<vary…>,
    /// machines,cpu_peak,memory_peak,cost_per_hour,simulations,evaluations`.
    public static func csv(vary: [String]) -> CSVSchema<PlanRow> {
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
                    case .evaluations: .int(x.evaluations)
                    }
                }
                let counts: [CSVCell] = x.counts.map { $0.map(CSVCell.int) } ?? vary.map { _ in .missing }
                return C.leading.map(cell) + counts + C.trailing.map(cell)
            },
            row: { r throws(ResultFileError) in
                var counts: [Int] = []
                for path in vary { if let n = try r.optionalInt(path) { counts.append(n) } }
                return PlanRow(
                    policy: r.text(C.policy), feasible: try r.bool(C.feasible), total: try r.optionalInt(C.total),
                    counts: counts.count == vary.count ? counts : nil, machines: try r.optionalInt(C.machines),
                    cpuPeak: try r.optionalDouble(C.cpuPeak), memoryPeak: try r.optionalDouble(C.memoryPeak),
                    costPerHour: try r.optionalDouble(C.costPerHour), simulations: try r.int(C.simulations),
                    evaluations: try r.int(C.evaluations))
            })
    }
}

extension CapacityPlan {
    /// The rows of `plan.csv`, policies in plan order.
    public var rows: [PlanRow] { policies.map(PlanRow.init) }
}
