/// An optional that a document writes as `null` when it is nil, instead of leaving its key out
/// (synthesised `Codable` omits nil optionals). Reading requires the key, `null` or a value.
///
/// ```swift
/// @Nullable public var latency: LatencySummary?   // "latency" : null
/// ```
@propertyWrapper
public struct Nullable<Value: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let v = wrappedValue { try c.encode(v) } else { try c.encodeNil() }
    }
}
