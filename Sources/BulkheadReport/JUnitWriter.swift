import Foundation

/// JUnit XML for CI dashboards (the de-facto schema read by Jenkins, GitLab and GitHub
/// reporters: `<testsuites>` → `<testsuite>` → `<testcase>` with an optional `<failure>`).
///
/// The writer knows nothing about guarantees: callers describe their test cases as values.
public enum JUnitWriter {
    /// One test case; a failure message makes it failed.
    public struct TestCase: Sendable, Equatable {
        public var name: String
        public var className: String
        /// nil when the case passed.
        public var failure: String?
        /// Longer text inside `<failure>` (e.g. every violating metric).
        public var details: String?
        public init(name: String, className: String, failure: String? = nil, details: String? = nil) {
            self.name = name
            self.className = className
            self.failure = failure
            self.details = details
        }
    }

    /// A named group of test cases.
    public struct Suite: Sendable, Equatable {
        public var name: String
        public var cases: [TestCase]
        /// Wall-clock seconds, if known.
        public var time: Double?
        public init(name: String, cases: [TestCase], time: Double? = nil) {
            self.name = name
            self.cases = cases
            self.time = time
        }
    }

    /// The XML document for `suites`.
    ///
    /// - Complexity: O(total text length).
    public static func xml(_ suites: [Suite], name: String) -> String {
        let tests = suites.reduce(0) { $0 + $1.cases.count }
        let failures = suites.reduce(0) { $0 + $1.cases.filter { $0.failure != nil }.count }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(escape(name))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\">\n"
        for s in suites {
            let f = s.cases.filter { $0.failure != nil }.count
            out +=
                "  <testsuite name=\"\(escape(s.name))\" tests=\"\(s.cases.count)\" failures=\"\(f)\" errors=\"0\" skipped=\"0\""
            if let t = s.time { out += String(format: " time=\"%.3f\"", t) }
            out += ">\n"
            for c in s.cases {
                out += "    <testcase classname=\"\(escape(c.className))\" name=\"\(escape(c.name))\""
                if let failure = c.failure {
                    out += ">\n      <failure message=\"\(escape(failure))\" type=\"failure\">"
                    out += escape(c.details ?? failure, attribute: false)
                    out += "</failure>\n    </testcase>\n"
                } else {
                    out += "/>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// Writes the document to `path` atomically.
    public static func write(_ suites: [Suite], name: String, to path: String) throws {
        try AtomicFile.write(Data(xml(suites, name: name).utf8), to: path)
    }

    /// XML-escapes text: `& < > " '`, newlines and tabs inside attributes as character references
    /// (so attribute-value normalisation keeps them), and characters XML 1.0 forbids (C0
    /// controls other than tab, LF, CR; U+FFFE/U+FFFF) replaced by U+FFFD.
    static func escape(_ s: String, attribute: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += attribute ? "&quot;" : "\""
            case "'": out += attribute ? "&apos;" : "'"
            case "\n": out += attribute ? "&#10;" : "\n"
            case "\r": out += "&#13;"
            case "\t": out += attribute ? "&#9;" : "\t"
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }
}
