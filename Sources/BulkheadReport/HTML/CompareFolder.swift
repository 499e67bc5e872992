import BulkheadResults
import Foundation

/// The contents of a `bulkhead compare` output folder, decoded into the types the comparison
/// wrote them from: `compare.json` (``ComparisonDocument``: means, confidence intervals, winners)
/// and `compare.csv` (``CompareRow``: each replication's value, drawn as dots).
struct CompareFolder: Sendable {
    static let files = [ComparisonDocument.fileName, CompareRow.csv.fileName]

    var document: ComparisonDocument
    /// Each replication's value: `values[metric][policy]`, replications ascending.
    var values: [String: [String: [Double]]]

    /// Reads `compare.json` and `compare.csv` in `directory`.
    /// - Throws: ``ReportError`` naming the missing or malformed file.
    init(directory: String) throws(ReportError) {
        document = try ReportFiles.decode(ComparisonDocument.self, directory)
        var values: [String: [String: [Double]]] = [:]
        for r in try ReportFiles.rows(CompareRow.csv, directory) {
            if let v = r.value { values[r.metric, default: [:]][r.policy, default: []].append(v) }
        }
        self.values = values
        for m in document.metrics {
            for p in document.policies where m.policies[p] == nil {
                throw ReportError(
                    file: ReportFiles.path(directory, ComparisonDocument.fileName),
                    message: "metric \"\(m.name)\" has no entry for policy \"\(p)\"")
            }
        }
    }
}
