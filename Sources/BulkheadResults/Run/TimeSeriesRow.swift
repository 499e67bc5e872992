/// One row of `timeseries.csv`, the tidy long format `minute,kind,name,metric,value`: one number
/// of one service or machine in one minute.
public struct TimeSeriesRow: Sendable, Hashable {
    /// What the row describes.
    public enum Kind: String, Sendable, CaseIterable {
        case service, machine
    }

    /// Every metric of the time series, its name as written; counts are written as integers.
    public enum Metric: String, Sendable, CaseIterable {
        /// Requests that ended in the minute.
        case requests
        /// Requests per simulated second over the measured part of the minute.
        case rate
        case failures
        /// Latency percentiles of the minute's successes, seconds (no row without successes).
        case p50, p99
        /// 1 when the minute was SLO-bad, else 0.
        case sloBad = "slo_bad"
        /// Autoscaled services only: replicas serving at the minute's end, and the desired count.
        case replicas
        case replicasDesired = "replicas_desired"
        /// Machines: busy cores ÷ cores and used ÷ total memory.
        case cpuUtilization = "cpu_utilization"
        case memoryUtilization = "memory_utilization"

        /// Whether values are whole numbers (written without a fraction).
        public var isCount: Bool {
            switch self {
            case .requests, .failures, .sloBad, .replicas, .replicasDesired: true
            case .rate, .p50, .p99, .cpuUtilization, .memoryUtilization: false
            }
        }
    }

    public var minute: Int
    public var kind: Kind
    /// The service's or machine's name.
    public var name: String
    public var metric: Metric
    public var value: Double

    public init(minute: Int, kind: Kind, name: String, metric: Metric, value: Double) {
        self.minute = minute
        self.kind = kind
        self.name = name
        self.metric = metric
        self.value = value
    }
}

extension TimeSeriesRow {
    /// The columns of `timeseries.csv`.
    public enum CSVColumn: String, CSVColumns {
        case minute, kind, name, metric, value
    }

    /// `timeseries.csv`.
    public static let csv = CSVSchema<TimeSeriesRow>(
        fileName: "timeseries.csv", columns: CSVColumn.self,
        cell: { t, c in
            switch c {
            case .minute: .int(t.minute)
            case .kind: .text(t.kind.rawValue)
            case .name: .text(t.name)
            case .metric: .text(t.metric.rawValue)
            case .value: t.metric.isCount ? .int(Int(t.value)) : .double(t.value)
            }
        },
        row: { r throws(ResultFileError) in
            typealias C = CSVColumn
            let minute = try r.int(C.minute)
            guard minute >= 0 else { throw r.error(C.minute.rawValue, "minute \(minute) is negative") }
            return TimeSeriesRow(
                minute: minute, kind: try r.value(C.kind), name: r.text(C.name), metric: try r.value(C.metric),
                value: try r.double(C.value))
        })
}

extension TimeSeriesRow {
    /// Appends the row's line of `timeseries.csv` — the bytes of ``csv``'s `line(of:)` — to
    /// `out`. A fleet's day is ~80 M rows; through the schema (an array of cells, each rendered,
    /// then joined) writing them took ~50 s of a 200 s run.
    /// - Complexity: O(length of the line).
    public func appendCSVLine(to out: inout [UInt8]) {
        func put(_ s: String) {
            var s = s
            s.withUTF8 { out.append(contentsOf: $0) }
        }
        put(String(minute))
        out.append(0x2C)
        put(kind.rawValue)
        out.append(0x2C)
        put(CSVCell.quote(name))
        out.append(0x2C)
        put(metric.rawValue)
        out.append(0x2C)
        put(metric.isCount ? String(Int(value)) : value.description)
        out.append(0x0A)
    }
}

extension RunResult {
    /// The rows of `timeseries.csv`, ordered by minute, then all services (configuration order,
    /// each `requests`, `rate`, `failures`, `p50`, `p99`, `slo_bad`, and `replicas`,
    /// `replicas_desired` when autoscaled), then all machines (`cpu_utilization`,
    /// `memory_utilization`).
    /// - Complexity: O(rows) time and memory (``forEachTimeSeriesRow(_:)`` streams them).
    public var timeSeriesRows: [TimeSeriesRow] {
        var rows: [TimeSeriesRow] = []
        forEachTimeSeriesRow { rows.append($0) }
        return rows
    }

    /// Calls `body` with each row of `timeseries.csv`, in ``timeSeriesRows`` order, reading the
    /// series one minute at a time.
    /// - Complexity: O(rows) time; memory independent of the number of minutes (except the
    ///   autoscaled services' replica counts, held by ``autoscaling``).
    public func forEachTimeSeriesRow(_ body: (TimeSeriesRow) throws -> Void) rethrows {
        var autoscaled: [String: [Int: AutoscalingResult.Minute]] = [:]
        for a in autoscaling { autoscaled[a.service] = Dictionary(a.minutes.map { ($0.minute, $0) }) { x, _ in x } }
        try timeSeries.forEachMinute { rows in
            let minute = rows.minute
            for s in rows.services {
                func row(_ metric: TimeSeriesRow.Metric, _ value: Double) throws {
                    try body(TimeSeriesRow(minute: minute, kind: .service, name: s.service, metric: metric, value: value))
                }
                try row(.requests, Double(s.requests))
                try row(.rate, s.rate)
                try row(.failures, Double(s.failures))
                if let p50 = s.p50 { try row(.p50, p50) }
                if let p99 = s.p99 { try row(.p99, p99) }
                try row(.sloBad, s.sloBad ? 1 : 0)
                if let a = autoscaled[s.service]?[minute] {
                    try row(.replicas, Double(a.serving))
                    try row(.replicasDesired, Double(a.desired))
                }
            }
            for m in rows.machines {
                try body(
                    TimeSeriesRow(
                        minute: minute, kind: .machine, name: m.machine, metric: .cpuUtilization, value: m.cpuUtilization))
                try body(
                    TimeSeriesRow(
                        minute: minute, kind: .machine, name: m.machine, metric: .memoryUtilization,
                        value: m.memoryUtilization))
            }
        }
    }
}
