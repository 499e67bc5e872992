/// A value listed in a document under its name (`"services": {"web": {…}}`): the name is the
/// key, so the entry's own encoding may leave it out.
public protocol KeyedEntry: Codable, Sendable, Hashable {
    /// The property holding the name the entry is listed under.
    static var keyPath: WritableKeyPath<Self, String> { get }
}

extension KeyedEntry {
    /// The name the entry is listed under.
    var key: String {
        get { self[keyPath: Self.keyPath] }
        set { self[keyPath: Self.keyPath] = newValue }
    }
}

/// Entries written as one JSON object keyed by name, and read back with their names; kept sorted
/// by name (the order of the written keys), so reading gives back the written value.
public struct KeyedList<Entry: KeyedEntry>: Codable, Sendable, Hashable {
    /// Sorted by name.
    public private(set) var entries: [Entry]

    /// - Complexity: O(n log n).
    public init(_ entries: [Entry]) { self.entries = entries.sorted { $0.key < $1.key } }

    /// The entry named `key`.
    /// - Complexity: O(n).
    public subscript(key: String) -> Entry? { entries.first { $0.key == key } }

    struct Key: CodingKey {
        var stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        var entries: [Entry] = []
        for k in c.allKeys {
            var e = try c.decode(Entry.self, forKey: k)
            e.key = k.stringValue
            entries.append(e)
        }
        self.init(entries)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for e in entries { try c.encode(e, forKey: Key(stringValue: e.key)) }
    }
}
