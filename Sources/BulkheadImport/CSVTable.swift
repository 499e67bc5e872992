import Foundation

/// A small comma- or whitespace-separated table read with its positions, so that every bad cell
/// is reported as `file:line:column`. No quoting: none of the trace formats imported uses it.
struct CSVTable {
    let file: String
    /// The header's column names (empty for headerless files).
    let header: [String]
    /// Data rows: cells with their 1-based line and the 1-based column where each cell starts.
    let rows: [Row]

    struct Row {
        let line: Int
        let cells: [Substring]
        let columns: [Int]
    }

    /// Reads `path`. Blank lines and lines starting with `#` are skipped.
    /// - Throws: `ImportError` when the file cannot be read or is empty.
    init(path: String, hasHeader: Bool = true, separator: Character = ",") throws(ImportError) {
        file = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError(file: path, message: "cannot read the file", hint: "check the path")
        }
        let text = String(decoding: data, as: UTF8.self)
        var header: [String] = []
        var rows: [Row] = []
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy(\.isWhitespace) || line.first == "#" { continue }
            var cells: [Substring] = []
            var columns: [Int] = []
            if separator == " " {
                var col = 1
                var start: Substring.Index? = nil
                var startCol = 1
                for i in line.indices {
                    if line[i] == " " || line[i] == "\t" {
                        if let s = start {
                            cells.append(line[s..<i])
                            columns.append(startCol)
                            start = nil
                        }
                    } else if start == nil {
                        start = i
                        startCol = col
                    }
                    col += 1
                }
                if let s = start {
                    cells.append(line[s...])
                    columns.append(startCol)
                }
            } else {
                var col = 1
                for cell in line.split(separator: separator, omittingEmptySubsequences: false) {
                    cells.append(cell)
                    columns.append(col)
                    col += cell.count + 1
                }
            }
            if hasHeader && header.isEmpty {
                header = cells.map { $0.trimmingCharacters(in: .whitespaces) }
                continue
            }
            rows.append(Row(line: lineNo, cells: cells, columns: columns))
        }
        if rows.isEmpty && header.isEmpty { throw ImportError(file: path, message: "the file is empty") }
        self.header = header
        self.rows = rows
    }

    /// Index of column `name`.
    /// - Throws: when the header lacks it.
    func column(_ name: String) throws(ImportError) -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw ImportError(
                file: file, line: 1, message: "no column `\(name)` in the header",
                hint: "expected columns: \(header.joined(separator: ","))")
        }
        return i
    }

    /// Cell `i` of `row` as text (empty when the row is short).
    func text(_ row: Row, _ i: Int) -> Substring { i < row.cells.count ? row.cells[i] : "" }

    /// Cell `i` of `row` as a number ≥ `min`.
    /// - Throws: naming the file, line and column of a missing, non-numeric or too small cell.
    func number(_ row: Row, _ i: Int, _ what: String, min: Double = 0) throws(ImportError) -> Double {
        guard i < row.cells.count else {
            throw ImportError(
                file: file, line: row.line, message: "missing \(what) (\(row.cells.count) cells, expected at least \(i + 1))")
        }
        let t = row.cells[i].trimmingCharacters(in: .whitespaces)
        guard let v = Double(t), v.isFinite else {
            throw ImportError(
                file: file, line: row.line, column: row.columns[i], message: "\(what) \"\(t)\" is not a number")
        }
        guard v >= min else {
            throw ImportError(
                file: file, line: row.line, column: row.columns[i], message: "\(what) \(t) is below \(min)")
        }
        return v
    }
}
