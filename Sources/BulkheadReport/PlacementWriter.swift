import BulkheadResults
import Foundation

/// The outputs of `bulkhead place`, from each policy's ``PolicyPlacement``:
///
/// | output | content |
/// |---|---|
/// | `placement.csv` | ``PlacementRow/csv``: every policy's containers, placed then unschedulable |
/// | `blast-radius.csv` | ``BlastRadiusRow/csv``: one row per failure unit of every policy |
/// | `--json` (stdout) | ``PlacementDocument``, one compact line (``CompactJSONEncoder``) |
/// | text (stdout) | ``render(_:)``: the capacity view and the blast-radius table per policy |
public enum PlacementWriter {
    public static let fileNames = [PlacementRow.csv.fileName, BlastRadiusRow.csv.fileName]

    /// Writes both CSV files into `directory` (created if missing), staged and renamed together.
    public static func write(_ placements: [PolicyPlacement], to directory: String) throws {
        try AtomicFile.writeAll(
            [
                (
                    PlacementRow.csv.fileName,
                    PlacementRow.csv(
                        zones: placements.contains { $0.rows.contains { $0.zone != nil } },
                        gpus: placements.contains { $0.rows.contains { $0.gpu != nil } }
                    )
                    .data(placements.flatMap(\.rows))
                ),
                (BlastRadiusRow.csv.fileName, BlastRadiusRow.csv.data(placements.flatMap(\.blastRadius))),
            ], to: directory)
    }

    /// The `--json` line (without its newline).
    public static func json(scenario: String, _ placements: [PolicyPlacement]) throws -> String {
        try CompactJSONEncoder().encode(PlacementDocument(scenario: scenario, policies: placements.map(\.summary)))
    }

    /// Capacity view and blast-radius table, with the units that take a service down marked ✗.
    public static func render(_ p: PolicyPlacement) -> String {
        let c = p.summary
        var out = "== \(p.policy) ==\n"
        out += "machines used \(c.machinesUsed)/\(c.machines), unschedulable \(c.unschedulable)\n"
        out +=
            "allocation cpu \(pct(c.allocation.cpu)) memory \(pct(c.allocation.memory)) (of used machines: cpu \(pct(c.allocationOfUsed.cpu)) memory \(pct(c.allocationOfUsed.memory)))\n"
        out +=
            "stranded cpu \(fmt(c.stranded.cpu)) cores (\(pct(c.stranded.cpuShare))), memory \(fmt(c.stranded.memory / 1_073_741_824)) GiB (\(pct(c.stranded.memoryShare)))\n"
        if let x = c.extended {
            if x.gpus > 0 {
                out +=
                    "gpu allocation \(pct(x.gpuAllocation)) of \(x.gpus) GPUs, stranded \(fmt(x.strandedGPUs)) GPUs (\(pct(x.strandedGPUShare))) on machines with full cpu or memory\n"
            }
            for n in x.named { out += "\(n.name) allocation \(pct(n.allocation))\n" }
        }
        out +=
            "containers per machine min \(c.containersPerMachine.min) mean \(fmt(c.containersPerMachine.mean)) max \(c.containersPerMachine.max)\n"
        if let w = c.coTenancy.worst {
            out += "co-tenancy: mean \(fmt(c.coTenancy.mean)) other tenants, worst \(w.tenant) with \(w.neighbours)\n"
        }
        out +=
            pad("unit kind", 14) + pad("units", 7) + pad("max down", 10) + pad("mean down", 11) + pad("max degr.", 11)
            + pad("max tenants", 13) + pad("max lost", 10) + "units ✗\n"
        for (kind, s) in c.blastRadius.kinds {
            out +=
                pad(kind.rawValue, 14) + pad("\(s.units)", 7) + pad("\(s.maxServicesDown)", 10) + pad(fmt(s.meanServicesDown), 11)
                + pad("\(s.maxServicesDegraded)", 11) + pad("\(s.maxTenantsTouched)", 13) + pad(pct(s.maxShareLost), 10)
                + "\(s.unitsTakingServiceDown)\n"
        }
        if let x = c.blastRadius.machinePair {
            out +=
                pad("machine pair", 14) + pad("\(x.units)", 7) + pad("\(x.maxServicesDown)", 10)
                + pad(fmt(x.meanServicesDown), 11)
                + pad("-", 11) + pad("\(x.maxTenantsTouched)", 13) + pad("-", 10) + "\(x.unitsTakingServiceDown)\n"
            for w in x.worst.prefix(3) {
                out += "  worst pair \(w.machines): down \(w.servicesDown.joined(separator: ", "))\n"
            }
        }
        let bad = p.blastRadius.filter { $0.takesServiceDown && $0.kind != .roleMachine }
        for u in bad.prefix(10) {
            // At fleet scale a unit can take thousands of services down: name the first 20.
            let more = u.downServices.count > 20 ? ", … \(u.downServices.count - 20) more" : ""
            out += "  ✗ \(u.kind.rawValue) \(u.unit): down \(u.downServices.prefix(20).joined(separator: ", "))\(more)\n"
        }
        if bad.count > 10 { out += "  … and \(bad.count - 10) more units (see blast-radius.csv)\n" }
        return out
    }

    private static func fmt(_ d: Double) -> String { String(format: "%.2f", d) }
    private static func pct(_ d: Double) -> String { String(format: "%.1f%%", d * 100) }
    private static func pad(_ s: String, _ w: Int) -> String {
        s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count)
    }
}
