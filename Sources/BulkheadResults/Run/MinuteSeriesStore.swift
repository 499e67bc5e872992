import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A run's per-minute figures, appended minute by minute while the run goes and read back in
/// order, in memory bounded independently of the simulated duration.
///
/// Why: held as rows, the series grew ~0.7 MB per simulated hour of gilt-japan (issue 16, item 7),
/// so a 30-day run needed ~0.5 GB for data that is only ever written out in order or compared
/// minute by minute with the twin. Here each minute is one fixed-size record of `Double`s
/// (`minute`, then per service `requests, failures, rate, p50, p99, sloBad`, then per machine
/// `cpu, memory`; NaN = no value); records collect in a buffer of at most ``memoryLimit`` bytes,
/// which is spilled to an anonymous temporary file (created in `TMPDIR`, unlinked at once, so
/// nothing is left behind even after a crash) whenever it fills. Reading uses `pread`, so
/// several readers may walk one finished store at the same time.
///
/// Counts are stored as `Double`: exact up to 2⁵³ requests per service and minute.
///
/// Thread safety: appended to by one writer (the metrics observer of one run); read only after
/// the last append (``RunResult`` is built at the end of the run).
public final class MinuteSeriesStore: @unchecked Sendable {
    /// Services and machines, in configuration order (every record holds all of them).
    public let services: [String]
    public let machines: [String]
    /// Doubles per record.
    public let stride: Int
    /// Records not yet spilled.
    private var buffer: [Double] = []
    /// The spill file (−1 until the first spill) and the records in it.
    private var fd: Int32 = -1
    private var spilledRecords = 0
    /// Records appended.
    public private(set) var count = 0
    /// The last minute appended (−1 when empty).
    public private(set) var lastMinute = -1
    /// Largest number of bytes held in memory by the buffer (the rest is on disk).
    public let memoryLimit: Int
    /// Bytes of records held in memory now (at most ``memoryLimit`` plus one record, unless a
    /// spill failed).
    public var bufferedBytes: Int { buffer.count * 8 }
    /// Whether some records were spilled to the temporary file.
    public var spilled: Bool { fd >= 0 }

    /// The buffer a run's store keeps in memory (1 MiB); the work estimate counts it.
    public static let defaultMemoryLimit = 1 << 20

    static let serviceFields = 6
    static let machineFields = 2

    /// - Parameter memoryLimit: bytes of records held in memory before they are spilled (at
    ///   least one record's worth is always held).
    public init(services: [String], machines: [String], memoryLimit: Int = defaultMemoryLimit) {
        self.services = services
        self.machines = machines
        self.stride = 1 + services.count * Self.serviceFields + machines.count * Self.machineFields
        self.memoryLimit = memoryLimit
    }

    deinit { if fd >= 0 { close(fd) } }

    /// The figures of one service in one minute.
    public struct ServiceValues: Sendable, Equatable {
        public var requests: Int
        public var failures: Int
        public var rate: Double
        public var p50: Double?
        public var p99: Double?
        public var sloBad: Bool
        public init(requests: Int, failures: Int, rate: Double, p50: Double?, p99: Double?, sloBad: Bool) {
            self.requests = requests
            self.failures = failures
            self.rate = rate
            self.p50 = p50
            self.p99 = p99
            self.sloBad = sloBad
        }
    }

    /// Appends minute `minute` (greater than every minute appended before).
    /// - Parameters:
    ///   - services: one value per service, configuration order.
    ///   - machines: per machine, its (cpu, memory) utilisation, or nil when not sampled.
    /// - Complexity: O(services + machines) amortised (plus a write when the buffer is full).
    ///   If the temporary file cannot be written (a full disk), the records stay in memory instead:
    ///   the run goes on, only its memory is no longer bounded.
    public func append(minute: Int, services s: [ServiceValues], machines m: [(cpu: Double, memory: Double)?]) {
        precondition(s.count == services.count && m.count == machines.count, "MinuteSeriesStore.append: wrong widths")
        precondition(minute > lastMinute, "MinuteSeriesStore.append: minute \(minute) after \(lastMinute)")
        buffer.append(Double(minute))
        for v in s {
            buffer.append(Double(v.requests))
            buffer.append(Double(v.failures))
            buffer.append(v.rate)
            buffer.append(v.p50 ?? .nan)
            buffer.append(v.p99 ?? .nan)
            buffer.append(v.sloBad ? 1 : 0)
        }
        for v in m {
            buffer.append(v?.cpu ?? .nan)
            buffer.append(v?.memory ?? .nan)
        }
        count += 1
        lastMinute = minute
        if !spillFailed && buffer.count * 8 >= memoryLimit {
            do { try spill() } catch { spillFailed = true }
        }
    }

