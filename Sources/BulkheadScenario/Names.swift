/// The grammar of scenario, sweep, service and tenant names: a DNS label as Kubernetes defines it
/// (RFC 1123 label: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/):
/// 1 to 63 characters, lowercase ASCII letters, digits and `-`, starting and ending with a letter
/// or digit. Scenario and sweep names become output folders (`results/<name>/…`), so the grammar
/// rules out `..`, separators, NUL, absolute paths, over-long names and Unicode look-alikes.
public enum Names {
    /// The longest name allowed (a DNS label's limit).
    public static let maxLength = 63

    /// What is wrong with a name and where.
    public struct Problem: Sendable, Equatable {
        /// Offset of the offending character (in characters from the start of the name).
        public var offset: Int
        public var message: String
    }

    /// The first problem of `name`, or nil when it follows the grammar.
    /// - Complexity: O(min(n, maxLength + 1)): a very long name is rejected after 64 characters.
    public static func problem(_ name: String) -> Problem? {
        if name.isEmpty { return Problem(offset: 0, message: "a name cannot be empty") }
        var count = 0
        var last: Character = "-"
        for c in name {
            if count == maxLength {
                return Problem(offset: count, message: "a name has at most \(maxLength) characters")
            }
            let ok = c.isASCII && ((c.isLetter && c.isLowercase) || c.isNumber || c == "-")
            if !ok {
                return Problem(offset: count, message: "character \(count + 1) \(describe(c)) is not allowed")
            }
            if count == 0 && c == "-" {
                return Problem(offset: 0, message: "a name must start with a lowercase letter or a digit")
            }
            last = c
            count += 1
        }
        if last == "-" { return Problem(offset: count - 1, message: "a name must end with a lowercase letter or a digit") }
        return nil
    }

    /// The hint given with every name problem.
    public static let hint =
        "use 1–63 lowercase letters, digits and `-`, starting and ending with a letter or digit (a DNS label)"

    /// `'/'`, or `U+0430` for characters that do not print as themselves.
    static func describe(_ c: Character) -> String {
        let scalars = c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(4) }
        if c.isASCII, let s = c.unicodeScalars.first, s.value >= 0x21, s.value < 0x7F { return "'\(c)'" }
        if c.isASCII { return scalars.joined(separator: " ") }
        return "'\(c)' (\(scalars.joined(separator: " ")))"
    }
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}

extension DecodeContext {
    /// A name following ``Names`` at `path`, reported at the offending character (line:column of
    /// the scalar, moved along the line for single-line plain and quoted scalars).
    func name(_ node: DocNode, _ path: String) -> String? {
        guard let text = string(node, path) else { return nil }
        guard let problem = Names.problem(text) else { return text }
        var location = node.location
        if case .scalar(let s) = node, let column = location.column {
            let prefix = text.prefix(problem.offset)
            if !prefix.contains(where: \.isNewline) { location.column = column + (s.isPlain ? 0 : 1) + prefix.count }
        }
        let shown = String(reflecting: String(text.prefix(Names.maxLength + 1))) + (text.count > Names.maxLength + 1 ? "…" : "")
        error("\(shown) is not a valid name: \(problem.message)", at: location, path: path, hint: Names.hint)
        return nil
    }
}

extension Fields {
    /// Required name `key` (``Names``).
    func requiredName(_ key: String, example: String? = nil) -> String? {
        required(key, example: example).flatMap { context.name($0, at(key)) }
    }
}
