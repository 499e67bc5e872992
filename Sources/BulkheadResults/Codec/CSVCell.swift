import Foundation

/// One cell of a CSV file, in the one format every CSV file of the project uses:
/// - integers in decimal;
/// - doubles in Swift's shortest round-trip form (`Double.description`: `0.25`, `100.0`, `1e-05`),
///   which reads back to the identical `Double`;
/// - ``fixed(_:digits:)``: a double with a fixed number of decimals (`%.4f`), for a column meant
///   to be read by people;
/// - a missing value as an empty cell;
/// - text quoted only when it contains a comma, a quote, CR or LF (quotes doubled, RFC 4180).
///
/// Lines end with `\n`. A small codec rather than a CSV package: the files flatten nested values
/// (`latency.p99` → `latency_p99_s`, lists joined with `;`) through ``CSVSchema``, so a library
/// would contribute only the tokenising, and neither SwiftCSV 0.10.0 nor CSV.swift 2.5.2 writes
/// these number formats (they take strings) — they would add a package to every clean build for
/// the quoting rule above and the reader in ``CSVTable``.
public enum CSVCell: Sendable, Equatable {
    case text(String)
    case int(Int)
    case double(Double)
    case fixed(Double, digits: Int)
    case missing

    /// A double, or an empty cell for nil.
    public static func optional(_ d: Double?) -> CSVCell { d.map(CSVCell.double) ?? .missing }
    /// An integer, or an empty cell for nil.
    public static func optional(_ i: Int?) -> CSVCell { i.map(CSVCell.int) ?? .missing }
    /// `true` or `false`.
    public static func bool(_ b: Bool) -> CSVCell { .text(b ? "true" : "false") }
    /// Names joined with `;` (names never contain one).
    public static func list(_ items: [String]) -> CSVCell { .text(items.joined(separator: ";")) }

    /// The cell as written.
    public var rendered: String {
        switch self {
        case .text(let s): Self.quote(s)
        case .int(let i): String(i)
        case .double(let d): d.description
        case .fixed(let d, let digits): String(format: "%.\(digits)f", d)
        case .missing: ""
        }
    }

    /// `s`, quoted (quotes doubled) when it contains a comma, a quote, CR or LF.
    static func quote(_ s: String) -> String {
        // Scanned as UTF-8 bytes (these four are ASCII, never part of a multi-byte character): a
        // fleet's placement.csv has millions of cells, and a Character scan dominated its writing.
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
