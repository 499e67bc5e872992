import Foundation

/// An RFC 4180 CSV file read into memory: a header and rows of text cells, with errors that name
/// the file and the line. ``CSVSchema`` turns its rows into values.
///
/// The project writes its CSV files itself (see ``CSVCell``), so a small reader that understands
/// exactly that dialect (comma separator, optional double quotes with `""` escapes, `\n` or
/// `\r\n` line ends) is simpler and safer than a dependency: SwiftCSV 0.10.0 would also work, but
/// it would add a package to every clean build for forty lines of parsing.
struct CSVTable: Sendable {
    /// The file named in error messages (e.g. a path to `timeseries.csv`).
    var file: String
    var header: [String]
    var rows: [[String]]

    /// Parses `text`; every row must have as many cells as the header.
    /// - Complexity: O(n) in the length of `text`.
    init(file: String, text: String) throws(ResultFileError) {
        self.file = file
        let records = try Self.records(file: file, text: text)
        guard let header = records.first else { throw ResultFileError(file: file, message: "the file is empty") }
        self.header = header
        self.rows = Array(records.dropFirst())
        try checkWidths(rows, firstRow: 1)
    }

    /// A table of `header` alone, whose rows are read elsewhere (``CSVSchema/forEachRow(ofFile:chunkBytes:_:)``).
    init(file: String, header: [String]) {
        self.file = file
        self.header = header
        self.rows = []
    }

    /// Throws naming the first of `rows` (numbered from `firstRow`) whose width is not the header's.
    func checkWidths(_ rows: [[String]], firstRow: Int) throws(ResultFileError) {
        for (i, r) in rows.enumerated() where r.count != header.count {
            throw ResultFileError(
                file: file, message: "row \(firstRow + i) has \(r.count) cells, the header has \(header.count)")
        }
    }

    /// The records of `text`, a whole number of CSV records that starts at line `firstLine` of
    /// `file` (the line numbers errors give).
    /// - Complexity: O(n) in the length of `text`.
    static func records(file: String, text: String, firstLine: Int = 1) throws(ResultFileError) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var cell = ""
        var quoted = false
        var inQuotes = false
        var line = firstLine
        var recordLine = firstLine
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending {
                pending = nil
                return p
            }
            return chars.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" {
                            cell.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            pending = n
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    cell.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard cell.isEmpty && !quoted else {
                    throw ResultFileError(file: file, message: "line \(line): a quote inside an unquoted cell")
                }
                quoted = true
                inQuotes = true
            case ",":
                record.append(cell)
                cell = ""
                quoted = false
            case "\r":
                continue
            case "\n":
                record.append(cell)
                cell = ""
                quoted = false
                if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
                record = []
                line += 1
                recordLine = line
            default:
                if quoted {
                    throw ResultFileError(file: file, message: "line \(line): text after a closing quote")
                }
                cell.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw ResultFileError(file: file, message: "line \(recordLine): unterminated quoted cell") }
        if !cell.isEmpty || !record.isEmpty {
            record.append(cell)
            records.append(record)
        }
        return records
    }

    /// The index of each of `names` in the header; throws naming the first missing column.
    func columns(_ names: [String]) throws(ResultFileError) -> [Int] {
        var out: [Int] = []
        for n in names {
            guard let i = header.firstIndex(of: n) else {
                throw ResultFileError(file: file, message: "missing column \"\(n)\" (header: \(header.joined(separator: ",")))")
            }
            out.append(i)
        }
        return out
    }
}
