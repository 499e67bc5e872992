import BulkheadResults
import Foundation

/// Writes the output folder of `bulkhead compare`:
///
/// | file | content |
/// |---|---|
/// | `compare.csv` | ``CompareRow/csv``, tidy: `policy,replication,metric,value`, one row per policy × replication × metric |
/// | `compare.json` | ``ComparisonDocument``: per metric, per policy mean/CI, paired difference, winner |
///
/// Both files are staged as temporary files first and renamed into place only when both were
/// written (see ``AtomicFile``), so a folder never holds a half-written file.
public enum CompareWriter {
    public static let fileNames = [CompareRow.csv.fileName, ComparisonDocument.fileName]

    /// Writes both files into `directory` (created if missing).
    public static func write(_ c: PolicyComparison, to directory: String) throws {
        let files: [(String, Data)] = [
            (CompareRow.csv.fileName, CompareRow.csv.data(c.rows)),
            (ComparisonDocument.fileName, try ComparisonDocument(c).jsonData()),
        ]
        try AtomicFile.writeAll(files, to: directory)
    }
}
