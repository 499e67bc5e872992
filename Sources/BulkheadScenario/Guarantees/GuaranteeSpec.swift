/// One entry of a scenario's `guarantees:` list: an expression over the metrics of
/// `summary.json`, parsed when the scenario is loaded (see ``GuaranteeParser``).
///
/// The expression is a conjunction: every comparison must hold, for every metric a wildcard
/// expands to. Encoded as its source text and position; decoding parses the text again.
public struct GuaranteeSpec: Sendable, Equatable, Hashable, Codable {
    /// The expression as written in the scenario.
    public var source: String
    /// Where the expression is in the scenario file (nil for a `--set` override).
    public var line: Int?
    public var column: Int?
    /// The comparisons joined by `&&`, in source order (at least one).
    public var comparisons: [GuaranteeComparison]

    public init(source: String, line: Int? = nil, column: Int? = nil, comparisons: [GuaranteeComparison]) {
        self.source = source
        self.line = line
        self.column = column
        self.comparisons = comparisons
    }

    /// Parses `source`.
    /// - Throws: ``GuaranteeSyntaxError`` with the column inside `source` and the expected token.
    public init(parsing source: String, line: Int? = nil, column: Int? = nil) throws(GuaranteeSyntaxError) {
        self.init(source: source, line: line, column: column, comparisons: try GuaranteeParser.parse(source))
    }

    enum CodingKeys: String, CodingKey { case source, line, column }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let source = try c.decode(String.self, forKey: .source)
        let line = try c.decodeIfPresent(Int.self, forKey: .line)
        let column = try c.decodeIfPresent(Int.self, forKey: .column)
        do throws(GuaranteeSyntaxError) {
            try self.init(parsing: source, line: line, column: column)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .source, in: c, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(line, forKey: .line)
        try c.encodeIfPresent(column, forKey: .column)
    }
}
