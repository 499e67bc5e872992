import Foundation
import Yams

/// Entry point: reads a scenario file or string, applies `--set` overrides, decodes and validates.
///
/// Every problem is collected and thrown together as one ``ScenarioError``; warnings of a valid
/// scenario are returned in ``Scenario/warnings``.
public enum ScenarioLoader {
    /// Loads a file, applies `--set path=value` overrides, validates. Throws ScenarioError with ALL problems.
    /// - Parameter settings: fields set before the overrides (sweep axis values, plan variables).
    public static func load(path: String, overrides: [String] = [], settings: [FieldSetting] = []) throws(ScenarioError)
        -> Scenario
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(diagnostics: [
                Diagnostic(file: path, path: "", message: "cannot read the file: \(error.localizedDescription)")
            ])
        }
        return try parse(yaml: text, file: path, overrides: overrides, settings: settings)
    }

    /// Parses YAML text; `file` names it in diagnostics.
    public static func parse(
        yaml: String, file: String = "<string>", overrides: [String] = [], settings: [FieldSetting] = []
    ) throws(ScenarioError) -> Scenario {
        var problems: [Diagnostic] = []
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: yaml)
        } catch {
            throw ScenarioError(diagnostics: [syntaxDiagnostic(error, file: file)])
        }
        guard let composed else {
            throw ScenarioError(diagnostics: [
                Diagnostic(
                    file: file, path: "", line: 1, column: 1,
                    message: "the scenario is empty")
            ])
        }
        var root = DocNode(yams: composed, file: file, problems: &problems)
        problems += Overrides.apply(settings, to: &root)
        problems += Overrides.apply(overrides, to: &root)
        let folder = (file as NSString).deletingLastPathComponent
        let ctx = DecodeContext(file: file, baseDirectory: folder.isEmpty ? "." : folder)
        ctx.append(problems)
        // Fleet templates (`count:`) are expanded after the overrides, so `--set` edits a template.
        guard FleetExpansion(ctx: ctx, baseDirectory: ctx.baseDirectory).expand(&root) else {
            throw ScenarioError(diagnostics: ctx.diagnostics.map { locate($0, settings: settings) })
        }
        let scenario = ScenarioDecoder(ctx: ctx).scenario(root)
        // Cross-reference checks run even after decoding errors, so every problem is reported at
        // once; they skip the placeholders (empty names) that stand in for undecodable values.
        ScenarioValidator(ctx: ctx).validate(scenario)
        let diagnostics = merged(ctx.diagnostics).map { locate($0, settings: settings) }
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { throw ScenarioError(diagnostics: diagnostics) }
        var result = scenario
        result.warnings = diagnostics.filter { $0.severity == .warning }
        return result
    }

    /// The text of the scalar at field `path` (`--set` syntax) of the scenario file after
    /// `overrides`, or nil when the path does not lead to a scalar.
    /// - Throws: if the file cannot be read or is not YAML.
    public static func fieldText(path: String, file: String, overrides: [String] = []) throws(ScenarioError) -> String? {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ScenarioError(diagnostics: [
                Diagnostic(file: file, path: "", message: "cannot read the file: \(error.localizedDescription)")
            ])
        }
        let composed: Node?
        do { composed = try Yams.compose(yaml: text) } catch {
            throw ScenarioError(diagnostics: [syntaxDiagnostic(error, file: file)])
        }
        guard let composed, let segments = Overrides.parse(path) else { return nil }
        var ignored: [Diagnostic] = []
        var node = DocNode(yams: composed, file: file, problems: &ignored)
        _ = Overrides.apply(overrides, to: &node)
        for segment in segments {
            switch (segment, node) {
            case (.key(let k), .mapping):
                guard let child = node[k] else { return nil }
                node = child
            case (.index(let i), .sequence(let items, _)):
                guard i < items.count else { return nil }
                node = items[i]
            case (.key(let name), .sequence(let items, _)):
                guard let item = items.first(where: { if case .scalar(let s)? = $0["name"] { s.value == name } else { false } })
                else { return nil }
                node = item
            default: return nil
            }
        }
        if case .scalar(let s) = node { return s.value }
        return nil
    }

    /// The diagnostics with the copies of one problem merged: the instances of a fleet template
    /// share its source positions, so one mistake in a template is reported once (at its first
    /// instance's path), not once per instance.
    /// - Complexity: O(diagnostics).
    static func merged(_ ds: [Diagnostic]) -> [Diagnostic] {
        struct Key: Hashable {
            var file: String
            var line: Int?
            var column: Int?
            var message: String
        }
        var seen = Set<Key>()
        return ds.filter { d in
            d.line == nil || seen.insert(Key(file: d.file, line: d.line, column: d.column, message: d.message)).inserted
        }
    }

    /// A diagnostic about a key a setting inserted (located at `--set`, no line) moved to where
    /// the setting was written, e.g. the sweep file's axis key.
    static func locate(_ d: Diagnostic, settings: [FieldSetting]) -> Diagnostic {
        guard d.file == Overrides.file, d.line == nil, !d.path.isEmpty,
            let s = settings.last(where: { $0.pathLocation != nil && ($0.path.hasPrefix(d.path) || d.path.hasPrefix($0.path)) }),
            let l = s.pathLocation
        else { return d }
        var moved = d
        moved.file = l.file
        moved.line = l.line
        moved.column = l.column
        return moved
    }

    /// A YAML syntax error as a diagnostic with the position Yams reports.
    static func syntaxDiagnostic(_ error: any Error, file: String) -> Diagnostic {
        guard let y = error as? YamlError else {
            return Diagnostic(file: file, path: "", message: "YAML error: \(error)")
        }
        switch y {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let near = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return Diagnostic(
                file: file, path: "", line: mark.line, column: mark.column,
                message: "YAML syntax error: \(problem)\(near)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                file: file, path: "", line: context.mark.line, column: context.mark.column,
                message: "duplicate keys \(duplicates.joined(separator: ", ")): \(context.text)")
        default:
            return Diagnostic(file: file, path: "", message: "YAML error: \(y)")
        }
    }
}
