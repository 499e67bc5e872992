import Foundation

/// The contents of a `bulkhead compare` output folder: `compare.json` (means, confidence
/// intervals, winners) and `compare.csv` (each replication's value, drawn as dots).
struct CompareFolder: Sendable {
    static let files = ["compare.json", "compare.csv"]

    struct Interval: Decodable, Sendable {
        var mean: Double?
        var ci: [Double?]
        var halfWidth: Double?
        var n: Int
        var lower: Double? { ci.count == 2 ? ci[0] : nil }
        var upper: Double? { ci.count == 2 ? ci[1] : nil }
    }

    struct PolicyEntry: Decodable, Sendable {
        var mean: Double?
        var ci: [Double?]
        var halfWidth: Double?
        var n: Int
        var differenceToBaseline: Interval?
        var estimate: Interval { Interval(mean: mean, ci: ci, halfWidth: halfWidth, n: n) }
    }

    struct Metric: Decodable, Sendable {
        var name: String
        var better: String
        var winner: String?
        var policies: [String: PolicyEntry]
    }

    struct Document: Decodable, Sendable {
        var scenario: String
        var seed: UInt64
        var replications: Int
        var confidence: Double
        var baseline: String
        var policies: [String]
        var metrics: [Metric]
    }

    var document: Document
    /// Each replication's value: `values[metric][policy]`, replications ascending.
    var values: [String: [String: [Double]]]

    /// Reads `compare.json` and `compare.csv` in `directory`.
    /// - Throws: ``ReportError`` naming the missing or malformed file.
    init(directory: String) throws(ReportError) {
        document = try ReportFiles.decode(Document.self, directory, "compare.json")
        let t = try ReportFiles.table(directory, "compare.csv")
        let c = try t.columns(["policy", "replication", "metric", "value"])
        var values: [String: [String: [Double]]] = [:]
        for i in t.rows.indices {
            let r = t.rows[i]
            if let v = try t.double(i, c[3]) { values[r[c[2]], default: [:]][r[c[0]], default: []].append(v) }
        }
        self.values = values
        for m in document.metrics {
            for p in document.policies where m.policies[p] == nil {
                throw ReportError(
                    file: ReportFiles.path(directory, "compare.json"),
                    message: "metric \"\(m.name)\" has no entry for policy \"\(p)\"")
            }
        }
    }
}
