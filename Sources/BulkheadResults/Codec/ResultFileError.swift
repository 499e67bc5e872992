/// A result file that cannot be read: malformed, a missing column or key, or a value that is not
/// what its column or key holds. The message names the line, the row and column, or the key path.
public struct ResultFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file at fault, as named by the reader (usually a path).
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
