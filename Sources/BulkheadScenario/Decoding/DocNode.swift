import Yams

/// Where a node came from: a file position, or a `--set` override (no position).
struct SourceLocation: Sendable, Equatable {
    var file: String
    var line: Int?
    var column: Int?
}

/// A scalar with its source text and position.
struct DocScalar: Sendable, Equatable {
    var value: String
    /// Plain (unquoted) style; only plain scalars can be null.
    var isPlain: Bool
    var location: SourceLocation

    /// `~`, `null` or an empty plain scalar.
    var isNull: Bool {
        isPlain && ["", "~", "null", "Null", "NULL"].contains(value)
    }
}

/// One `key: value` entry of a mapping; keys are always scalars.
struct DocEntry: Sendable, Equatable {
    var key: DocScalar
    var value: DocNode
}

/// A small, mutable, position-carrying YAML tree, converted from Yams' `Node`.
///
/// It exists so that `--set` overrides can edit the tree before decoding and so that each node
/// knows the file it came from.
indirect enum DocNode: Sendable, Equatable {
    case scalar(DocScalar)
    case mapping([DocEntry], SourceLocation)
    case sequence([DocNode], SourceLocation)

    var location: SourceLocation {
        switch self {
        case .scalar(let s): return s.location
        case .mapping(_, let l), .sequence(_, let l): return l
        }
    }

    /// A short name of the node's kind for "expected a mapping, found a list" messages.
    var kindName: String {
        switch self {
        case .scalar(let s): return s.isNull ? "nothing (null)" : "a scalar (\(s.value.debugQuoted))"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// The value for `key` in a mapping.
    subscript(key: String) -> DocNode? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.first { $0.key.value == key }?.value
    }

    /// Converts a Yams node, reporting unsupported constructs (complex keys, aliases) into `problems`.
    init(yams node: Node, file: String, problems: inout [Diagnostic], path: String = "") {
        func location(_ mark: Mark?) -> SourceLocation {
            SourceLocation(file: file, line: mark?.line, column: mark?.column)
        }
        switch node {
        case .scalar(let s):
            self = .scalar(
                DocScalar(
                    value: s.string, isPlain: s.style == .plain || s.style == .any,
                    location: location(s.mark)))
        case .sequence(let seq):
            var items: [DocNode] = []
            for (i, child) in seq.enumerated() {
                items.append(DocNode(yams: child, file: file, problems: &problems, path: "\(path)[\(i)]"))
            }
            self = .sequence(items, location(seq.mark))
        case .mapping(let map):
            var entries: [DocEntry] = []
            for (k, v) in map {
                guard case .scalar(let ks) = k else {
                    problems.append(
                        Diagnostic(
                            file: file, path: path, line: k.mark?.line, column: k.mark?.column,
                            message: "mapping keys must be plain names, not \(k.mappingOrList)"))
                    continue
                }
                let key = DocScalar(value: ks.string, isPlain: ks.style == .plain, location: location(ks.mark))
                let childPath = path.isEmpty ? ks.string : "\(path).\(ks.string)"
                entries.append(
                    DocEntry(
                        key: key,
                        value: DocNode(
                            yams: v, file: file, problems: &problems,
                            path: childPath)))
            }
            self = .mapping(entries, location(map.mark))
        case .alias(let alias):
            problems.append(
                Diagnostic(
                    file: file, path: path, line: alias.mark?.line, column: alias.mark?.column,
                    message: "YAML aliases are not supported here"))
            self = .scalar(DocScalar(value: "", isPlain: true, location: location(alias.mark)))
        }
    }
}

extension Node {
    fileprivate var mappingOrList: String {
        if case .sequence = self { return "a list" }
        return "a mapping"
    }
}

extension String {
    /// The string in double quotes, for messages.
    var debugQuoted: String { "\"\(self)\"" }
}
