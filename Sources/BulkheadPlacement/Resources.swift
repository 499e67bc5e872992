/// A small vector of schedulable resources, in a fixed order (`Resources.names`).
///
/// Only cpu (cores) and memory (bytes) today. To add a dimension (e.g. GPUs, disk bandwidth):
/// add a stored property, append its name to `names`, extend `subscript`, `init(repeating:)` and
/// `request(of:)` / `capacity(of:)`; every filter, scorer and index loops over `0..<Resources.count`.
public struct Resources: Sendable, Hashable, Codable, CustomStringConvertible {
    public var cpu: Double
    public var memory: Double

    /// Number of dimensions.
    public static let count = 2
    /// Human-readable dimension names, used in filter reasons ("insufficient memory").
    public static let names = ["cpu", "memory"]
    public static let zero = Resources(cpu: 0, memory: 0)

    public init(cpu: Double, memory: Double) {
        self.cpu = cpu
        self.memory = memory
    }
    public init(repeating v: Double) {
        self.cpu = v
        self.memory = v
    }

    @inlinable public subscript(_ r: Int) -> Double {
        get { r == 0 ? cpu : memory }
        set { if r == 0 { cpu = newValue } else { memory = newValue } }
    }

    public static func + (a: Resources, b: Resources) -> Resources {
        Resources(cpu: a.cpu + b.cpu, memory: a.memory + b.memory)
    }
    public static func - (a: Resources, b: Resources) -> Resources {
        Resources(cpu: a.cpu - b.cpu, memory: a.memory - b.memory)
    }
    public static func += (a: inout Resources, b: Resources) { a = a + b }

    public var description: String { "(cpu: \(cpu), memory: \(memory))" }
}
