/// A hand-written recursive-descent parser for guarantee expressions.
///
/// ```
/// expression = comparison { "&&" comparison }
/// comparison = path op value
/// path       = segment { "." segment }
/// segment    = "*" | name                 name = { letter | digit | "_" | "-" }+
/// op         = "==" | "!=" | "<=" | ">=" | "<" | ">"
/// value      = number | number "%" | duration
///              number: decimal with optional sign and exponent (5, 1.25, -3, 1e3)
///              duration: as in the scenario (300ms, 2s, 1h30m) → seconds; "99.9%" → 0.999
/// ```
/// Spaces are allowed between tokens. Errors carry the 1-based column inside the expression and
/// say which token was expected and what was found.
///
/// - Complexity: O(n) in the length of the expression.
public enum GuaranteeParser {
    /// Parses one expression into its comparisons (at least one).
    public static func parse(_ text: String) throws(GuaranteeSyntaxError) -> [GuaranteeComparison] {
        var scanner = Scanner(chars: Array(text))
        return try scanner.expression()
    }

    /// Scannerless: each rule reads characters directly, so a value (`300ms`) and a path segment
    /// (`p99`) need no shared token classes.
    struct Scanner {
        let chars: [Character]
        var pos = 0

        var atEnd: Bool { pos >= chars.count }
        var column: Int { pos + 1 }

        mutating func skipSpaces() {
            while !atEnd && chars[pos].isWhitespace { pos += 1 }
        }

        func lookingAt(_ s: String) -> Bool {
            let needle = Array(s)
            guard pos + needle.count <= chars.count else { return false }
            return Array(chars[pos..<(pos + needle.count)]) == needle
        }

        /// What is at the current position, for "found …" (`end of expression` or `'word'`).
        var found: String {
            guard !atEnd else { return "end of expression" }
            var end = pos
            if Self.isNameChar(chars[pos]) {
                while end < chars.count && Self.isNameChar(chars[end]) && end - pos < 24 { end += 1 }
            } else {
                while end < chars.count && !chars[end].isWhitespace && !Self.isNameChar(chars[end])
                    && end - pos < 2
                { end += 1 }
            }
            return "'\(String(chars[pos..<end]))'"
        }

        func fail(_ message: String) -> GuaranteeSyntaxError {
            GuaranteeSyntaxError(column: column, message: message)
        }

        static func isNameChar(_ c: Character) -> Bool {
            (c.isASCII && (c.isLetter || c.isNumber)) || c == "_" || c == "-"
        }

        mutating func expression() throws(GuaranteeSyntaxError) -> [GuaranteeComparison] {
            var comparisons = [try comparison()]
            while true {
                skipSpaces()
                if atEnd { return comparisons }
                if lookingAt("&&") {
                    pos += 2
                    comparisons.append(try comparison())
                } else if lookingAt("||") {
                    throw fail(
                        "'||' is not supported: every guarantee must hold; write each alternative as its own guarantee or use one bound"
                    )
                } else {
                    throw fail("expected '&&' or end of expression after '\(comparisons.last!.boundText)', found \(found)")
                }
            }
        }

        mutating func comparison() throws(GuaranteeSyntaxError) -> GuaranteeComparison {
            let path = try self.path()
            let op = try self.op(after: path)
            let (bound, text, unit) = try value(after: op)
            return GuaranteeComparison(path: path, op: op, bound: bound, boundText: text, unit: unit)
        }

        mutating func path() throws(GuaranteeSyntaxError) -> MetricPath {
            skipSpaces()
            var segments = [try segment(first: true)]
            while !atEnd && chars[pos] == "." {
                pos += 1
                segments.append(try segment(first: false))
            }
            return MetricPath(segments)
        }

        mutating func segment(first: Bool) throws(GuaranteeSyntaxError) -> MetricPath.Segment {
            if !atEnd && chars[pos] == "*" {
                pos += 1
                if !atEnd && Self.isNameChar(chars[pos]) {
                    throw fail("'*' must be a whole path segment (e.g. services.*.sloBadMinutes), found \(found) after it")
                }
                return .wildcard
            }
            let start = pos
            while !atEnd && Self.isNameChar(chars[pos]) { pos += 1 }
            if pos == start {
                throw fail(
                    first
                        ? "expected a metric path (e.g. services.checkout.latency.p99), found \(found)"
                        : "expected a name or '*' after '.', found \(found)")
            }
            return .key(String(chars[start..<pos]))
        }

        mutating func op(after path: MetricPath) throws(GuaranteeSyntaxError) -> ComparisonOperator {
            skipSpaces()
            for op in [ComparisonOperator.lessOrEqual, .greaterOrEqual, .equal, .notEqual, .less, .greater]
            where lookingAt(op.rawValue) {
                pos += op.rawValue.count
                return op
            }
            let hint = !atEnd && chars[pos] == "=" ? " (write '==' to compare)" : ""
            throw fail("expected a comparison operator (==, !=, <, <=, >, >=) after '\(path)', found \(found)\(hint)")
        }

        mutating func value(after op: ComparisonOperator) throws(GuaranteeSyntaxError)
            -> (Double, String, GuaranteeComparison.Unit)
        {
            skipSpaces()
            let start = pos
            let startsNumber: Bool = {
                var i = pos
                if i < chars.count && (chars[i] == "-" || chars[i] == "+") { i += 1 }
                guard i < chars.count else { return false }
                if chars[i].isASCII && chars[i].isNumber { return true }
                return chars[i] == "." && i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isNumber
            }()
            guard startsNumber else {
                throw fail("expected a number or duration after '\(op.rawValue)', found \(found)")
            }
            pos += 1
            while !atEnd {
                let c = chars[pos]
                if (c.isASCII && (c.isLetter || c.isNumber)) || c == "." || c == "%" || c == "µ" {
                    pos += 1
                } else if (c == "-" || c == "+") && (chars[pos - 1] == "e" || chars[pos - 1] == "E") {
                    pos += 1
                } else {
                    break
                }
            }
            let text = String(chars[start..<pos])
            if let v = Quantity.number(text) { return (v, text, .number) }
            if text.hasSuffix("%"), let v = Quantity.scaledDown(String(text.dropLast()), decimals: 2) {
                return (v, text, .percent)
            }
            if let ns = try? Quantity.duration(text) { return (Double(ns) / 1e9, text, .duration) }
            pos = start
            throw fail("\(text.debugQuoted) is not a number, percentage or duration (examples: 5, 99.9%, 300ms)")
        }
    }
}
