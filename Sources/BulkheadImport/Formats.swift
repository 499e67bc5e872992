/// The trace formats `bulkhead import` reads, and recognising a file's format from its first line,
/// so that a file given to the wrong importer says what it looks like.
public enum Formats {
    /// Importer names, as `bulkhead import FORMAT` takes them.
    public static let names = ["openb", "borg2019", "roadef2012"]

    /// What a table looks like, from its header (or, without one, its shape).
    static func describe(_ t: CSVTable) -> String? {
        let h = t.header
        if h == OpenB.nodeHeader { return "an openb node list (`openb`)" }
        if h == OpenB.podHeader { return "an openb pod list (`openb`)" }
        if h == Borg2019.hostHeader { return "a Borg 2019 machine-shape histogram (`borg2019`)" }
        if h == Borg2019.requestHeader { return "a Borg 2019 task request list (`borg2019`)" }
        if !h.isEmpty, h.allSatisfy({ Int($0) != nil }) {
            return "whitespace-separated integers, like a ROADEF 2012 model or assignment (`roadef2012`)"
        }
        return nil
    }

    /// Throws unless `t`'s header is `header`, saying which format the file looks like instead.
    static func expect(_ t: CSVTable, header: [String], format: String) throws(ImportError) {
        guard t.header != header else { return }
        let looks = describe(t).map { "it looks like \($0)" } ?? "its header is `\(t.header.joined(separator: ","))`"
        throw ImportError(
            file: t.file, line: 1, column: 1,
            message: "not \(format.hasPrefix("a") || format.hasPrefix("o") ? "an" : "a") \(format): \(looks)",
            hint: "expected the header `\(header.joined(separator: ","))`")
    }

    /// What the file at `path` looks like (nil when unrecognised or unreadable).
    public static func guess(path: String) -> String? {
        if let t = try? CSVTable(path: path) {
            if let d = describe(t) { return d }
        }
        return nil
    }
}
