import Dispatch

/// The body of `timeseries.csv` (the lines after the header) formatted straight from a run's
/// minute store, several minutes at a time on two threads: the same bytes as
/// ``TimeSeriesRow/appendCSVLine(to:)`` of every row of ``RunResult/forEachTimeSeriesRow(_:)``
/// (tested byte for byte). Hand-written because a fleet's day is 80 M rows (3.5 GB): row by row
/// through `TimeSeriesRow` and `Double.description` its writing took ~25 s, more than a third
/// of the run; each line's constant part (minute, kind, quoted name, metric) is formatted once
/// here, numbers straight into the buffer.
extension RunResult {
    /// Calls `body` with the bytes of `timeseries.csv` after its header, in order, in chunks of
    /// whole minutes (each chunk a few MB; `minutesPerChunk` sets it, for tests).
    public func forEachTimeSeriesCSVChunk(minutesPerChunk: Int? = nil, _ body: ([UInt8]) throws -> Void) throws {
        guard case .store(let store) = timeSeries.storage else {
            var bytes: [UInt8] = []
            forEachTimeSeriesRow { $0.appendCSVLine(to: &bytes) }
            try body(bytes)
            return
        }
        let format = TimeSeriesCSVFormat(store: store, autoscaling: autoscaling)
        // Rounds of two chunks formatted at once (the machine's two cores) while the round
        // before is written, in order: the writes (copies into the page cache) overlap the
        // formatting. Two sets of buffers, reused (fresh multi-MB buffers page-fault).
        let workers = 2
        let perChunk = minutesPerChunk ?? max(1, (1 << 22) / max(1, store.stride * 8 * 4))
        let perRound = workers * perChunk
        let rounds = (store.count + perRound - 1) / perRound
        let slots = ChunkSlots(count: 2 * workers)
        let group = DispatchGroup()
        for round in 0...rounds {
            // Round `round` (if any) is formatted into set round % 2 on the global queue while
            // this thread writes round − 1 (if any) from the other set.
            if round < rounds {
                for task in 0..<workers {
                    DispatchQueue.global().async(group: group) {
                        let first = round * perRound + task * perChunk
                        let records = max(0, min(perChunk, store.count - first))
                        var sink = ByteSink(bytes: slots.take(round % 2 * workers + task))
                        sink.bytes.removeAll(keepingCapacity: true)
                        if records > 0 {
                            var reader = store.reader(from: first, count: records)
                            for _ in 0..<records {
                                guard let (minute, values) = reader.nextRecord() else { break }
                                format.append(minute: minute, values: values, to: &sink)
                            }
                        }
                        slots.put(round % 2 * workers + task, sink.bytes)
                    }
                }
            }
            var failure: Error?
            if round > 0 {
                let set = (round - 1) % 2 * workers
                do { for w in 0..<workers { try body(slots.bytes(set + w)) } } catch { failure = error }
            }
            group.wait()
            if let failure { throw failure }
        }
    }
}

/// The formatted chunks: two sets of one per worker, each in its own box (the array of boxes is
/// never written). A task writes only its own box, or reads the other set's, which no task
/// writes in the same round; `DispatchGroup.wait` orders the rounds.
private final class ChunkSlots: @unchecked Sendable {
    private final class Box { var bytes: [UInt8] = [] }
    private let boxes: [Box]
    init(count: Int) { boxes = (0..<count).map { _ in Box() } }
    func put(_ i: Int, _ bytes: [UInt8]) { boxes[i].bytes = bytes }
    func bytes(_ i: Int) -> [UInt8] { boxes[i].bytes }
    /// Slot `i`'s buffer, left empty (its capacity moves to the caller).
    func take(_ i: Int) -> [UInt8] {
        defer { boxes[i].bytes = [] }
        return boxes[i].bytes
    }
}

/// The constant parts of the lines and how a record becomes lines.
private struct TimeSeriesCSVFormat: Sendable {
    /// The lines' constant parts, one after the other, and where each is: per service and
    /// machine "kind,name," (the name quoted as a CSV cell), per metric "metric,"
    /// (`TimeSeriesRow.Metric.allCases` order). One flat array read through a pointer: an array
    /// per prefix was a retain and a release per line.
    let text: [UInt8]
    let servicePrefix: [Range<Int>]
    let machinePrefix: [Range<Int>]
    let metricPrefix: [Range<Int>]
    /// Per service (store order), the autoscaled minutes (nil when not autoscaled).
    let autoscaled: [[Int: AutoscalingResult.Minute]?]
    let serviceCount: Int

