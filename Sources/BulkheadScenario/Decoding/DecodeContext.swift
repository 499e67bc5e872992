/// Collects diagnostics while decoding, and remembers where each path is so later
/// cross-reference checks can point at the right line.
final class DecodeContext {
    /// The scenario file's name, used for problems not attached to a node.
    let file: String
    /// The folder that relative file references (traces) are resolved against: the scenario's.
    let baseDirectory: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Location of the value at each decoded path.
    private(set) var locations: [String: SourceLocation] = [:]

    init(file: String, baseDirectory: String = ".") {
        self.file = file
        self.baseDirectory = baseDirectory
    }

    /// Records an error at a node's location.
    func error(
        _ message: String, at location: SourceLocation?, path: String, hint: String? = nil,
        severity: Diagnostic.Severity = .error
    ) {
        let loc = location ?? SourceLocation(file: file)
        diagnostics.append(
            Diagnostic(
                file: loc.file, path: path, line: loc.line, column: loc.column,
                message: message, hint: hint, severity: severity))
    }

    /// Records an error at the location previously seen for `path` (or its closest recorded ancestor).
    func error(_ message: String, path: String, hint: String? = nil, severity: Diagnostic.Severity = .error) {
        error(message, at: location(of: path), path: path, hint: hint, severity: severity)
    }

    /// Adds diagnostics produced elsewhere.
    func append(_ more: [Diagnostic]) {
        diagnostics.append(contentsOf: more)
    }

    /// The recorded location of `path`, falling back to its ancestors.
    func location(of path: String) -> SourceLocation? {
        var p = path
        while !p.isEmpty {
            if let l = locations[p] { return l }
            guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            p = String(p[..<cut])
        }
        return locations[""]
    }

    /// Remembers where `path` is.
    func record(_ path: String, _ node: DocNode) {
        if locations[path] == nil { locations[path] = node.location }
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    // MARK: - Structure

    /// Opens a mapping, reporting unknown keys (with suggestions) immediately. Returns nil if `node` is not a mapping.
    func fields(_ node: DocNode, _ path: String, known: [String], reserved: [String] = []) -> Fields? {
        record(path, node)
        guard case .mapping(let entries, let loc) = node else {
            error(
                "expected a mapping with keys \(known.prefix(4).map { "`\($0)`" }.joined(separator: ", "))"
                    + (known.count > 4 ? ", …" : "") + ", found \(node.kindName)", at: node.location, path: path)
            return nil
        }
        var seen = Set<String>()
        for entry in entries {
            let key = entry.key.value
            let keyPath = join(path, key)
            if !seen.insert(key).inserted {
                error("duplicate key `\(key)`", at: entry.key.location, path: keyPath)
            } else if reserved.contains(key) {
                error(
                    "`\(key)` is not supported yet by this version", at: entry.key.location, path: keyPath,
                    hint: "remove it for now")
            } else if !known.contains(key) {
                error(
                    "unknown key `\(key)`", at: entry.key.location, path: keyPath,
                    hint: EditDistance.hint(for: key, among: known)
                        ?? "expected one of \(known.map { "`\($0)`" }.joined(separator: ", "))")
            }
        }
        return Fields(context: self, path: path, entries: entries, location: loc)
    }

    /// Opens a list. Returns nil (after reporting) if `node` is not a list.
    func list(_ node: DocNode, _ path: String) -> [DocNode]? {
        record(path, node)
        guard case .sequence(let items, _) = node else {
            error("expected a list, found \(node.kindName)", at: node.location, path: path)
            return nil
        }
        for (i, item) in items.enumerated() { record("\(path)[\(i)]", item) }
        return items
    }

    /// Decodes a scalar with `parse`, reporting a type error or the parser's message at the value.
    func scalar<T>(_ node: DocNode, _ path: String, _ parse: (String) throws(QuantityError) -> T) -> T? {
        record(path, node)
        guard case .scalar(let s) = node, !s.isNull else {
            error("expected a single value, found \(node.kindName)", at: node.location, path: path)
            return nil
        }
        do {
            return try parse(s.value)
        } catch {
            self.error(error.message, at: s.location, path: path, hint: error.hint)
            return nil
        }
    }

    /// A non-empty string scalar.
    func string(_ node: DocNode, _ path: String) -> String? {
        scalar(node, path) { (text: String) throws(QuantityError) -> String in
            guard !text.isEmpty else { throw QuantityError(message: "expected a non-empty name") }
            return text
        }
    }

    /// One of an enum's raw values, with a suggestion when misspelled.
    func choice<E: RawRepresentable & CaseIterable>(_ node: DocNode, _ path: String, _: E.Type) -> E?
    where E.RawValue == String {
        scalar(node, path) { (text: String) throws(QuantityError) -> E in
            if let v = E(rawValue: text) { return v }
            let names = E.allCases.map(\.rawValue)
            throw QuantityError(
                message: "\(text.debugQuoted) is not one of \(names.joined(separator: ", "))",
                hint: EditDistance.hint(for: text, among: names))
        }
    }

    /// Reports `message` at `path` unless `condition` holds; returns `condition`.
    @discardableResult
    func check(_ condition: Bool, _ message: @autoclosure () -> String, path: String, hint: String? = nil) -> Bool {
        if !condition { error(message(), path: path, hint: hint) }
        return condition
    }
}

/// `a` + `.b`, or `b` at the root.
func join(_ path: String, _ key: String) -> String {
    path.isEmpty ? key : "\(path).\(key)"
}
