/// A request-rate trace file read into one rate per fixed interval.
///
/// The format, chosen to take what monitoring exports write without editing:
/// - Fields separated by commas (CSV) when the first data line has a comma, else by blanks.
/// - `#` starts a comment line; blank lines are skipped.
/// - A first line with a non-numeric field is a header naming the columns.
/// - Either a fixed `interval` (row i covers [i·interval, (i+1)·interval) of the trace), or a time
///   column in seconds (e.g. Unix time): row times must increase strictly and lie on a grid of
///   `interval` (default: the smallest spacing between two rows) from the first row's time, which
///   is trace position 0; grid slots without a row are zero traffic (a logging gap, an outage).
/// - The value column holds counts per interval (`counts`, divided by the interval) or requests
///   per second (`rates`), finite and ≥ 0.
public struct TraceFile: Sendable, Equatable {
    /// What the value column holds.
    public enum Values: String, Sendable, Equatable, Codable, CaseIterable {
        /// Requests counted in each interval.
        case counts
        /// Requests per second over each interval.
        case rates
    }

    /// A column chosen by header name or by 1-based position.
    public enum Column: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
        case name(String)
        case position(Int)

        public var description: String {
            switch self {
            case .name(let n): "`\(n)`"
            case .position(let p): "column \(p)"
            }
        }
    }

    /// How to read a file.
    public struct Options: Sendable, Equatable {
        /// Seconds per row; nil with a time column means the smallest spacing of the times.
        public var interval: Double?
        /// The time column (seconds), or nil for rows at a fixed interval.
        public var time: Column?
        /// The value column; nil means the last column.
        public var column: Column?
        public var values: Values

        public init(interval: Double? = nil, time: Column? = nil, column: Column? = nil, values: Values = .counts) {
            self.interval = interval
            self.time = time
            self.column = column
            self.values = values
        }
    }

    /// A problem at a place in the file (1-based line and column; column is the field's first character).
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int?
        public var column: Int?
        public var message: String
        public var hint: String?

        public var description: String {
            var s = ""
            if let line { s += "\(line):" + (column.map { "\($0):" } ?? "") + " " }
            return s + message + (hint.map { " — " + $0 } ?? "")
        }
    }

    /// Seconds per interval.
    public var interval: Double
    /// Requests per second of each interval (unscaled).
    public var rates: [Double]

    public init(interval: Double, rates: [Double]) {
        self.interval = interval
        self.rates = rates
    }

    /// Parses a trace file's text.
    /// - Throws: the first problem, with its line and column.
    /// - Complexity: O(characters + grid slots).
    public static func parse(_ text: String, options: Options) throws(Problem) -> TraceFile {
        var rows: [(line: Int, fields: [(text: Substring, column: Int)])] = []
        var header: [String]?
        var headerLine: Int?
        var comma: Bool?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.last == "\r" ? raw.dropLast() : raw
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            if comma == nil { comma = line.contains(",") }
            let fields = split(line, comma: comma!)
            if header == nil && rows.isEmpty && fields.contains(where: { Quantity.number(String($0.text)) == nil }) {
                header = fields.map { String($0.text) }
                headerLine = n + 1
                continue
            }
            rows.append((n + 1, fields))
        }
        guard !rows.isEmpty else {
            throw Problem(
                line: 1, column: 1, message: "the trace has no data rows",
                hint: "give one row per interval: a count (or rate), optionally after a time column")
        }
        let width = rows[0].fields.count
        let at = headerLine ?? rows[0].line
        let valueIndex = try index(of: options.column ?? .position(width), header: header, width: width, role: "value", line: at)
        var timeIndex: Int?
        if let c = options.time { timeIndex = try index(of: c, header: header, width: width, role: "time", line: at) }
        if let timeIndex, timeIndex == valueIndex {
            throw Problem(
                line: rows[0].line, column: nil,
                message: "the time column and the value column are the same column \(timeIndex + 1)",
                hint: "set `column` to the column of counts or rates")
        }
        var values: [Double] = []
        var times: [Double] = []
        values.reserveCapacity(rows.count)
        for row in rows {
            guard row.fields.count == width else {
                throw Problem(
                    line: row.line, column: row.fields.last.map { $0.column },
                    message:
                        "this row has \(row.fields.count) field\(row.fields.count == 1 ? "" : "s"), the first row has \(width)",
                    hint: "every row needs the same columns")
            }
            let field = row.fields[valueIndex]
            guard let v = Quantity.number(String(field.text)) else {
                throw Problem(line: row.line, column: field.column, message: "\(String(field.text).debugQuoted) is not a number")
            }
            guard v >= 0 else {
                throw Problem(
                    line: row.line, column: field.column,
                    message: "a negative \(options.values == .counts ? "count" : "rate") (\(field.text))")
            }
            values.append(v)
            if let timeIndex {
                let tf = row.fields[timeIndex]
                guard let t = Quantity.number(String(tf.text)) else {
                    throw Problem(
                        line: row.line, column: tf.column, message: "\(String(tf.text).debugQuoted) is not a time in seconds")
                }
                if let last = times.last, t <= last {
                    throw Problem(
                        line: row.line, column: tf.column,
                        message: t == last
                            ? "a duplicate time (\(tf.text))" : "times must increase: \(tf.text) comes after \(format(last))",
                        hint: "sort the rows by time and merge rows of the same interval")
                }
                times.append(t)
            }
        }
        guard let timeIndex else {
            guard let interval = options.interval else {
                throw Problem(
                    line: nil, column: nil, message: "neither an interval nor a time column is given",
                    hint: "set `interval` (e.g. 1m) for rows at a fixed interval, or `time` for a column of times in seconds")
            }
            return TraceFile(interval: interval, rates: values.map { options.values == .counts ? $0 / interval : $0 })
        }
        // Times on a grid: slot j = (t − t₀) / interval; missing slots are zero traffic.
        var interval = options.interval ?? .infinity
        if options.interval == nil {
            for k in times.indices.dropFirst() { interval = min(interval, times[k] - times[k - 1]) }
            guard interval.isFinite else {
                throw Problem(
                    line: rows[0].line, column: nil, message: "a single row with a time column does not give an interval",
                    hint: "set `interval` (e.g. 1m)")
            }
        }
        let slots = ((times[times.count - 1] - times[0]) / interval).rounded() + 1
        guard slots <= 50_000_000 else {
            throw Problem(
                line: rows[rows.count - 1].line, column: rows[rows.count - 1].fields[timeIndex].column,
                message: "the times span \(Int(slots)) intervals of \(format(interval)) s (at most 50,000,000)",
                hint: "check the time column's unit (seconds) or give a larger `interval`")
        }
        var rates = [Double](repeating: 0, count: Int(slots))
        var previous = -1
        for (k, t) in times.enumerated() {
            let x = (t - times[0]) / interval
            let j = Int(x.rounded())
            let tf = rows[k].fields[timeIndex]
            guard abs(x - Double(j)) < 1e-6 * max(1, x) else {
                throw Problem(
                    line: rows[k].line, column: tf.column,
                    message: "time \(tf.text) is not on the \(format(interval)) s grid starting at \(format(times[0]))",
                    hint: "give `interval` as the rows' spacing, or aggregate the rows to whole intervals")
            }
            guard j > previous else {
                throw Problem(
                    line: rows[k].line, column: tf.column,
                    message: "time \(tf.text) falls in the same \(format(interval)) s interval as the row before")
            }
            previous = j
            rates[j] = options.values == .counts ? values[k] / interval : values[k]
        }
        return TraceFile(interval: interval, rates: rates)
    }

    /// `12` for a whole number, else the shortest exact decimal.
    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }

    /// Splits a line into fields with their 1-based columns: at commas (fields trimmed), or at runs of blanks.
    static func split(_ line: Substring, comma: Bool) -> [(text: Substring, column: Int)] {
        var out: [(Substring, Int)] = []
        var start = line.startIndex
        func add(_ end: Substring.Index) {
            var s = line[start..<end]
            var c = line.distance(from: line.startIndex, to: start) + 1
            while let f = s.first, f == " " || f == "\t" {
                s = s.dropFirst()
                c += 1
            }
            while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
            if comma || !s.isEmpty { out.append((s, c)) }
        }
        var i = line.startIndex
        while i < line.endIndex {
            let ch = line[i]
            let separator = comma ? ch == "," : (ch == " " || ch == "\t")
            if separator {
                add(i)
                start = line.index(after: i)
            }
            i = line.index(after: i)
        }
        add(line.endIndex)
        return out
    }

    /// The 0-based index of `column`, checked against the header and the row width.
    static func index(of column: Column, header: [String]?, width: Int, role: String, line: Int) throws(Problem) -> Int {
        switch column {
        case .position(let p):
            guard p >= 1 && p <= width else {
                throw Problem(
                    line: line, column: 1,
                    message: "the \(role) column \(p) does not exist: the rows have \(width) column\(width == 1 ? "" : "s")",
                    hint: header.map { "the columns are " + $0.map { "`\($0)`" }.joined(separator: ", ") })
            }
            return p - 1
        case .name(let n):
            guard let header else {
                throw Problem(
                    line: line, column: 1, message: "the \(role) column `\(n)` is named, but the file has no header line",
                    hint: "give the column's position (1 to \(width)) instead")
            }
            guard let i = header.firstIndex(of: n) else {
                throw Problem(
                    line: line, column: 1, message: "no \(role) column `\(n)` in the header",
                    hint: "the columns are " + header.map { "`\($0)`" }.joined(separator: ", "))
            }
            return i
        }
    }
}

extension TraceFile.Column {
    /// A column as a user writes it: a 1-based position (`2`) or a header name (`requests`).
    public init(text: String) {
        if let p = Int(text.trimmingSpaces), p >= 1 {
            self = .position(p)
        } else {
            self = .name(text)
        }
    }
}

extension TraceFile {
    /// Seconds of a duration written as in a scenario (`60s`, `5m`, `1h30m`, `2d`), or nil.
    public static func seconds(_ text: String) -> Double? {
        (try? Quantity.duration(text)).map { Double($0) / 1e9 }
    }
}
