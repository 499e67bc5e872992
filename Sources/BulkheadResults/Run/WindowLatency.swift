/// A tenant's p99 over one window (a hog incident's span): requests of its services (external
/// and downstream) that succeeded and ended inside the window. Input to the hog analysis against
/// the twin run; not written to any file.
public struct WindowLatency: Sendable, Equatable {
    public var window: Int
    public var tenant: String
    public var count: Int
    /// Seconds; nil without successes.
    public var p99: Double?
    public init(window: Int, tenant: String, count: Int, p99: Double?) {
        self.window = window
        self.tenant = tenant
        self.count = count
        self.p99 = p99
    }
}
