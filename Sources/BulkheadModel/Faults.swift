import BulkheadKernel
import BulkheadStochastic

/// A fault the model injects, split as OpenDC does into *when* (a time or a distribution),
/// *who* (a machine, a rack, the oldest machine) and *what* (crash, unreachable, replace).
public enum FaultConfig: Sendable {
    /// A machine crashes at `at`; its containers die and their in-flight requests fail. It comes
    /// back after `repairAfter` (nil: never) and its containers restart after their start-up time.
    case machineCrash(machine: Int, at: SimInstant, repairAfter: SimDuration?)
    /// Each of `machines` fails independently: time to failure from `mtbf`, repair time from
    /// `mttr`, alternating (an alternating renewal process), from the stream
    /// `faults/machine-crash/<machine name>`.
    case randomMachineCrash(machines: [Int], mtbf: Distribution, mttr: Distribution)
    /// Every machine of `rack` becomes unreachable (a top-of-rack switch failure) for `duration`:
    /// containers keep running but receive nothing; requests sent there fail after the
    /// balancer's connect timeout.
    case rackOutage(rack: Int, at: SimInstant, duration: SimDuration)
    /// Every `every`, starting at `first`, the oldest running machine is killed and a fresh,
    /// empty machine replaces it after `replaceAfter` (Netflix's Chaos Monkey as the reference
    /// platform ran it). Under static infrastructure the killed machine's containers are gone.
    case chaosMonkey(first: SimInstant, every: SimDuration, replaceAfter: SimDuration)

    /// Stable kind name used in outputs.
    public var kind: String {
        switch self {
        case .machineCrash, .randomMachineCrash: "machine-crash"
        case .rackOutage: "rack-outage"
        case .chaosMonkey: "chaos-monkey"
        }
    }
}

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
        self.id = id; self.kind = kind; self.target = target; self.start = start; self.end = end
    }
}

extension SimInstant: Codable {
    public init(from decoder: any Decoder) throws { self.init(nanoseconds: try Int64(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try nanoseconds.encode(to: encoder) }
}
