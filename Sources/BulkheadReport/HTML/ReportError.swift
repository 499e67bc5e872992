import BulkheadResults

/// A results folder the report cannot be made from: a missing, unreadable or malformed input file
/// (or a folder without results). The message names the file (and the row or key when known) so
/// the user can fix it — the error the result files' readers throw.
public typealias ReportError = ResultFileError
