import Yams

/// `--set path=value` overrides, applied to the document tree before decoding so that the new
/// values are validated exactly like values from the file.
///
/// Paths are dotted keys with `[n]` list indices (`loadBalancers[0].traffic.rate`); a list element
/// with a `name` can also be addressed by that name (`services.catalog.replicas`). The value is
/// read as YAML (`800/s`, `4`, `{ cpu: quota }`). A missing last key is inserted; a missing
/// mapping on the way is created; any other path that does not exist is diagnosed.
enum Overrides {
    /// The `file` of diagnostics about overrides.
    static let file = "--set"

    enum Segment: Equatable {
        case key(String)
        case index(Int)
    }

    /// Applies every override to `root`, returning one diagnostic per override that could not be applied.
    static func apply(_ overrides: [String], to root: inout DocNode) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for text in overrides {
            guard let eq = text.firstIndex(of: "=") else {
                problems.append(
                    Diagnostic(
                        file: file, path: text, message: "expected path=value",
                        hint: "for example --set services[0].replicas=4"))
                continue
            }
            let path = text[..<eq].trimmingSpaces
            let valueText = String(text[text.index(after: eq)...])
            guard let segments = parse(path) else {
                problems.append(
                    Diagnostic(
                        file: file, path: path, message: "\(path.debugQuoted) is not a valid path",
                        hint: "use keys and [n] indices, e.g. loadBalancers[0].traffic.rate"))
                continue
            }
            do throws(OverrideFailure) {
                try set(&root, segments[...], value: value(valueText), walked: "", fullPath: path)
            } catch {
                problems.append(error.diagnostic)
            }
        }
        return problems
    }

    /// Splits `a.b[0].c` into segments; nil if malformed.
    static func parse(_ path: String) -> [Segment]? {
        var result: [Segment] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let name = rest.prefix { $0 != "[" }
            if !name.isEmpty { result.append(.key(String(name))) }
            rest = rest.dropFirst(name.count)
            if name.isEmpty && rest.isEmpty { return nil }
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                    let i = Int(rest[rest.index(after: rest.startIndex)..<close]), i >= 0
                else { return nil }
                result.append(.index(i))
                rest = rest[rest.index(after: close)...]
            }
        }
        return result.isEmpty ? nil : result
    }

    /// The override's value as a tree (YAML), located at `--set` with no line.
    static func value(_ text: String) -> DocNode {
        let plain = DocNode.scalar(DocScalar(value: text, isPlain: true, location: SourceLocation(file: file)))
        var ignored: [Diagnostic] = []
        guard let node = (try? Yams.compose(yaml: text)) ?? nil else { return plain }
        return DocNode(yams: node, file: file, problems: &ignored).withoutPositions
    }

    static func set(
        _ node: inout DocNode, _ segments: ArraySlice<Segment>, value: DocNode,
        walked: String, fullPath: String
    ) throws(OverrideFailure) {
        guard let segment = segments.first else {
            node = value
            return
        }
        let rest = segments.dropFirst()
        func fail(_ message: String, hint: String? = nil) -> OverrideFailure {
            OverrideFailure(diagnostic: Diagnostic(file: file, path: fullPath, message: message, hint: hint))
        }
        switch (segment, node) {
        case (.key(let key), .mapping(var entries, let loc)):
            let here = join(walked, key)
            if let i = entries.firstIndex(where: { $0.key.value == key }) {
                try set(&entries[i].value, rest, value: value, walked: here, fullPath: fullPath)
            } else if rest.isEmpty || rest.first.map({ if case .key = $0 { true } else { false } }) == true {
                var child = DocNode.mapping([], SourceLocation(file: file))
                try set(&child, rest, value: value, walked: here, fullPath: fullPath)
                entries.append(
                    DocEntry(
                        key: DocScalar(value: key, isPlain: true, location: SourceLocation(file: file)),
                        value: child))
            } else {
                throw fail(
                    "`\(here)` does not exist",
                    hint: EditDistance.hint(for: key, among: entries.map(\.key.value)))
            }
            node = .mapping(entries, loc)
        case (.index(let i), .sequence(var items, let loc)):
            let here = "\(walked)[\(i)]"
            guard i < items.count else {
                throw fail("`\(here)` does not exist: `\(walked)` has \(items.count) entries")
            }
            try set(&items[i], rest, value: value, walked: here, fullPath: fullPath)
            node = .sequence(items, loc)
        case (.key(let name), .sequence(var items, let loc)):
            let names = items.compactMap { item -> String? in
                if case .scalar(let s)? = item["name"] { return s.value } else { return nil }
            }
            guard let i = items.firstIndex(where: { if case .scalar(let s)? = $0["name"] { s.value == name } else { false } })
            else {
                throw fail("`\(walked)` has no entry named `\(name)`", hint: EditDistance.hint(for: name, among: names))
            }
            try set(&items[i], rest, value: value, walked: "\(walked)[\(i)]", fullPath: fullPath)
            node = .sequence(items, loc)
        case (.index, _):
            throw fail("`\(walked)` is not a list, so it has no [n] entries")
        case (.key(let key), _):
            throw fail("`\(walked)` is a single value, so it has no key `\(key)`")
        }
    }
}

/// An override that could not be applied.
struct OverrideFailure: Error {
    var diagnostic: Diagnostic
}

extension DocNode {
    /// The same tree with line and column removed (for values that come from the command line).
    var withoutPositions: DocNode {
        func strip(_ l: SourceLocation) -> SourceLocation { SourceLocation(file: l.file) }
        switch self {
        case .scalar(var s):
            s.location = strip(s.location)
            return .scalar(s)
        case .mapping(let entries, let l):
            return .mapping(
                entries.map { e in
                    var k = e.key
                    k.location = strip(k.location)
                    return DocEntry(key: k, value: e.value.withoutPositions)
                }, strip(l))
        case .sequence(let items, let l):
            return .sequence(items.map(\.withoutPositions), strip(l))
        }
    }
}
