/// `run-info.json`: facts about how a run was executed rather than what it measured — the only
/// place for wall-clock quantities, so every other output file is byte-identical for the same
/// inputs. Not read by the report.
public struct RunInfo: JSONDocument, Hashable {
    public static let fileName = "run-info.json"

    public var toolVersion: String
    /// `null` outside a git checkout.
    @Nullable public var gitCommit: String?
    /// Wall-clock seconds the simulation took.
    public var wallSeconds: Double
    public var eventsProcessed: Int
    /// Requests simulated (all services, external and internal) per wall-clock second.
    public var requestsPerWallSecond: Double
    public var eventsPerWallSecond: Double
    /// `request` or `flow`: the engine that ran (nil only when built without a result).
    public var fidelity: String?

    /// - Parameters:
    ///   - requests: requests simulated (e.g. `RunResult.requests.total + internalRequests.total`).
    public init(toolVersion: String, gitCommit: String? = nil, wallSeconds: Double, eventsProcessed: Int, requests: Int) {
        self.toolVersion = toolVersion
        self.gitCommit = gitCommit
        self.wallSeconds = wallSeconds
        self.eventsProcessed = eventsProcessed
        self.requestsPerWallSecond = wallSeconds > 0 ? Double(requests) / wallSeconds : 0
        self.eventsPerWallSecond = wallSeconds > 0 ? Double(eventsProcessed) / wallSeconds : 0
    }

    /// A convenience that takes the request and event counts from `result`.
    public init(toolVersion: String, gitCommit: String? = nil, wallSeconds: Double, result: RunResult) {
        self.init(
            toolVersion: toolVersion, gitCommit: gitCommit, wallSeconds: wallSeconds,
            eventsProcessed: result.eventsProcessed, requests: result.requests.total + result.internalRequests.total)
        fidelity = result.fidelity
    }
}
