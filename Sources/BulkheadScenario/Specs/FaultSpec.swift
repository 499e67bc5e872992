/// One fault to inject (`faults:` in a scenario): *what* (`kind`), *who* (a machine, a machine
/// type, a rack, the oldest machine) and *when* (a time of day and day, or a distribution).
public struct FaultSpec: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        case machineCrash = "machine-crash"
        case rackOutage = "rack-outage"
        case chaosMonkey = "chaos-monkey"
        case lbFailure = "lb-failure"
        case containerCrash = "container-crash"
        case correlated
        case zoneOutage = "zone-outage"
    }
    public var kind: Kind
    /// A named machine (`<rack>-<k>`, k from 1), for `machine-crash`.
    public var machine: String?
    /// Every machine of this type, for random `machine-crash` (`type:` in YAML).
    public var machineType: String?
    /// The rack of a `rack-outage`.
    public var rack: String?
    /// Time of day (ns since midnight) of a scheduled fault, or of the chaos monkey's first kill.
    public var at: Int64?
    /// Day (0-based) of a scheduled fault.
    public var day: Int
    /// How long a rack outage lasts (ns).
    public var duration: Int64?
    /// Repair time of a scheduled machine crash (ns); nil: never repaired.
    public var repairAfter: Int64?
    /// Time between failures and time to repair (seconds) of a random machine crash.
    public var mtbf: DistributionSpec?
    public var mttr: DistributionSpec?
    /// Chaos monkey: period (ns) and time until the fresh machine joins (ns).
    public var every: Int64?
    public var replaceAfter: Int64?
    /// The load balancer of an `lb-failure`.
    public var balancer: String?
    /// The service of a `container-crash`.
    public var service: String?
    /// Crashes per second per replica of a `container-crash`.
    public var rate: Double?
    /// The failure domain of a `correlated` fault (`rack`; `power` is the same grouping).
    public var domain: String?
    /// The rack of a `correlated` fault.
    public var target: String?
    /// Fraction (0…1] of the domain's machines a `correlated` fault takes down.
    public var fraction: Double?
    /// The zone of a `zone-outage`.
    public var zone: String?

    public init(
        kind: Kind, machine: String? = nil, machineType: String? = nil, rack: String? = nil, at: Int64? = nil,
        day: Int = 0, duration: Int64? = nil, repairAfter: Int64? = nil, mtbf: DistributionSpec? = nil,
        mttr: DistributionSpec? = nil, every: Int64? = nil, replaceAfter: Int64? = nil
    ) {
        self.kind = kind
        self.machine = machine
        self.machineType = machineType
        self.rack = rack
        self.at = at
        self.day = day
        self.duration = duration
        self.repairAfter = repairAfter
        self.mtbf = mtbf
        self.mttr = mttr
        self.every = every
        self.replaceAfter = replaceAfter
    }
}