    init(store: MinuteSeriesStore, autoscaling: [AutoscalingResult]) {
        var text: [UInt8] = []
        func add(_ s: String) -> Range<Int> {
            let start = text.count
            text.append(contentsOf: s.utf8)
            return start..<text.count
        }
        servicePrefix = store.services.map { add("service," + CSVCell.quote($0) + ",") }
        machinePrefix = store.machines.map { add("machine," + CSVCell.quote($0) + ",") }
        metricPrefix = TimeSeriesRow.Metric.allCases.map { add($0.rawValue + ",") }
        self.text = text
        var byName: [String: [Int: AutoscalingResult.Minute]] = [:]
        for a in autoscaling { byName[a.service] = Dictionary(a.minutes.map { ($0.minute, $0) }) { x, _ in x } }
        autoscaled = store.services.map { byName[$0] }
        serviceCount = store.services.count
    }

    /// Appends the lines of one record (`values`: the store's record, its minute first).
    func append(minute: Int, values v: ArraySlice<Double>, to out: inout ByteSink) {
        var minuteText: [UInt8] = []
        Self.appendInt(minute, to: &minuteText)
        minuteText.append(0x2C)
        text.withUnsafeBufferPointer { t in
            minuteText.withUnsafeBufferPointer { m in
                func line(_ prefix: Range<Int>, _ metric: TimeSeriesRow.Metric, _ value: Double) {
                    out.bytes.append(contentsOf: m)
                    out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: t[prefix]))
                    out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: t[metricPrefix[Self.ordinal(metric)]]))
                    // `String(Int(value))` and `value.description`, as `appendCSVLine` writes
                    // them; a Double goes through `TextOutputStream` (the standard library
                    // formats it into a stack buffer and hands it to `_writeASCII`;
                    // `description` would allocate a String for each of tens of millions).
                    if metric.isCount { Self.appendInt(Int(value), to: &out.bytes) } else { value.write(to: &out) }
                    out.bytes.append(0x0A)
                }
                let base = v.startIndex + 1
                for s in 0..<serviceCount {
                    let k = base + s * MinuteSeriesStore.serviceFields
                    let prefix = servicePrefix[s]
                    line(prefix, .requests, Double(Int(v[k])))
                    line(prefix, .rate, v[k + 2])
                    line(prefix, .failures, Double(Int(v[k + 1])))
                    if !v[k + 3].isNaN { line(prefix, .p50, v[k + 3]) }
                    if !v[k + 4].isNaN { line(prefix, .p99, v[k + 4]) }
                    line(prefix, .sloBad, v[k + 5] != 0 ? 1 : 0)
                    if let a = autoscaled[s]?[minute] {
                        line(prefix, .replicas, Double(a.serving))
                        line(prefix, .replicasDesired, Double(a.desired))
                    }
                }
                let machineBase = base + serviceCount * MinuteSeriesStore.serviceFields
                for j in machinePrefix.indices {
                    let k = machineBase + j * MinuteSeriesStore.machineFields
                    guard !v[k].isNaN else { continue }
                    line(machinePrefix[j], .cpuUtilization, v[k])
                    line(machinePrefix[j], .memoryUtilization, v[k + 1])
                }
            }
        }
    }

    /// `metric`'s position in `allCases` (checked by the test against the schema's bytes).
    @inline(__always) static func ordinal(_ metric: TimeSeriesRow.Metric) -> Int {
        switch metric {
        case .requests: 0
        case .rate: 1
        case .failures: 2
        case .p50: 3
        case .p99: 4
        case .sloBad: 5
        case .replicas: 6
        case .replicasDesired: 7
        case .cpuUtilization: 8
        case .memoryUtilization: 9
        }
    }

    /// `String(n)`'s bytes.
    static func appendInt(_ n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(0x2D) }
        var m = n.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(truncatingIfNeeded: m % 10) &+ 0x30
                m /= 10
                count += 1
            } while m > 0
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }
}

/// A `TextOutputStream` into a byte array.
private struct ByteSink: TextOutputStream {
    var bytes: [UInt8]
    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
}
