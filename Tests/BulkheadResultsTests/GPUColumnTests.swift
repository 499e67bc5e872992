import BulkheadResults
import Testing

/// The GPU columns of `machines.csv` and `placement.csv` appear only when the cluster has GPUs,
/// and read back.
@Suite struct GPUColumnTests {
    func machine(gpus: Int?) -> MachineResult {
        var m = MachineResult(
            name: "r-1", rack: "r", type: "g2", cpu: 96, memory: 412_316_860_416, containers: 3, cpuRequested: 24,
            memoryRequested: 1_073_741_824, cpuUtilization: .init(mean: 0.25, peak: 0.5),
            memoryUtilization: .init(mean: 0.1, peak: 0.2), oomKills: 0, innocentOOMKills: 0)
        if let gpus {
            m.gpus = gpus
            m.gpuRequested = 2.46
        }
        return m
    }

    @Test func machinesCSV() throws {
        let without = MachineResult.csv(for: [machine(gpus: nil)])
        #expect(!without.header.contains("gpus"))
        let rows = [machine(gpus: 8)]
        let with = MachineResult.csv(for: rows)
        #expect(with.header.suffix(2) == ["gpus", "gpu_requested"])
        #expect(try with.rows(fromText: with.text(rows), file: "machines.csv") == rows)
    }

    @Test func placementCSV() throws {
        let row = PlacementRow(
            policy: "binpack", container: "ls-1-0", service: "ls-1", tenant: "ls", replica: 0, machine: "r-1", rack: "r",
            status: .placed, reason: nil
        ).withGPU(0.46)
        #expect(!PlacementRow.csv.header.contains("gpu"))
        let schema = PlacementRow.csv(zones: false, gpus: true)
        #expect(schema.header.last == "gpu")
        #expect(try schema.rows(fromText: schema.text([row]), file: "placement.csv") == [row])
    }
}
