import Foundation
import BulkheadModel
import BulkheadPlacement

/// One policy's placement of a scenario with its static analyses, and the renderings used by
/// `bulkhead place`: CSV rows, the JSON object of issue 4 and a text table.
public struct PlacementReport: Sendable {
    public var config: ClusterConfig
    public var result: PlacementResult
    public var blastRadius: BlastRadius
    public var capacity: CapacityView
    public var coTenancy: CoTenancy
    /// Every pair of machines (N-2), for clusters of at most 500 machines.
    public var pairs: PairBlastRadius?

    /// Places `config` with `policy` and analyses the result.
    /// - Complexity: that of `Placer.place` plus O(n + m) for the analyses.
    public init(config: ClusterConfig, policy: String, seed: UInt64) throws(PlacementError) {
        self.config = config
        result = try Placer.place(.init(config: config, policy: policy, seed: seed))
        blastRadius = BlastRadius(config: config, placement: result.placement)
        capacity = CapacityView(config: config, placement: result.placement, unschedulable: result.unschedulable.count)
        coTenancy = CoTenancy(config: config, placement: result.placement)
        pairs = PairBlastRadius(config: config, placement: result.placement)
    }

    public static let placementHeader = "policy,container,service,tenant,replica,machine,rack,status,reason"
    public static let blastHeader =
        "policy,kind,unit,servicesDown,servicesDegraded,tenantsTouched,containersLost,shareLost,takesServiceDown,downServices"

    /// `placement.csv` rows (no header): placed containers, then unschedulable ones.
    public var placementRows: [String] {
        let p = result.policy
        var rows = result.placement.containers.map { c in
            let s = config.services[c.service], m = config.machines[c.machine]
            return csv([p, "\(s.name)-\(c.replica)", s.name, s.tenant, "\(c.replica)", m.name, rackName(m.rack), "placed", ""])
        }
        rows += result.unschedulable.map { u in
            let s = config.services[u.service]
            return csv([p, "\(s.name)-\(u.replica)", s.name, s.tenant, "\(u.replica)", "", "", "unschedulable", u.reason])
        }
        return rows
    }

    /// `blast-radius.csv` rows (no header), one per failure unit.
    public var blastRows: [String] {
        blastRadius.units.map { u in
            csv([result.policy, u.kind.rawValue, u.name, "\(u.servicesDown.count)", "\(u.servicesDegraded)",
                 "\(u.tenantsTouched)", "\(u.containersLost)", "\(u.shareLost)", u.servicesDown.isEmpty ? "false" : "true",
                 u.servicesDown.map { config.services[$0].name }.joined(separator: ";")])
        }
    }

    /// The value of `policies[NAME]` in the `--json` object (field names per issue 4).
    public var json: String {
        func num(_ d: Double) -> String { d.isFinite ? "\(d)" : "null" }
        let kinds = blastRadius.summaries.map { s in
            "\"\(s.kind.rawValue)\":{\"units\":\(s.units),\"maxServicesDown\":\(s.maxServicesDown),\"meanServicesDown\":\(num(s.meanServicesDown)),\"maxServicesDegraded\":\(s.maxServicesDegraded),\"meanServicesDegraded\":\(num(s.meanServicesDegraded)),\"maxTenantsTouched\":\(s.maxTenantsTouched),\"meanTenantsTouched\":\(num(s.meanTenantsTouched)),\"maxShareLost\":\(num(s.maxShareLost)),\"unitsTakingServiceDown\":\(s.unitsTakingServiceDown)}"
        }.joined(separator: ",")
        let pairKind = pairs.map { p in
            let worst = p.worst.map { w in
                "{\"machines\":\(quote(w.names)),\"servicesDown\":[\(w.servicesDown.map { quote(config.services[$0].name) }.joined(separator: ","))]}"
            }.joined(separator: ",")
            return ",\"machinePair\":{\"units\":\(p.pairs),\"maxServicesDown\":\(p.maxServicesDown),\"meanServicesDown\":\(num(p.meanServicesDown)),\"maxTenantsTouched\":\(p.maxTenantsTouched),\"unitsTakingServiceDown\":\(p.pairsTakingServiceDown),\"worst\":[\(worst)]}"
        } ?? ""
        let c = capacity
        let placement = result.placement.containers.map { k in
            "{\"container\":\(quote("\(config.services[k.service].name)-\(k.replica)")),\"service\":\(quote(config.services[k.service].name)),\"machine\":\(quote(config.machines[k.machine].name))}"
        }.joined(separator: ",")
        let unsched = result.unschedulable.map { u in
            "{\"container\":\(quote("\(config.services[u.service].name)-\(u.replica)")),\"reason\":\(quote(u.reason))}"
        }.joined(separator: ",")
        let worst = coTenancy.worst.map { "{\"tenant\":\(quote($0.tenant)),\"neighbours\":\($0.neighbours)}" } ?? "null"
        return "{\"machinesUsed\":\(c.machinesUsed),\"machines\":\(c.machines),\"unschedulable\":\(c.unschedulable),"
            + "\"allocation\":{\"cpu\":\(num(c.allocation.cpu)),\"memory\":\(num(c.allocation.memory))},"
            + "\"allocationOfUsed\":{\"cpu\":\(num(c.allocationOfUsed.cpu)),\"memory\":\(num(c.allocationOfUsed.memory))},"
            + "\"stranded\":{\"cpu\":\(num(c.stranded.cpu)),\"memory\":\(num(c.stranded.memory)),\"cpuShare\":\(num(c.strandedShare.cpu)),\"memoryShare\":\(num(c.strandedShare.memory))},"
            + "\"containersPerMachine\":{\"min\":\(c.containersPerMachine.min),\"mean\":\(num(c.containersPerMachine.mean)),\"max\":\(c.containersPerMachine.max)},"
            + "\"coTenancy\":{\"mean\":\(num(coTenancy.mean)),\"worst\":\(worst)},"
            + "\"blastRadius\":{\(kinds)\(pairKind)},\"placement\":[\(placement)],\"unschedulableContainers\":[\(unsched)]}"
    }

