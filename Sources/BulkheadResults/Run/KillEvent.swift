/// One OOM kill after warm-up: when (seconds), which container, why, and whether it was
/// innocent. Input to the hog analysis against the twin run; not written to any file.
public struct KillEvent: Sendable, Equatable {
    /// Why the container was killed (only OOM kills are logged; containers lost with their
    /// machine or crashed by a fault are incidents).
    public enum Reason: String, Sendable {
        /// Exceeded its own memory limit.
        case oomLimit
        /// Chosen by its machine's OOM killer.
        case oomMachine
    }

    public var at: Double
    /// Index in the placement's containers.
    public var container: Int
    public var reason: Reason
    public var innocent: Bool
    public init(at: Double, container: Int, reason: Reason, innocent: Bool) {
        self.at = at
        self.container = container
        self.reason = reason
        self.innocent = innocent
    }
}
