/// Why a guarantee expression does not parse: where (1-based column inside the expression) and
/// what was expected instead of what was found.
public struct GuaranteeSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based column of the offending token inside the expression text.
    public var column: Int
    /// e.g. `expected a number or duration after '<=', found end of expression`.
    public var message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    /// `at column 27: expected …`.
    public var description: String { "at column \(column): \(message)" }
}
