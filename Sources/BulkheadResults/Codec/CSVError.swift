/// A CSV file that cannot be read: malformed, a missing column, or a cell that is not what its
/// column holds. The message names the line, or the row and column.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file at fault, as named by the reader (usually a path).
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