    /// Capacity view and blast-radius table, with the units that take a service down marked ✗.
    public var text: String {
        let c = capacity
        var out = "== \(result.policy) ==\n"
        out += "machines used \(c.machinesUsed)/\(c.machines), unschedulable \(c.unschedulable)\n"
        out += "allocation cpu \(pct(c.allocation.cpu)) memory \(pct(c.allocation.memory)) (of used machines: cpu \(pct(c.allocationOfUsed.cpu)) memory \(pct(c.allocationOfUsed.memory)))\n"
        out += "stranded cpu \(fmt(c.stranded.cpu)) cores (\(pct(c.strandedShare.cpu))), memory \(fmt(c.stranded.memory / 1_073_741_824)) GiB (\(pct(c.strandedShare.memory)))\n"
        out += "containers per machine min \(c.containersPerMachine.min) mean \(fmt(c.containersPerMachine.mean)) max \(c.containersPerMachine.max)\n"
        if let w = coTenancy.worst { out += "co-tenancy: mean \(fmt(coTenancy.mean)) other tenants, worst \(w.tenant) with \(w.neighbours)\n" }
        out += pad("unit kind", 14) + pad("units", 7) + pad("max down", 10) + pad("mean down", 11) + pad("max degr.", 11)
            + pad("max tenants", 13) + pad("max lost", 10) + "units ✗\n"
        for s in blastRadius.summaries {
            out += pad(s.kind.rawValue, 14) + pad("\(s.units)", 7) + pad("\(s.maxServicesDown)", 10) + pad(fmt(s.meanServicesDown), 11)
                + pad("\(s.maxServicesDegraded)", 11) + pad("\(s.maxTenantsTouched)", 13) + pad(pct(s.maxShareLost), 10)
                + "\(s.unitsTakingServiceDown)\n"
        }
        if let p = pairs {
            out += pad("machine pair", 14) + pad("\(p.pairs)", 7) + pad("\(p.maxServicesDown)", 10) + pad(fmt(p.meanServicesDown), 11)
                + pad("-", 11) + pad("\(p.maxTenantsTouched)", 13) + pad("-", 10) + "\(p.pairsTakingServiceDown)\n"
            for w in p.worst.prefix(3) {
                out += "  worst pair \(w.names): down \(w.servicesDown.map { config.services[$0].name }.joined(separator: ", "))\n"
            }
        }
        let bad = blastRadius.units.filter { !$0.servicesDown.isEmpty && $0.kind != .roleMachine }
        for u in bad.prefix(10) {
            out += "  ✗ \(u.kind.rawValue) \(u.name): down \(u.servicesDown.map { config.services[$0].name }.joined(separator: ", "))\n"
        }
        if bad.count > 10 { out += "  … and \(bad.count - 10) more units (see blast-radius.csv)\n" }
        return out
    }

    private func rackName(_ r: Int) -> String { r >= 0 && r < config.racks.count ? config.racks[r] : "rack\(r)" }
}

private func csv(_ cells: [String]) -> String {
    cells.map { c in
        c.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + c.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : c
    }.joined(separator: ",")
}

func quote(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default: out += ch.value < 0x20 ? String(format: "\\u%04x", ch.value) : String(ch)
        }
    }
    return out + "\""
}

private func fmt(_ d: Double) -> String { String(format: "%.2f", d) }
private func pct(_ d: Double) -> String { String(format: "%.1f%%", d * 100) }
private func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count) }
