import Foundation

/// Encodes an `Encodable` value as one line of compact JSON with the object keys in the order the
/// value encodes them (declaration order for synthesised conformances) and every number as Swift
/// prints it (`Double.description`: `6.0`, `0.1`, `1e-05`; non-finite numbers as `null`).
///
/// `JSONEncoder` cannot write `bulkhead place --json`'s established format: it drops the `.0` of
/// whole doubles (`6.0` → `6`) and orders keys by hash unless sorted. This encoder keeps that
/// output byte for byte while the document stays a `Codable` type (decoded by `JSONDecoder`).
public struct CompactJSONEncoder: Sendable {
    public init() {}

    /// The JSON text of `value` (no trailing newline).
    /// - Complexity: O(size of the encoding).
    public func encode(_ value: some Encodable) throws -> String {
        let root = Node()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        var out = ""
        root.write(into: &out)
        return out
    }
}

/// A JSON value being built: a rendered scalar, an object with ordered keys, or an array.
private final class Node {
    var scalar: String?
    var object: [(key: String, value: Node)]?
    var array: [Node]?

    func write(into out: inout String) {
        if let object {
            out += "{"
            for (i, (k, v)) in object.enumerated() {
                if i > 0 { out += "," }
                out += Node.quote(k) + ":"
                v.write(into: &out)
            }
            out += "}"
        } else if let array {
            out += "["
            for (i, v) in array.enumerated() {
                if i > 0 { out += "," }
                v.write(into: &out)
            }
            out += "]"
        } else {
            out += scalar ?? "null"
        }
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`, `\r` or `\uXXXX`.
    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out += ch.value < 0x20 ? String(format: "\\u%04x", ch.value) : String(ch)
            }
        }
        return out + "\""
    }

    static func number(_ d: Double) -> String { d.isFinite ? d.description : "null" }
}

/// The `Encoder` writing into one ``Node``.
private struct NodeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.object == nil { node.object = [] }
        return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.array == nil { node.array = [] }
        return Unkeyed(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }

    /// Encodes `value` into `node`: primitives as scalars, anything else through its `encode(to:)`.
    static func encode(_ value: some Encodable, into node: Node, codingPath: [any CodingKey]) throws {
        switch value {
        case let v as Double: node.scalar = Node.number(v)
        case let v as Float: node.scalar = Node.number(Double(v))
        case let v as String: node.scalar = Node.quote(v)
        case let v as Bool: node.scalar = v ? "true" : "false"
        case let v as any BinaryInteger: node.scalar = String(describing: v)
        default: try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
        }
    }
}

private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> Node {
        let n = Node()
        node.object!.append((key.stringValue, n))
        return n
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).scalar = "null" }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try NodeEncoder.encode(value, into: child(key), codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: child(key), codingPath: codingPath + [key]) }
}

private struct Unkeyed: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.array!.count }

    private func child() -> Node {
        let n = Node()
        node.array!.append(n)
        return n
    }

    mutating func encodeNil() throws { child().scalar = "null" }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try NodeEncoder.encode(value, into: child(), codingPath: codingPath)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        NodeEncoder(node: child(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: child(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: child(), codingPath: codingPath) }
}

private struct Single: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.scalar = "null" }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try NodeEncoder.encode(value, into: node, codingPath: codingPath)
    }
}
