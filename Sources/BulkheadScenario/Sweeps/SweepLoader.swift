import Foundation
import Yams

/// Reads a sweep file (see ``SweepSpec``), reporting every problem at once with line:column.
///
/// Only the sweep file itself is checked here (keys, types, axis paths' syntax, duplicate values,
/// the scenario file's existence); whether each axis value suits the scenario is checked by
/// loading every combination (``ScenarioLoader/load(path:overrides:settings:)``), which the
/// experiments layer does before any run starts.
public enum SweepLoader {
    static let keys = ["scenario", "name", "set", "axes", "replications", "seed"]

    /// Loads the sweep file at `path`.
    public static func load(path: String) throws(ScenarioError) -> SweepSpec {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(diagnostics: [
                Diagnostic(file: path, path: "", message: "cannot read the sweep file: \(error.localizedDescription)")
            ])
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses sweep YAML; `file` names it in diagnostics and anchors the relative scenario path.
    public static func parse(yaml: String, file: String) throws(ScenarioError) -> SweepSpec {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: yaml)
        } catch {
            throw ScenarioError(diagnostics: [ScenarioLoader.syntaxDiagnostic(error, file: file)])
        }
        guard let composed else {
            throw ScenarioError(diagnostics: [
                Diagnostic(
                    file: file, path: "", line: 1, column: 1, message: "the sweep file is empty",
                    hint: "it needs `scenario:`, `axes:` and `replications:`")
            ])
        }
        var problems: [Diagnostic] = []
        let root = DocNode(yams: composed, file: file, problems: &problems)
        let ctx = DecodeContext(file: file)
        ctx.append(problems)
        let spec = decode(root, file: file, ctx: ctx)
        guard !ctx.hasErrors, let spec else { throw ScenarioError(diagnostics: ctx.diagnostics) }
        return spec
    }

    static func decode(_ root: DocNode, file: String, ctx: DecodeContext) -> SweepSpec? {
        guard let f = ctx.fields(root, "", known: keys) else { return nil }
        let scenario = f.requiredString("scenario", example: "../gilt-japan.yaml")
        var resolved = ""
        if let scenario {
            resolved = resolve(scenario, relativeTo: file)
            ctx.check(
                FileManager.default.fileExists(atPath: resolved),
                "the scenario file \(resolved) does not exist", path: "scenario",
                hint: "the path is relative to the sweep file's folder")
        }
        let defaultName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let name = f.optional("name").map { ctx.name($0, "name") ?? defaultName } ?? defaultName
        let replications = f.requiredValue("replications", example: "5", Quantity.integer)
        if let replications { ctx.check(replications >= 1, "replications must be at least 1", path: "replications") }
        let seed = f.value("seed") { (t: String) throws(QuantityError) -> UInt64 in
            guard let v = UInt64(t.trimmingSpaces) else {
                throw QuantityError(message: "\(t.debugQuoted) is not a seed (a whole number ≥ 0)")
            }
            return v
        }
        let axes = f.required("axes", example: "{ racks[0].machines: [2, 3, 4] }").map { self.axes($0, ctx: ctx) } ?? []
        let fixed = f.optional("set").map { self.fixed($0, ctx: ctx) } ?? []
        let overlap = Set(fixed.map(\.path)).intersection(axes.map(\.path))
        for path in overlap.sorted() {
            ctx.error("`\(path)` is both fixed under `set:` and an axis", path: "set.\(path)", hint: "keep one of them")
        }
        guard let replications, scenario != nil else { return nil }
        var spec = SweepSpec(
            name: isFolderName(name) ? name : defaultName, file: file, scenario: resolved, axes: axes,
            replications: replications, seed: seed)
        spec.fixed = fixed
        return spec
    }

    /// `axes: { path: [values…] }` in file order.
    static func axes(_ node: DocNode, ctx: DecodeContext) -> [SweepAxis] {
        ctx.record("axes", node)
        guard case .mapping(let entries, _) = node else {
            ctx.error(
                "expected a mapping of field paths to lists of values, found \(node.kindName)",
                at: node.location, path: "axes", hint: "for example `axes: { racks[0].machines: [2, 3, 4] }`")
            return []
        }
        ctx.check(
            !entries.isEmpty, "at least one axis is needed", path: "axes",
            hint: "for example `racks[0].machines: [2, 3, 4]`")
        var seen = Set<String>()
        var result: [SweepAxis] = []
        for entry in entries {
            let path = entry.key.value
            let p = "axes.\(path)"
            if !seen.insert(path).inserted {
                ctx.error("duplicate axis `\(path)`", at: entry.key.location, path: p)
                continue
            }
            guard Overrides.parse(path) != nil else {
                ctx.error(
                    "\(path.debugQuoted) is not a field path", at: entry.key.location, path: p,
                    hint: "use keys and [n] indices, as with --set, e.g. racks[0].machines")
                continue
            }
            guard let items = ctx.list(entry.value, p) else { continue }
            guard !items.isEmpty else {
                ctx.error("an axis needs at least one value", at: entry.value.location, path: p)
                continue
            }
            var values: [FieldSetting] = []
            var texts = Set<String>()
            for (i, item) in items.enumerated() {
                let setting = FieldSetting(path: path, node: item, pathLocation: entry.key.location)
                if case .scalar(let s) = item, s.isNull {
                    ctx.error("an axis value cannot be empty", at: item.location, path: "\(p)[\(i)]")
                } else if !texts.insert(setting.text).inserted {
                    ctx.error(
                        "duplicate value \(setting.text.debugQuoted) (the cells would be identical)",
                        at: item.location, path: "\(p)[\(i)]", hint: "remove it")
                } else {
                    values.append(setting)
                }
            }
            result.append(SweepAxis(path: path, values: values))
        }
        return result
    }

    /// `set: { path: value, … }`: settings applied to every cell.
    static func fixed(_ node: DocNode, ctx: DecodeContext) -> [FieldSetting] {
        ctx.record("set", node)
        guard case .mapping(let entries, _) = node else {
            ctx.error(
                "expected a mapping of field paths to values, found \(node.kindName)", at: node.location,
                path: "set", hint: "for example `set: { duration: 2h }`")
            return []
        }
        var seen = Set<String>()
        return entries.compactMap { entry in
            let path = entry.key.value
            ctx.record("set.\(path)", entry.value)
            guard seen.insert(path).inserted else {
                ctx.error("duplicate path `\(path)`", at: entry.key.location, path: "set.\(path)")
                return nil
            }
            guard Overrides.parse(path) != nil else {
                ctx.error(
                    "\(path.debugQuoted) is not a field path", at: entry.key.location, path: "set.\(path)",
                    hint: "use keys and [n] indices, as with --set, e.g. duration")
                return nil
            }
            return FieldSetting(path: path, node: entry.value, pathLocation: entry.key.location)
        }
    }

    /// `path` against the folder of `file` (absolute paths as they are).
    static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().relativePath
        if folder == "." || folder.isEmpty { return path }
        return URL(fileURLWithPath: folder).appendingPathComponent(path).standardized.relativePath
    }

    /// Letters, digits, `.`, `_`, `-`; not `.` or `..`.
    static func isFolderName(_ s: String) -> Bool {
        !s.isEmpty && s != "." && s != ".."
            && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
