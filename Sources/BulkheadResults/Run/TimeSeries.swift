/// Per-minute figures of a run; `minute` m covers simulated time [m, m+1) minutes. Written as the
/// tidy rows of `timeseries.csv` (``RunResult/timeSeriesRows``).
///
/// A run's series lives in a ``MinuteSeriesStore`` (memory bounded whatever the duration); read it
/// minute by minute with ``minutes()`` or ``forEachMinute(_:)``. ``services`` and ``machines``
/// gather every row into arrays — O(minutes) memory, for tests and small series; setting either
/// turns the series into plain rows.
public struct TimeSeries: Sendable, Equatable {
    enum Storage: Sendable {
        case rows(services: [ServiceMinute], machines: [MachineMinute])
        case store(MinuteSeriesStore)
    }
    var storage: Storage

    public init(services: [ServiceMinute], machines: [MachineMinute]) {
        storage = .rows(services: services, machines: machines)
    }

    /// A series read from `store` (which must not be appended to any more).
    public init(store: MinuteSeriesStore) { storage = .store(store) }

    /// Ordered by minute, then service in configuration order.
    /// - Complexity: O(rows) time and memory.
    public var services: [ServiceMinute] {
        get {
            if case .rows(let s, _) = storage { return s }
            var all: [ServiceMinute] = []
            forEachMinute { all += $0.services }
            return all
        }
        set { storage = .rows(services: newValue, machines: machines) }
    }

    /// Ordered by minute, then machine in configuration order.
    /// - Complexity: O(rows) time and memory.
    public var machines: [MachineMinute] {
        get {
            if case .rows(_, let m) = storage { return m }
            var all: [MachineMinute] = []
            forEachMinute { all += $0.machines }
            return all
        }
        set { storage = .rows(services: services, machines: newValue) }
    }

    /// The last minute with a row (−1 when empty).
    public var lastMinute: Int {
        switch storage {
        case .rows(let s, let m): max(s.last?.minute ?? -1, m.last?.minute ?? -1)
        case .store(let store): store.lastMinute
        }
    }

    /// Reads the minutes in order, one at a time.
    public struct MinuteIterator: IteratorProtocol {
        enum Source {
            case rows([ServiceMinute], [MachineMinute], Int, Int)
            case store(MinuteSeriesStore.Reader)
        }
        var source: Source

        public mutating func next() -> MinuteRows? {
            switch source {
            case .store(var reader):
                let rows = reader.next()
                source = .store(reader)
                return rows
            case .rows(let services, let machines, var i, var j):
                guard i < services.count || j < machines.count else { return nil }
                let minute = min(
                    i < services.count ? services[i].minute : .max, j < machines.count ? machines[j].minute : .max)
                var out = MinuteRows(minute: minute, services: [], machines: [])
                while i < services.count && services[i].minute == minute {
                    out.services.append(services[i])
                    i += 1
                }
                while j < machines.count && machines[j].minute == minute {
                    out.machines.append(machines[j])
                    j += 1
                }
                source = .rows(services, machines, i, j)
                return out
            }
        }
    }

    /// An iterator over the minutes, ascending (memory: one block of minutes).
    public func minutes() -> MinuteIterator {
        switch storage {
        case .rows(let s, let m): MinuteIterator(source: .rows(s, m, 0, 0))
        case .store(let store): MinuteIterator(source: .store(store.reader()))
        }
    }

    /// Calls `body` with each minute, ascending.
    /// - Complexity: O(rows) time; memory independent of the number of minutes.
    public func forEachMinute(_ body: (MinuteRows) throws -> Void) rethrows {
        var it = minutes()
        while let m = it.next() { try body(m) }
    }

    /// Equal when every row is equal (reads both series).
    public static func == (a: TimeSeries, b: TimeSeries) -> Bool {
        var x = a.minutes()
        var y = b.minutes()
        while true {
            let u = x.next()
            let v = y.next()
            if u != v { return false }
            if u == nil { return true }
        }
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
