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
        series = Self.series(try ReportFiles.rows(TimeSeriesRow.csv, directory))
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

    /// The tidy rows as per-entity arrays over the measured minutes.
    /// - Complexity: O(rows).
    static func series(_ rows: [TimeSeriesRow]) -> Series {
        var s = Series()
        s.minutes = Set(rows.map(\.minute)).sorted()
        var index: [Int: Int] = [:]
        for (k, m) in s.minutes.enumerated() { index[m] = k }
        let n = s.minutes.count
        for r in rows {
            let k = index[r.minute]!
            switch (r.kind, r.metric) {
            case (.machine, .cpuUtilization):
                s.cpu[r.name, default: Array(repeating: nil, count: n)][k] = r.value
            case (.service, .p99):
                s.p99[r.name, default: Array(repeating: nil, count: n)][k] = r.value
            case (.service, .sloBad):
                s.sloBad[r.name, default: Array(repeating: false, count: n)][k] = r.value != 0
            default:
                continue
            }
        }
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
        let p = path(directory, name)
        guard exists(directory, name) else { throw ReportError(file: p, message: "missing (expected in a results folder)") }
        guard let data = FileManager.default.contents(atPath: p) else { throw ReportError(file: p, message: "cannot be read") }
        guard let s = String(data: data, encoding: .utf8) else { throw ReportError(file: p, message: "is not UTF-8 text") }
        return s
    }

    /// The rows of `schema`'s file in `directory`.
    static func rows<Row>(_ schema: CSVSchema<Row>, _ directory: String) throws(ReportError) -> [Row] {
        try schema.rows(fromText: try text(directory, schema.fileName), file: path(directory, schema.fileName))
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
