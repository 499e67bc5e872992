/// One row of `compare.csv`, tidy: one metric of one run (policy × replication).
public struct CompareRow: Sendable, Hashable {
    public var policy: String
    public var replication: Int
    public var metric: String
    /// nil (an empty cell) where the metric is undefined in the run (p99 of a tenant without successes).
    public var value: Double?

    public init(policy: String, replication: Int, metric: String, value: Double?) {
        self.policy = policy
        self.replication = replication
        self.metric = metric
        self.value = value
    }

    /// The columns of `compare.csv`.
    public enum CSVColumn: String, CSVColumns {
        case policy, replication, metric, value
    }

    /// `compare.csv`.
    public static let csv = CSVSchema<CompareRow>(
        fileName: "compare.csv", columns: CSVColumn.self,
        cell: { x, c in
            switch c {
            case .policy: .text(x.policy)
            case .replication: .int(x.replication)
            case .metric: .text(x.metric)
            case .value: .optional(x.value)
            }
        },
        row: { r throws(ResultFileError) in
            CompareRow(
                policy: r.text(CSVColumn.policy), replication: try r.int(CSVColumn.replication),
                metric: r.text(CSVColumn.metric), value: try r.optionalDouble(CSVColumn.value))
        })
}

extension PolicyComparison {
    /// The rows of `compare.csv`: policies in comparison order, replications ascending, metrics in
    /// catalog order.
    /// - Complexity: O(policies · replications · metrics).
    public var rows: [CompareRow] {
        runs.joined().flatMap { run in
            metrics.map { m in
                CompareRow(policy: run.policy, replication: run.replication, metric: m.name, value: run.values[m.name])
            }
        }
    }
}
