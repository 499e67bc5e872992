/// A results folder the report cannot be made from: a missing, unreadable or malformed input file.
/// The message names the file (and the row or key when known) so the user can fix it.
public struct ReportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file at fault (a path), or the folder when no input file was found.
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
