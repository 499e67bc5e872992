/// Who a CPU job runs for: a request (at one generation of its slot) or one attempt of a batch
/// task. Packed in 8 bytes, so that a job in a container's heap stays a 16-byte plain value; the
/// CPU stores it and hands it back when the job completes, and never looks inside.
///
/// Bit 63 tells the kinds apart. A request: its id in bits 32–62, its generation in bits 0–31.
/// A batch task: its hog in bits 52–62 (11 bits), its task in bits 32–51 (20 bits), its attempt
/// in bits 0–31.
struct JobOwner: Equatable {
    private let bits: UInt64

    /// What the owner is, unpacked.
    enum Kind {
        case request(RequestID, generation: UInt32)
        case batchTask(BatchTaskID, attempt: UInt32)
    }

    @inline(__always) static func request(_ r: RequestID, generation: UInt32) -> JobOwner {
        JobOwner(bits: UInt64(UInt32(bitPattern: r.raw)) << 32 | UInt64(generation))
    }

    @inline(__always) static func batchTask(_ task: BatchTaskID, attempt: UInt32) -> JobOwner {
        JobOwner(bits: 1 << 63 | UInt64(task.hog.raw) << 52 | UInt64(task.task) << 32 | UInt64(attempt))
    }

    @inline(__always) var kind: Kind {
        let low = UInt32(truncatingIfNeeded: bits)
        if bits >> 63 == 0 { return .request(RequestID(raw: Int32(truncatingIfNeeded: bits >> 32)), generation: low) }
        let task = BatchTaskID(
            hog: HogID(raw: Int32(truncatingIfNeeded: (bits >> 52) & 0x7FF)),
            task: Int32(truncatingIfNeeded: (bits >> 32) & 0xFFFFF))
        return .batchTask(task, attempt: low)
    }
}

/// Task `task` of batch hog `hog`'s current job.
struct BatchTaskID: Equatable {
    var hog: HogID
    var task: Int32
    /// The most hogs and tasks per job a `JobOwner` can tell apart.
    static let maxHogs = 1 << 11, maxTasks = 1 << 20
}
