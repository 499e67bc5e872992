import Foundation

/// A file's columns: one case per column in file order, its raw value the header name. Every
/// column name of the project's CSV files is such a case, defined once and used by the writer
/// and the reader alike.
public protocol CSVColumns: CaseIterable, RawRepresentable, Sendable where RawValue == String, AllCases: Sendable {}

/// How one CSV file is written and read: its file name, its header, how a row value becomes cells
/// and how a record becomes a row value again. Writers encode rows with ``text(_:)``; readers
/// (the HTML report) decode them with ``rows(fromText:file:)`` — one schema for both directions.
/// A table view of another file (`plan.csv` of `plan.json`) is written only.
public struct CSVSchema<Row>: Sendable {
    /// The file name the schema is written under (`services.csv`).
    public let fileName: String
    /// The column names, in order.
    public let header: [String]
    let cells: @Sendable (Row) -> [CSVCell]
    /// nil for a table view that is not read back.
    let row: (@Sendable (CSVRecord) throws(ResultFileError) -> Row)?

    /// A schema with columns known only at run time (plan and sweep files name the varied fields).
    /// - Parameters:
    ///   - cells: a row's cells, in `header` order.
    ///   - row: the row value of a record.
    public init(
        fileName: String, header: [String], cells: @escaping @Sendable (Row) -> [CSVCell],
        row: (@Sendable (CSVRecord) throws(ResultFileError) -> Row)?
    ) {
        self.fileName = fileName
        self.header = header
        self.cells = cells
        self.row = row
    }

    /// A table view of values whose file of record is another: written, not read back.
    public init(fileName: String, header: [String], cells: @escaping @Sendable (Row) -> [CSVCell]) {
        self.init(fileName: fileName, header: header, cells: cells, row: nil)
    }

    /// A schema whose columns are the cases of `C`, in declaration order.
    /// - Parameter cell: the cell of one column of a row (a `switch` over `C` names every column).
    public init<C: CSVColumns>(
        fileName: String, columns: C.Type, cell: @escaping @Sendable (Row, C) -> CSVCell,
        row: @escaping @Sendable (CSVRecord) throws(ResultFileError) -> Row
    ) {
        let all = Array(C.allCases)
        self.init(fileName: fileName, header: all.map(\.rawValue), cells: { r in all.map { cell(r, $0) } }, row: row)
    }

    /// A schema whose columns are the cases of `C` except `omitting`, in declaration order (a column
    /// that only some files have, e.g. `zone` in clusters with zones).
    public init<C: CSVColumns>(
        fileName: String, columns: C.Type, omitting: Set<String>,
        cell: @escaping @Sendable (Row, C) -> CSVCell,
        row: @escaping @Sendable (CSVRecord) throws(ResultFileError) -> Row
    ) {
        let all = C.allCases.filter { !omitting.contains($0.rawValue) }
        self.init(fileName: fileName, header: all.map(\.rawValue), cells: { r in all.map { cell(r, $0) } }, row: row)
    }

    /// The file's text: the header, then one line per row.
    /// - Complexity: O(total length of the text).
    public func text(_ rows: some Sequence<Row>) -> String {
        var out = line(header.map(CSVCell.text))
        for r in rows { out += line(cells(r)) }
        return out
    }

    /// The header line (with its newline), for writers that stream rows (``line(of:)``).
    public var headerLine: String { line(header.map(CSVCell.text)) }

    /// One row's line (with its newline): ``text(_:)`` is ``headerLine`` then these lines.
    public func line(of row: Row) -> String { line(cells(row)) }

    /// ``text(_:)`` as UTF-8 bytes.
    public func data(_ rows: some Sequence<Row>) -> Data { Data(text(rows).utf8) }

    /// The rows of `text`, which must have every column of ``header`` (in any order; other
    /// columns are ignored).
    /// - Parameter file: the name errors give the file (usually its path).
    /// - Throws: ``ResultFileError`` naming the line, or the row and column, at fault.
    /// - Complexity: O(length of `text`).
    public func rows(fromText text: String, file: String) throws(ResultFileError) -> [Row] {
        guard let row else { throw ResultFileError(file: file, message: "is a table view of another file, not read back") }
        let table = try CSVTable(file: file, text: text)
        let index = try columnIndex(table)
        var out: [Row] = []
        out.reserveCapacity(table.rows.count)
        for (i, cells) in table.rows.enumerated() {
            out.append(try row(CSVRecord(file: file, row: i + 1, cells: cells, index: index)))
        }
        return out
    }

