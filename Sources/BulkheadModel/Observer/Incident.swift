import BulkheadKernel

/// One injected fault, as the observer sees it.
public struct Incident: Sendable, Hashable, Codable {
    public var id: Int
    public var kind: String
    /// The machine or rack hit.
    public var target: String
    public var start: SimInstant
    /// nil while not over (at the end of the run, or a machine never repaired).
    public var end: SimInstant?
    /// The tenant that caused it (resource hogs), nil for faults.
    public var tenant: String? = nil
    public init(id: Int, kind: String, target: String, start: SimInstant, end: SimInstant? = nil) {
        self.id = id
        self.kind = kind
        self.target = target
        self.start = start
        self.end = end
    }
}

extension SimInstant: Codable {
    public init(from decoder: any Decoder) throws { self.init(nanoseconds: try Int64(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try nanoseconds.encode(to: encoder) }
}
