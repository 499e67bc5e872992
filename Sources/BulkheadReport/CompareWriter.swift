import BulkheadResults
import Foundation

/// Writes the output folder of `bulkhead compare`:
///
/// | file | content |
/// |---|---|
/// | `compare.csv` | ``CompareRow/csv``, tidy: `policy,replication,metric,value`, one row per policy × replication × metric |
/// | `compare.json` | ``ComparisonDocument``: per metric, per policy mean/CI, paired difference, winner |
///
/// Both files replace the folder's outputs in one atomic update (``AtomicFolder``; `report.html`
/// counts as ours too, other files are kept).
public enum CompareWriter {
    public static let fileNames = [CompareRow.csv.fileName, ComparisonDocument.fileName]

    /// Writes both files into `directory` (created if missing).
    public static func write(_ c: PolicyComparison, to directory: String) throws {
        let files = [
            OutputFile(CompareRow.csv.fileName, data: CompareRow.csv.data(c.rows)),
            OutputFile(ComparisonDocument.fileName, data: try ComparisonDocument(c).jsonData()),
        ]
        try AtomicFolder.replace(directory, with: files, owned: [HTMLReport.fileName])
    }
}