    /// The rows of the file at `path`, handed to `body` one at a time in file order, with the checks
    /// and errors of ``rows(fromText:file:)``. The file is read in pieces of about `chunkBytes`,
    /// each cut after a record's line end (a newline outside quotes), so memory stays bounded by
    /// the chunk whatever the file's length: a 30-day `timeseries.csv` is ~250 MB of text, which
    /// read whole (text, cells and rows) took several times that.
    /// - Throws: ``ResultFileError`` naming the file (missing, unreadable, not UTF-8) or the line,
    ///   or the row and column, at fault.
    /// - Complexity: O(length of the file) time, O(`chunkBytes` + longest record) memory.
    public func forEachRow(ofFile path: String, chunkBytes: Int = 1 << 22, _ body: (Row) -> Void) throws(ResultFileError) {
        guard let row else { throw ResultFileError(file: path, message: "is a table view of another file, not read back") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ResultFileError(file: path, message: "cannot be read")
        }
        defer { try? handle.close() }
        var pending: [UInt8] = []  // bytes read, not yet parsed: the start of an unfinished record
        var scanned = 0  // bytes of `pending` already scanned for record ends
        var inQuotes = false  // at `scanned`: `""` toggles twice, so parity tracks quoting
        var line = 1  // file line of `pending`'s first byte
        var table: CSVTable?
        var index: [String: Int] = [:]
        var rowsRead = 0
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: max(1, chunkBytes)) } catch {
                throw ResultFileError(file: path, message: "cannot be read (\(error.localizedDescription))")
            }
            let atEnd = chunk?.isEmpty ?? true
            if let chunk { pending.append(contentsOf: chunk) }
            var cut = 0
            for i in scanned..<pending.count {
                switch pending[i] {
                case UInt8(ascii: "\""): inQuotes.toggle()
                case UInt8(ascii: "\n") where !inQuotes: cut = i + 1
                default: continue
                }
            }
            scanned = pending.count
            if atEnd { cut = pending.count }
            if cut > 0 {
                let piece = pending[..<cut]
                guard let text = String(validating: piece, as: UTF8.self) else {
                    throw ResultFileError(file: path, message: "is not UTF-8 text")
                }
                var records = try CSVTable.records(file: path, text: text, firstLine: line)
                line += piece.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                pending.removeFirst(cut)
                scanned -= cut
                if table == nil, let header = records.first {
                    let t = CSVTable(file: path, header: header)
                    index = try columnIndex(t)
                    table = t
                    records.removeFirst()
                }
                if let table {
                    try table.checkWidths(records, firstRow: rowsRead + 1)
                    for cells in records {
                        rowsRead += 1
                        body(try row(CSVRecord(file: path, row: rowsRead, cells: cells, index: index)))
                    }
                }
            }
            if atEnd { break }
        }
        if table == nil { throw ResultFileError(file: path, message: "the file is empty") }
    }

    /// The position of each column of `table` by name (the first, if a name repeats), after
    /// checking that every column of ``header`` is there.
    private func columnIndex(_ table: CSVTable) throws(ResultFileError) -> [String: Int] {
        _ = try table.columns(header)
        var index: [String: Int] = [:]
        for (i, name) in table.header.enumerated() where index[name] == nil { index[name] = i }
        return index
    }

    /// Appended into one string (a fleet day's `timeseries.csv` is ~23 M lines: mapping the cells to
    /// an array of strings and joining it was a third of writing it).
    private func line(_ cells: [CSVCell]) -> String {
        var out = ""
        out.reserveCapacity(12 * cells.count)
        for i in cells.indices {
            if i > 0 { out.append(",") }
            out.append(cells[i].rendered)
        }
        out.append("\n")
        return out
    }
}
