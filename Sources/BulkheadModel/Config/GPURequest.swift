/// The GPUs one container requests, as the openb trace and the GPU-sharing schedulers express it
/// (Weng et al., "Beware of Fragmentation", USENIX ATC 2023, §2): either a share of one GPU
/// (`count` 1, `milli` < 1000: the container may sit beside others on that GPU) or whole GPUs
/// (`count` ≥ 1, `milli` 1000). A share is never split across GPUs: a container asking 0.5 GPU
/// needs one GPU with at least 500 milli free.
public struct GPURequest: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Shares of one GPU device.
    public static let milliPerGPU = 1000
    public static let none = GPURequest(count: 0, milli: 0)

    /// GPUs needed (0: none).
    public var count: Int
    /// Shares needed on each of them, 1…1000 (1000: the whole GPU).
    public var milli: Int

    public init(count: Int, milli: Int) {
        self.count = count
        self.milli = milli
    }

    /// From a number of GPUs: below 1 a share of one GPU (rounded to the nearest milli), else
    /// whole GPUs. Returns nil for a fractional amount above 1 (1.5 GPUs cannot be expressed:
    /// a share is never split) or a negative one.
    public init?(gpus: Double) {
        guard gpus >= 0, gpus.isFinite else { return nil }
        if gpus == 0 {
            self = .none
        } else if gpus < 1 {
            let m = Int((gpus * Double(Self.milliPerGPU)).rounded())
            guard m >= 1 else { return nil }
            self.init(count: 1, milli: m)
        } else {
            guard gpus == gpus.rounded() else { return nil }
            self.init(count: Int(gpus), milli: Self.milliPerGPU)
        }
    }

    /// GPU shares in total (`count · milli`).
    public var totalMilli: Int { count * milli }
    /// The request in GPUs (0.5, 2).
    public var gpus: Double { Double(totalMilli) / Double(Self.milliPerGPU) }
    /// Whether the request is a share of one GPU (below a whole one).
    public var isShare: Bool { count == 1 && milli < Self.milliPerGPU }

    public var description: String { count == 0 ? "0" : isShare ? "\(milli)m" : "\(count)" }
}