    /// Set when a spill failed: every later record stays in memory.
    public private(set) var spillFailed = false

    /// Writes the buffered records to the temporary file and empties the buffer.
    private func spill() throws {
        if fd < 0 { fd = try Self.anonymousFile() }
        let records = buffer.count / stride
        try buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = pwrite(fd, bytes.baseAddress! + offset, bytes.count - offset, off_t(spilledRecords * stride * 8 + offset))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw MinuteSeriesError(operation: "write", errno: errno)
                }
                offset += n
            }
        }
        spilledRecords += records
        buffer.removeAll(keepingCapacity: true)
    }

    /// A file that exists only through its descriptor (unlinked right after creation).
    private static func anonymousFile() throws -> Int32 {
        var dir = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        if dir.isEmpty { dir = "/tmp" }
        var template = Array((dir + "/bulkhead-minutes.XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw MinuteSeriesError(operation: "create a temporary file in \(dir)", errno: errno) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return fd
    }

    /// Reads records in order, a block at a time (memory: one block, whatever the length).
    public struct Reader {
        let store: MinuteSeriesStore
        var position = 0
        var block: [Double] = []
        var blockStart = 0
        /// Records read from the file at once.
        var blockRecords = 256

        /// The next minute's record: its minute and a view of its values (valid until the next call).
        mutating func nextRecord() -> (minute: Int, values: ArraySlice<Double>)? {
            guard position < store.count else { return nil }
            if position < store.spilledRecords {
                if position < blockStart || position >= blockStart + block.count / store.stride {
                    let n = min(blockRecords, store.spilledRecords - position)
                    block = Array(repeating: 0, count: n * store.stride)
                    let want = n * store.stride * 8
                    var got = 0
                    block.withUnsafeMutableBytes { bytes in
                        while got < want {
                            let r = pread(
                                store.fd, bytes.baseAddress! + got, want - got, off_t(position * store.stride * 8 + got))
                            if r < 0 && errno == EINTR { continue }
                            // The file was written by this process and is never truncated: a short
                            // read is a broken invariant (or a disk failure), not a user error.
                            precondition(r > 0, "MinuteSeriesStore: cannot read the spilled series (errno \(errno))")
                            got += r
                        }
                    }
                    blockStart = position
                }
                let k = (position - blockStart) * store.stride
                position += 1
                return (Int(block[k]), block[k..<k + store.stride])
            }
            let k = (position - store.spilledRecords) * store.stride
            position += 1
            return (Int(store.buffer[k]), store.buffer[k..<k + store.stride])
        }

        /// The next minute as rows.
        public mutating func next() -> MinuteRows? {
            guard let (minute, v) = nextRecord() else { return nil }
            let base = v.startIndex + 1
            func optional(_ x: Double) -> Double? { x.isNaN ? nil : x }
            var services: [ServiceMinute] = []
            services.reserveCapacity(store.services.count)
            for (s, name) in store.services.enumerated() {
                let k = base + s * MinuteSeriesStore.serviceFields
                services.append(
                    ServiceMinute(
                        minute: minute, service: name, requests: Int(v[k]), rate: v[k + 2], failures: Int(v[k + 1]),
                        p50: optional(v[k + 3]), p99: optional(v[k + 4]), sloBad: v[k + 5] != 0))
            }
            var machines: [MachineMinute] = []
            let mBase = base + store.services.count * MinuteSeriesStore.serviceFields
            for (j, name) in store.machines.enumerated() {
                let k = mBase + j * MinuteSeriesStore.machineFields
                guard !v[k].isNaN else { continue }
                machines.append(MachineMinute(minute: minute, machine: name, cpuUtilization: v[k], memoryUtilization: v[k + 1]))
            }
            return MinuteRows(minute: minute, services: services, machines: machines)
        }
    }

    /// A reader from the first minute.
    public func reader() -> Reader { Reader(store: self) }

    /// A reader of the `count` records from record `first` (0: the first minute).
    func reader(from first: Int, count: Int) -> Reader {
        Reader(store: self, position: first, blockRecords: max(1, min(256, count)))
    }
}

/// One minute of a ``TimeSeries``: every service's row (configuration order) and the rows of the
/// machines sampled in that minute.
public struct MinuteRows: Sendable, Equatable {
    public var minute: Int
    public var services: [ServiceMinute]
    public var machines: [MachineMinute]
}

/// The temporary file behind a ``MinuteSeriesStore`` could not be created or written.
public struct MinuteSeriesError: Error, CustomStringConvertible, Sendable {
    public var operation: String
    public var errno: Int32
    public var description: String {
        "cannot \(operation) for the per-minute series: \(String(cString: strerror(errno)))"
    }
}
