/// The entries of one mapping, read by key, reporting missing required keys at the mapping.
struct Fields {
    let context: DecodeContext
    let path: String
    let entries: [DocEntry]
    let location: SourceLocation

    /// The value of `key`, or nil if absent or null.
    func optional(_ key: String) -> DocNode? {
        guard let entry = entries.first(where: { $0.key.value == key }) else { return nil }
        if case .scalar(let s) = entry.value, s.isNull { return nil }
        context.record(join(path, key), entry.value)
        return entry.value
    }

    /// The value of `key`; reports "missing required key" at this mapping if absent.
    func required(_ key: String, example: String? = nil) -> DocNode? {
        if let v = optional(key) { return v }
        context.error(
            "missing required key `\(key)`", at: location, path: join(path, key),
            hint: example.map { "for example `\(key): \($0)`" })
        return nil
    }

    /// The path of a child key.
    func at(_ key: String) -> String { join(path, key) }

    /// Decodes optional `key` with `parse`; nil if absent or invalid.
    func value<T>(_ key: String, _ parse: (String) throws(QuantityError) -> T) -> T? {
        optional(key).flatMap { context.scalar($0, at(key), parse) }
    }

    /// Decodes required `key` with `parse`; nil (after reporting) if absent or invalid.
    func requiredValue<T>(_ key: String, example: String? = nil, _ parse: (String) throws(QuantityError) -> T) -> T? {
        required(key, example: example).flatMap { context.scalar($0, at(key), parse) }
    }

    /// Optional string `key`.
    func string(_ key: String) -> String? {
        optional(key).flatMap { context.string($0, at(key)) }
    }

    /// Required string `key`.
    func requiredString(_ key: String, example: String? = nil) -> String? {
        required(key, example: example).flatMap { context.string($0, at(key)) }
    }
}
