/// One batch job of a run (a `batch` hog's activation): an entry of `summary.json` →
/// `hogging.batch` (nil figures left out).
public struct BatchJobResult: Codable, Sendable, Hashable {
    public var service: String
    /// Start (seconds since the start of the run).
    public var start: Double
    public var tasks: Int
    /// Tasks done by the end of the run.
    public var completed: Int
    /// Tasks restarted from scratch because their container died.
    public var retries: Int
    /// Start → last task done (seconds); nil when not finished by the end of the run.
    public var makespanSeconds: Double?
    /// Start → first task running (seconds); nil when no task ever found a slot.
    public var waitedForSlotSeconds: Double?
    public init(
        service: String, start: Double, tasks: Int, completed: Int, retries: Int, makespanSeconds: Double?,
        waitedForSlotSeconds: Double?
    ) {
        self.service = service
        self.start = start
        self.tasks = tasks
        self.completed = completed
        self.retries = retries
        self.makespanSeconds = makespanSeconds
        self.waitedForSlotSeconds = waitedForSlotSeconds
    }
}
