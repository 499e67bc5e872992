/// One row of a CSV file, read cell by cell by column name, with errors that name the file, the
/// row (1-based, after the header) and the column.
public struct CSVRecord: Sendable {
    let file: String
    let row: Int
    let cells: [String]
    /// Column name → index in `cells`, shared by every row of a file.
    let index: [String: Int]

    /// The text of column `c` (empty when the file has no such column; ``CSVSchema`` checks the
    /// columns it reads before any row).
    public func text(_ c: String) -> String { index[c].map { cells[$0] } ?? "" }

    /// Column `c` as a double; an empty cell is nil.
    public func optionalDouble(_ c: String) throws(ResultFileError) -> Double? {
        let s = text(c)
        if s.isEmpty { return nil }
        guard let d = Double(s), d.isFinite else { throw error(c, "\"\(s)\" is not a number") }
        return d
    }

    /// Column `c` as a double; the cell must not be empty.
    public func double(_ c: String) throws(ResultFileError) -> Double {
        guard let d = try optionalDouble(c) else { throw error(c, "empty") }
        return d
    }

    /// Column `c` as an integer; an empty cell is nil.
    public func optionalInt(_ c: String) throws(ResultFileError) -> Int? {
        let s = text(c)
        if s.isEmpty { return nil }
        guard let i = Int(s) else { throw error(c, "\"\(s)\" is not a whole number") }
        return i
    }

    /// Column `c` as an integer; the cell must not be empty.
    public func int(_ c: String) throws(ResultFileError) -> Int {
        guard let i = try optionalInt(c) else { throw error(c, "empty") }
        return i
    }

    /// Column `c` as `true` or `false`.
    public func bool(_ c: String) throws(ResultFileError) -> Bool {
        switch text(c) {
        case "true": return true
        case "false": return false
        case let s: throw error(c, "\"\(s)\" is neither true nor false")
        }
    }

    /// Column `c` as a list of names joined with `;` (empty cell: no names).
    public func list(_ c: String) -> [String] { text(c).split(separator: ";").map(String.init) }

    /// Column `c` as one of the values of `T` (by raw value).
    public func value<T: RawRepresentable<String>>(_ c: String, as: T.Type = T.self) throws(ResultFileError) -> T {
        let s = text(c)
        guard let v = T(rawValue: s) else { throw error(c, "\"\(s)\" is not a known value") }
        return v
    }

    /// An error about column `c` of this row.
    public func error(_ c: String, _ what: String) -> ResultFileError {
        ResultFileError(file: file, message: "row \(row), column \"\(c)\": \(what)")
    }
}

extension CSVRecord {
    public func text<C: RawRepresentable<String>>(_ c: C) -> String { text(c.rawValue) }
    public func optionalDouble<C: RawRepresentable<String>>(_ c: C) throws(ResultFileError) -> Double? {
        try optionalDouble(c.rawValue)
    }
    public func double<C: RawRepresentable<String>>(_ c: C) throws(ResultFileError) -> Double { try double(c.rawValue) }
    public func optionalInt<C: RawRepresentable<String>>(_ c: C) throws(ResultFileError) -> Int? { try optionalInt(c.rawValue) }
    public func int<C: RawRepresentable<String>>(_ c: C) throws(ResultFileError) -> Int { try int(c.rawValue) }
    public func bool<C: RawRepresentable<String>>(_ c: C) throws(ResultFileError) -> Bool { try bool(c.rawValue) }
    public func list<C: RawRepresentable<String>>(_ c: C) -> [String] { list(c.rawValue) }
    public func value<C: RawRepresentable<String>, T: RawRepresentable<String>>(_ c: C, as: T.Type = T.self)
        throws(ResultFileError) -> T
    { try value(c.rawValue, as: T.self) }
}
