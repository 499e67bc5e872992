import BulkheadMetrics
import BulkheadResults
import Foundation

/// Writes the output folder of `bulkhead compare`:
///
/// | file | content |
/// |---|---|
/// | `compare.csv` | tidy: `policy,replication,metric,value`, one row per policy × replication × metric |
/// | `compare.json` | see ``ComparisonDocument``: per metric, per policy mean/CI, paired difference, winner |
///
/// Both files are staged as temporary files first and renamed into place only when both were
/// written (see ``AtomicFile``), so a folder never holds a half-written file.
public enum CompareWriter {
    public static let fileNames = ["compare.csv", "compare.json"]

    /// Writes both files into `directory` (created if missing).
    public static func write(_ c: PolicyComparison, to directory: String) throws {
        let files: [(String, Data)] = [("compare.csv", Data(csv(c).utf8)), ("compare.json", try json(c))]
        try AtomicFile.writeAll(files, to: directory)
    }

    /// `compare.csv`: policies in comparison order, replications ascending, metrics in catalog
    /// order; a metric undefined in a run (p99 of a tenant without successes) has an empty value.
    /// - Complexity: O(policies · replications · metrics).
    public static func csv(_ c: PolicyComparison) -> String {
        var csv = CSV(header: ["policy", "replication", "metric", "value"])
        for row in c.runs {
            for run in row {
                for m in c.metrics {
                    csv.row([.text(run.policy), .int(run.replication), .text(m.name), .optional(run.values[m.name])])
                }
            }
        }
        return csv.text
    }

    /// `compare.json` bytes (sorted keys, pretty-printed, trailing newline).
    public static func json(_ c: PolicyComparison) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        var data = try encoder.encode(ComparisonDocument(c))
        data.append(0x0A)
        return data
    }
}
