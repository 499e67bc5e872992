/// One injected fault or hog activation: what, where, when (seconds since the start of the run).
/// Input to the incident and hog analyses against the twin run; not written to any file.
public struct IncidentRecord: Sendable, Equatable {
    public var id: Int
    public var kind: String
    public var target: String
    public var start: Double
    /// nil when it was not over by the end of the run.
    public var end: Double?
    /// The tenant that caused it (resource hogs); nil for faults.
    public var tenant: String? = nil
    public init(id: Int, kind: String, target: String, start: Double, end: Double?) {
        self.id = id
        self.kind = kind
        self.target = target
        self.start = start
        self.end = end
    }
}
