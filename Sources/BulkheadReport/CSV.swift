import Foundation

/// Builds RFC 4180 CSV text with one fixed number format:
/// - integers in decimal;
/// - doubles in Swift's shortest round-trip form (`Double.description`: `0.25`, `100.0`, `1e-05`),
///   which reads back to the identical `Double`;
/// - a missing value (nil) as an empty cell;
/// - text quoted only when it contains a comma, a quote, CR or LF (quotes doubled).
/// Lines end with `\n`.
struct CSV {
    private(set) var text = ""

    init(header: [String]) { row(header.map(Cell.text)) }

    enum Cell {
        case text(String)
        case int(Int)
        case double(Double)
        case missing

        static func optional(_ d: Double?) -> Cell { d.map(Cell.double) ?? .missing }

        var rendered: String {
            switch self {
            case .text(let s): CSV.quote(s)
            case .int(let i): String(i)
            case .double(let d): CSV.number(d)
            case .missing: ""
            }
        }
    }

    mutating func row(_ cells: [Cell]) {
        text += cells.map(\.rendered).joined(separator: ",")
        text += "\n"
    }

    static func number(_ d: Double) -> String { d.description }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
