import BulkheadResults
import Foundation

extension RunFolder {
    /// Reads every input of the run folder at `directory`.
    /// - Throws: ``ReportError`` naming the first missing or malformed file.
    /// - Complexity: O(size of the input files).
    init(directory: String) throws(ReportError) {
        summary = try ReportFiles.decode(RunSummary.self, directory)
        services = try ReportFiles.rows(ServiceResult.csv, directory)
        machines = try ReportFiles.rows(MachineResult.csv, directory)
        containers = try ReportFiles.rows(ContainerResult.csv, directory)
        var builder = SeriesBuilder()
        try ReportFiles.forEachRow(TimeSeriesRow.csv, directory) { builder.add($0) }
        series = builder.series()
        incidents = try ReportFiles.optionalRows(IncidentImpact.csv, directory)
        // `bulkhead run` writes incidents.csv only for runs with incidents, so one whose rows
        // disagree with summary.json is left over from an earlier run into the same folder.
        if let incidents, incidents.count != summary.incidents.total {
            throw ReportError(
                file: ReportFiles.path(directory, IncidentImpact.csv.fileName),
                message: "has \(incidents.count) incidents but summary.json counts \(summary.incidents.total): "
                    + "it is left over from an earlier run into this folder; delete it or run again into a new folder")
        }
        interference = try ReportFiles.optionalRows(InterferenceCell.csv, directory)
    }
}

/// Builds ``RunFolder/Series`` from `timeseries.csv`'s rows one at a time, so that the file is
/// never held whole (a 30-day run's is ~250 MB): memory is the series the charts draw (one value
/// per minute for each machine's CPU and each service's p99 and SLO verdict) and the minute index.
/// Rows may come in any minute order; every row's minute counts as measured.
struct SeriesBuilder {
    private var minutes: [Int] = []
    private var position: [Int: Int] = [:]
    private var cpu: [String: [Double?]] = [:]
    private var p99: [String: [Double?]] = [:]
    private var sloBad: [String: [Bool]] = [:]

    /// - Complexity: O(1) amortised.
    mutating func add(_ r: TimeSeriesRow) {
        let k: Int
        if let known = position[r.minute] {
            k = known
        } else {
            k = minutes.count
            position[r.minute] = k
            minutes.append(r.minute)
        }
        // Columns grow to the minute they are given a value in; `series()` pads them.
        func set<T>(_ column: inout [T], _ value: T, empty: T) {
            if column.count <= k { column.append(contentsOf: repeatElement(empty, count: k + 1 - column.count)) }
            column[k] = value
        }
        switch (r.kind, r.metric) {
        case (.machine, .cpuUtilization): set(&cpu[r.name, default: []], r.value, empty: nil)
        case (.service, .p99): set(&p99[r.name, default: []], r.value, empty: nil)
        case (.service, .sloBad): set(&sloBad[r.name, default: []], r.value != 0, empty: false)
        default: return
        }
    }

    /// The series over the measured minutes in ascending order.
    /// - Complexity: O(values) when the rows came in minute order, else O(values + minutes log minutes).
    func series() -> RunFolder.Series {
        let n = minutes.count
        let sorted = zip(minutes, minutes.dropFirst()).allSatisfy { $0 < $1 }
        let order = sorted ? Array(0..<n) : minutes.indices.sorted { minutes[$0] < minutes[$1] }
        func arrange<T>(_ values: [String: [T]], empty: T) -> [String: [T]] {
            values.mapValues { column in
                let full = column + repeatElement(empty, count: n - column.count)
                return sorted ? full : order.map { full[$0] }
            }
        }
        var s = RunFolder.Series()
        s.minutes = order.map { minutes[$0] }
        s.cpu = arrange(cpu, empty: nil)
        s.p99 = arrange(p99, empty: nil)
        s.sloBad = arrange(sloBad, empty: false)
        return s
    }
}

/// Reading input files with errors that name them.
enum ReportFiles {
    static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func exists(_ directory: String, _ name: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path(directory, name), isDirectory: &isDirectory)
            && !isDirectory.boolValue
    }

    /// The file's text; throws if it is missing, unreadable or not UTF-8.
    static func text(_ directory: String, _ name: String) throws(ReportError) -> String {
        let p = try existingPath(directory, name)
        guard let data = FileManager.default.contents(atPath: p) else { throw ReportError(file: p, message: "cannot be read") }
        guard let s = String(data: data, encoding: .utf8) else { throw ReportError(file: p, message: "is not UTF-8 text") }
        return s
    }

    /// The rows of `schema`'s file in `directory`.
    static func rows<Row>(_ schema: CSVSchema<Row>, _ directory: String) throws(ReportError) -> [Row] {
        try schema.rows(fromText: try text(directory, schema.fileName), file: path(directory, schema.fileName))
    }

    /// The rows of `schema`'s file in `directory`, one at a time, without holding the file whole.
    static func forEachRow<Row>(_ schema: CSVSchema<Row>, _ directory: String, _ body: (Row) -> Void) throws(ReportError) {
        try schema.forEachRow(ofFile: try existingPath(directory, schema.fileName), body)
    }

    /// The path of `name` in `directory`; throws if there is no such file.
    static func existingPath(_ directory: String, _ name: String) throws(ReportError) -> String {
        let p = path(directory, name)
        guard exists(directory, name) else { throw ReportError(file: p, message: "missing (expected in a results folder)") }
        return p
    }

    /// Like ``rows(_:_:)``, nil when the file does not exist.
    static func optionalRows<Row>(_ schema: CSVSchema<Row>, _ directory: String) throws(ReportError) -> [Row]? {
        exists(directory, schema.fileName) ? try rows(schema, directory) : nil
    }

    /// The document `T` in `directory`.
    static func decode<T: JSONDocument>(_ type: T.Type, _ directory: String) throws(ReportError) -> T {
        try T(jsonData: Data(try text(directory, T.fileName).utf8), file: path(directory, T.fileName))
    }
}
