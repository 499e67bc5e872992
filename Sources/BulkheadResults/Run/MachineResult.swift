/// Mean and peak of a utilisation over the measured minutes (fractions of capacity).
public struct Utilization: Codable, Sendable, Hashable {
    public var mean: Double
    /// The highest 1-minute mean.
    public var peak: Double
    public init(mean: Double, peak: Double) {
        self.mean = mean
        self.peak = peak
    }
}

/// One machine: one row of `machines.csv` (``csv``).
public struct MachineResult: Sendable, Hashable {
    public var name: String
    public var rack: String
    public var type: String
    /// Capacity: cores and bytes.
    public var cpu: Double
    public var memory: Double
    public var containers: Int
    /// Σ CPU / memory requests of the containers placed on it.
    public var cpuRequested: Double
    public var memoryRequested: Double
    public var cpuUtilization: Utilization
    public var memoryUtilization: Utilization
    /// Containers killed on this machine (all reasons) and OOM kills of innocent containers.
    public var oomKills: Int
    public var innocentOOMKills: Int
    /// The machine's zone; nil in clusters without zones (`machines.csv` then has no `zone` column).
    public var zone: String?
    /// GPU devices and Σ GPU requests placed (in GPUs); nil in clusters without GPUs
    /// (`machines.csv` then has no `gpus`, `gpu_requested` columns).
    public var gpus: Int?
    public var gpuRequested: Double?

    public init(
        name: String, rack: String, type: String, cpu: Double, memory: Double, containers: Int, cpuRequested: Double,
        memoryRequested: Double, cpuUtilization: Utilization, memoryUtilization: Utilization, oomKills: Int,
        innocentOOMKills: Int
    ) {
        self.name = name
        self.rack = rack
        self.type = type
        self.cpu = cpu
        self.memory = memory
        self.containers = containers
        self.cpuRequested = cpuRequested
        self.memoryRequested = memoryRequested
        self.cpuUtilization = cpuUtilization
        self.memoryUtilization = memoryUtilization
        self.oomKills = oomKills
        self.innocentOOMKills = innocentOOMKills
    }
}

extension MachineResult {
    /// The columns of `machines.csv`: capacities (cores, bytes), containers, Σ requests placed,
    /// utilisation mean and peak (fractions), kills.
    public enum CSVColumn: String, CSVColumns {
        case machine, rack, zone, type, cpu, memory, containers
        case cpuRequested = "cpu_requested"
        case memoryRequested = "memory_requested"
        case cpuMean = "cpu_mean"
        case cpuPeak = "cpu_peak"
        case memoryMean = "memory_mean"
        case memoryPeak = "memory_peak"
        case oomKills = "oom_kills"
        case innocentOOMKills = "innocent_oom_kills"
        case gpus
        case gpuRequested = "gpu_requested"
    }

    /// `machines.csv`: one row per machine, configuration order; without the `zone` column.
    public static let csv = csv(zones: false)

    /// `machines.csv` with the `zone` column (after `rack`) when `zones` is true (clusters with zones).
    public static func csv(zones: Bool) -> CSVSchema<MachineResult> { csv(zones: zones, gpus: false) }

    /// `machines.csv` with the `zone` column when `zones` is true and the `gpus`, `gpu_requested`
    /// columns (last) when `gpus` is true.
    public static func csv(zones: Bool, gpus: Bool) -> CSVSchema<MachineResult> {
        let gpuColumns = gpus ? [] : [CSVColumn.gpus.rawValue, CSVColumn.gpuRequested.rawValue]
        return CSVSchema<MachineResult>(
            fileName: "machines.csv", columns: CSVColumn.self,
            omitting: Set((zones ? [] : [CSVColumn.zone.rawValue]) + gpuColumns), cell: cell, row: row)
    }

    /// `machines.csv` with a `zone` column exactly when some machine has a zone, and GPU columns
    /// exactly when some machine has GPUs.
    public static func csv(for machines: [MachineResult]) -> CSVSchema<MachineResult> {
        csv(zones: machines.contains { $0.zone != nil }, gpus: machines.contains { $0.gpus != nil })
    }

    static let cell: @Sendable (MachineResult, CSVColumn) -> CSVCell = { m, c in
        switch c {
        case .machine: .text(m.name)
        case .rack: .text(m.rack)
        case .zone: .text(m.zone ?? "")
        case .type: .text(m.type)
        case .cpu: .double(m.cpu)
        case .memory: .double(m.memory)
        case .containers: .int(m.containers)
        case .cpuRequested: .double(m.cpuRequested)
        case .memoryRequested: .double(m.memoryRequested)
        case .cpuMean: .double(m.cpuUtilization.mean)
        case .cpuPeak: .double(m.cpuUtilization.peak)
        case .memoryMean: .double(m.memoryUtilization.mean)
        case .memoryPeak: .double(m.memoryUtilization.peak)
        case .oomKills: .int(m.oomKills)
        case .innocentOOMKills: .int(m.innocentOOMKills)
        case .gpus: m.gpus.map { .int($0) } ?? .text("")
        case .gpuRequested: m.gpuRequested.map { .double($0) } ?? .text("")
        }
    }

    static let row: @Sendable (CSVRecord) throws(ResultFileError) -> MachineResult = { r throws(ResultFileError) in
        typealias C = CSVColumn
        var result = MachineResult(
            name: r.text(C.machine), rack: r.text(C.rack), type: r.text(C.type), cpu: try r.double(C.cpu),
            memory: try r.double(C.memory), containers: try r.int(C.containers),
            cpuRequested: try r.double(C.cpuRequested), memoryRequested: try r.double(C.memoryRequested),
            cpuUtilization: Utilization(mean: try r.double(C.cpuMean), peak: try r.double(C.cpuPeak)),
            memoryUtilization: Utilization(mean: try r.double(C.memoryMean), peak: try r.double(C.memoryPeak)),
            oomKills: try r.int(C.oomKills), innocentOOMKills: try r.int(C.innocentOOMKills))
        let zone = r.text(C.zone)
        result.zone = zone.isEmpty ? nil : zone
        let gpus = r.text(C.gpus)
        if !gpus.isEmpty {
            result.gpus = try r.int(C.gpus)
            result.gpuRequested = try r.double(C.gpuRequested)
        }
        return result
    }
}
