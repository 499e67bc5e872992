/// Per-minute figures of a run; `minute` m covers simulated time [m, m+1) minutes. Written as the
/// tidy rows of `timeseries.csv` (``RunResult/timeSeriesRows``).
public struct TimeSeries: Sendable, Equatable {
    /// Ordered by minute, then service in configuration order.
    public var services: [ServiceMinute]
    /// Ordered by minute, then machine in configuration order.
    public var machines: [MachineMinute]
    public init(services: [ServiceMinute], machines: [MachineMinute]) {
        self.services = services
        self.machines = machines
    }
}

/// One service in one minute.
public struct ServiceMinute: Sendable, Equatable {
    public var minute: Int
    public var service: String
    public var requests: Int
    /// Requests per simulated second over the measured part of the minute.
    public var rate: Double
    public var failures: Int
    /// Latency percentiles of the minute's successes (seconds); nil without successes.
    public var p50: Double?
    public var p99: Double?
    public var sloBad: Bool
    public init(
        minute: Int, service: String, requests: Int, rate: Double, failures: Int, p50: Double?, p99: Double?,
        sloBad: Bool
    ) {
        self.minute = minute
        self.service = service
        self.requests = requests
        self.rate = rate
        self.failures = failures
        self.p50 = p50
        self.p99 = p99
        self.sloBad = sloBad
    }
}

/// One machine in one minute (utilisations as fractions).
public struct MachineMinute: Sendable, Equatable {
    public var minute: Int
    public var machine: String
    public var cpuUtilization: Double
    public var memoryUtilization: Double
    public init(minute: Int, machine: String, cpuUtilization: Double, memoryUtilization: Double) {
        self.minute = minute
        self.machine = machine
        self.cpuUtilization = cpuUtilization
        self.memoryUtilization = memoryUtilization
    }
}
