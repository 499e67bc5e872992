/// Failed requests by cause (`summary.json` → `failuresByCause`); the JSON keys are the causes'
/// names (`timeout`, `dead-replica`, …), every one always written.
public struct FailureCounts: Codable, Sendable, Hashable {
    /// Why a request failed; the raw value is its name in every output.
    public enum Cause: String, CodingKey, CaseIterable, Sendable {
        case timeout
        case deadReplica = "dead-replica"
        case unreachable
        case oomKilled = "oom-killed"
        case downstreamFailure = "downstream-failure"
        case noHealthyReplica = "no-healthy-replica"
        case lbDown = "lb-down"
        case crashed
        case badRelease = "bad-release"
        case machineFailure = "machine-failure"
    }

    public var timeout: Int = 0
    public var deadReplica: Int = 0
    public var unreachable: Int = 0
    public var oomKilled: Int = 0
    public var downstreamFailure: Int = 0
    public var noHealthyReplica: Int = 0
    public var lbDown: Int = 0
    public var crashed: Int = 0
    public var badRelease: Int = 0
    public var machineFailure: Int = 0

    public init() {}

    /// The count of one cause.
    public subscript(cause: Cause) -> Int {
        get {
            switch cause {
            case .timeout: timeout
            case .deadReplica: deadReplica
            case .unreachable: unreachable
            case .oomKilled: oomKilled
            case .downstreamFailure: downstreamFailure
            case .noHealthyReplica: noHealthyReplica
            case .lbDown: lbDown
            case .crashed: crashed
            case .badRelease: badRelease
            case .machineFailure: machineFailure
            }
        }
        set {
            switch cause {
            case .timeout: timeout = newValue
            case .deadReplica: deadReplica = newValue
            case .unreachable: unreachable = newValue
            case .oomKilled: oomKilled = newValue
            case .downstreamFailure: downstreamFailure = newValue
            case .noHealthyReplica: noHealthyReplica = newValue
            case .lbDown: lbDown = newValue
            case .crashed: crashed = newValue
            case .badRelease: badRelease = newValue
            case .machineFailure: machineFailure = newValue
            }
        }
    }

    /// The sum of all causes.
    public var total: Int { Cause.allCases.reduce(0) { $0 + self[$1] } }

    /// (cause name, count) in ``Cause`` order, for tables.
    public var byName: [(name: String, count: Int)] { Cause.allCases.map { ($0.rawValue, self[$0]) } }

    /// A missing cause reads as 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Cause.self)
        for cause in Cause.allCases { self[cause] = try c.decodeIfPresent(Int.self, forKey: cause) ?? 0 }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Cause.self)
        for cause in Cause.allCases { try c.encode(self[cause], forKey: cause) }
    }

    /// Adds `n` failures of the cause numbered `raw` (a `RequestOutcome` raw value: 1 = timeout
    /// … 10 = machine-failure, in ``Cause`` order; 0 = success is ignored).
    package mutating func add(raw: Int, _ n: Int) {
        guard raw >= 1 && raw <= Cause.allCases.count else { return }
        self[Cause.allCases[raw - 1]] += n
    }

    package mutating func add(_ o: FailureCounts) {
        for cause in Cause.allCases { self[cause] += o[cause] }
    }
}
