import Yams

/// One scenario field set to a value from outside the scenario file: a sweep axis value or a
/// capacity-plan variable. It is applied to the document tree before decoding, exactly like a
/// `--set` override, so the value is validated like a value from the file.
///
/// A setting that came from a sweep file keeps the value's position there, so a bad value is
/// reported at the sweep file's line:column; one made from text (``init(path:value:)``) is located
/// at `--set` like a command-line override.
public struct FieldSetting: Sendable, Equatable, Hashable {
    /// The field path, in `--set` syntax (`racks[0].machines`, `services.web.replicas`).
    public var path: String
    /// The value as text: scalars verbatim, lists and mappings in YAML flow style. Used in cell
    /// files and CSV columns.
    public var text: String
    var node: DocNode
    /// Where the path was written (the sweep file's axis key), if anywhere.
    var pathLocation: SourceLocation?

    /// Where the value was written (file, line, column), if it came from a file.
    public var valueOrigin: (file: String, line: Int?, column: Int?)? {
        let l = node.location
        return l.file == Overrides.file ? nil : (l.file, l.line, l.column)
    }

    /// A setting from text, read as YAML like `--set path=value`.
    public init(path: String, value: String) {
        self.path = path
        self.node = Overrides.value(value)
        self.text = node.flowText
        self.pathLocation = nil
    }

    init(path: String, node: DocNode, pathLocation: SourceLocation?) {
        self.path = path
        self.node = node
        self.text = node.flowText
        self.pathLocation = pathLocation
    }

    public static func == (a: FieldSetting, b: FieldSetting) -> Bool { a.path == b.path && a.text == b.text }
    public func hash(into h: inout Hasher) {
        h.combine(path)
        h.combine(text)
    }
}

extension Overrides {
    /// Applies `settings` in order, returning one diagnostic per setting whose path does not exist
    /// (located at the setting's origin when it has one).
    /// - Complexity: O(settings · path length · entries per mapping on the path).
    static func apply(_ settings: [FieldSetting], to root: inout DocNode) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for s in settings {
            guard let segments = parse(s.path) else {
                var d = Diagnostic(
                    file: file, path: s.path, message: "\(s.path.debugQuoted) is not a valid path",
                    hint: "use keys and [n] indices, e.g. racks[0].machines")
                relocate(&d, to: s.pathLocation)
                problems.append(d)
                continue
            }
            do throws(OverrideFailure) {
                try set(&root, segments[...], value: s.node, walked: "", fullPath: s.path)
            } catch {
                var d = error.diagnostic
                relocate(&d, to: s.pathLocation)
                problems.append(d)
            }
        }
        return problems
    }

    private static func relocate(_ d: inout Diagnostic, to location: SourceLocation?) {
        guard let location else { return }
        d.file = location.file
        d.line = location.line
        d.column = location.column
    }

}

extension DocNode {
    /// The node as one line of YAML: a scalar verbatim, `[a, b]`, `{ k: v }`.
    var flowText: String {
        switch self {
        case .scalar(let s): return s.value
        case .sequence(let items, _): return "[" + items.map(\.flowText).joined(separator: ", ") + "]"
        case .mapping(let entries, _):
            return "{ " + entries.map { "\($0.key.value): \($0.value.flowText)" }.joined(separator: ", ") + " }"
        }
    }
}
