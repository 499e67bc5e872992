/// One problem found while loading a scenario: where it is and what is wrong.
///
/// `path` is the key path inside the document, e.g. `services[3].resources.limits.memory`.
/// `file` is the scenario file, or `--set` for a problem in a command-line override.
public struct Diagnostic: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is. Errors make loading fail; warnings are reported alongside a valid scenario.
    public enum Severity: String, Sendable, Equatable, Hashable, Codable {
        case error
        case warning
    }

    public var file: String
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String
    public var hint: String?
    public var severity: Severity

    public init(
        file: String, path: String, line: Int? = nil, column: Int? = nil,
        message: String, hint: String? = nil, severity: Severity = .error
    ) {
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
        self.severity = severity
    }

    /// `file:line:col: path: message — hint` on one line (`warning: ` is prefixed for warnings).
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        var text = location + ": "
        if severity == .warning { text += "warning: " }
        if !path.isEmpty { text += path + ": " }
        text += message
        if let hint { text += " — " + hint }
        return text
    }
}

/// Thrown by ``ScenarioLoader`` with every problem found in the scenario, not just the first.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One line per diagnostic, in the order they were found.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
