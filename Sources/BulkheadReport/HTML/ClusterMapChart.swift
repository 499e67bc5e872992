import BulkheadResults
import Foundation

/// The cluster map: racks side by side, each rack's machines stacked, each machine's containers
/// as small squares coloured by tenant (grouped by tenant), so co-tenancy — which tenants share a
/// box — is visible at a glance. Racks or machines hit by a fault are outlined in vermillion.
enum ClusterMapChart {
    /// Machines beyond this are left out (with a note): the map is for seeing, not for 10k boxes.
    static let machineLimit = 300
    static let gap = 3.0, pad = 8.0, machineHeader = 36.0, rackPad = 10.0

    static func section(_ run: RunFolder, tenants: [String]) -> String {
        let tenantIndex = Dictionary(uniqueKeysWithValues: tenants.enumerated().map { ($1, $0) })
        var byMachine: [String: [ContainerResult]] = [:]
        for c in run.containers { byMachine[c.machine, default: []].append(c) }
        var shown = 0
        var racks: [(name: String, machines: [MachineResult])] = []
        for r in run.racks where shown < machineLimit {
            let ms = Array(r.machines.prefix(machineLimit - shown))
            shown += ms.count
            racks.append((r.name, ms))
        }
        let maxContainers = racks.flatMap(\.machines).map { byMachine[$0.name]?.count ?? 0 }.max() ?? 0
        // Small clusters get bigger squares; every machine box is wide enough for its labels.
        let cell = shown <= 24 ? 18.0 : 14.0
        let columns = min(16, max(shown <= 24 ? 10 : 12, Int(Double(2 * maxContainers).squareRoot().rounded(.up))))
        let faults = run.incidents ?? []
        let rackHeader = racks.contains { r in faults.contains { $0.target == r.name } } ? 46.0 : 30.0
        let rows = max(1, Int((Double(maxContainers) / Double(columns)).rounded(.up)))
        let machineWidth = Double(columns) * (cell + gap) - gap + 2 * pad
        let machineHeight = machineHeader + Double(rows) * (cell + gap) - gap + pad
        let rackWidth = machineWidth + 2 * rackPad
        let maxMachines = racks.map(\.machines.count).max() ?? 0
        let rackHeight = rackHeader + Double(maxMachines) * (machineHeight + 8) + rackPad - 8
        let rackGap = 16.0
        let perRow = max(1, min(racks.count, Int((1176 + rackGap) / (rackWidth + rackGap))))
        let rackRows = max(1, Int((Double(racks.count) / Double(perRow)).rounded(.up)))
        var svg = SVGCanvas(
            width: Double(perRow) * (rackWidth + rackGap) - rackGap,
            height: Double(rackRows) * (rackHeight + rackGap) - rackGap)
        for (ri, rack) in racks.enumerated() {
            let x0 = Double(ri % perRow) * (rackWidth + rackGap)
            let y0 = Double(ri / perRow) * (rackHeight + rackGap)
            let rackFaults = faults.filter { $0.target == rack.name }
            svg.rect(
                x: x0, y: y0, width: rackWidth, height: rackHeight, fill: "#f6f8fa",
                stroke: rackFaults.isEmpty ? Palette.grid : Palette.alarm, rx: 6,
                extra: rackFaults.isEmpty ? "" : " stroke-width=\"2\"")
            svg.text(rack.name, x: x0 + rackPad, y: y0 + 20, className: "head")
            if let f = rackFaults.first {
                svg.text(
                    "\(f.kind) at \(Markup.clock(minute: Int(f.start) / 60))", x: x0 + rackPad, y: y0 + 37,
                    className: "small strong", fill: Palette.alarm,
                    title: rackFaults.map { "incident #\($0.id): \($0.kind) of \($0.target)" }.joined(separator: "; "))
            }
            for (mi, m) in rack.machines.enumerated() {
                let mx = x0 + rackPad
                let my = y0 + rackHeader + Double(mi) * (machineHeight + 8)
                let cs = (byMachine[m.name] ?? []).sorted {
                    (tenantIndex[$0.tenant] ?? 0, $0.service, $0.replica) < (tenantIndex[$1.tenant] ?? 0, $1.service, $1.replica)
                }
                let machineFaults = faults.filter { $0.target == m.name }
                let cotenants = Set(cs.map(\.tenant)).count
                let faultNote = machineFaults.map { "; incident #\($0.id): \($0.kind)" }.joined()
                let title =
                    "\(m.name) (\(m.type), \(Markup.compact(m.cpu)) cores): \(cs.count) containers of \(cotenants) tenants; CPU mean \(Markup.percent(m.cpuUtilization.mean, decimals: nil)), peak \(Markup.percent(m.cpuUtilization.peak, decimals: nil))"
                    + (m.oomKills > 0 ? "; \(m.oomKills) OOM kills" : "") + faultNote
                svg.rect(
                    x: mx, y: my, width: machineWidth, height: machineHeight, fill: "#ffffff",
                    stroke: machineFaults.isEmpty ? "#aab4be" : Palette.alarm, rx: 4, title: title,
                    extra: cs.isEmpty ? " stroke-dasharray=\"4 3\"" : (machineFaults.isEmpty ? "" : " stroke-width=\"2\""))
                svg.text(m.name, x: mx + pad, y: my + 15, className: "strong")
                svg.text(
                    "CPU \(Markup.percent(m.cpuUtilization.mean, decimals: nil))", x: mx + machineWidth - pad, y: my + 15,
                    anchor: .end,
                    className: "small dim",
                    title:
                        "mean CPU utilisation over the measured minutes (peak \(Markup.percent(m.cpuUtilization.peak, decimals: nil)))"
                )
                let sub =
                    cs.isEmpty
                    ? "empty"
                    : "\(cs.count) container\(cs.count == 1 ? "" : "s") · \(cotenants) tenant\(cotenants == 1 ? "" : "s")"
                        + (m.oomKills > 0 ? " · \(m.oomKills) OOM" : "")
                svg.text(sub, x: mx + pad, y: my + 28, className: "small dim")
                for (ci, c) in cs.enumerated() {
                    let cx = mx + pad + Double(ci % columns) * (cell + gap)
                    let cy = my + machineHeader + Double(ci / columns) * (cell + gap)
                    svg.rect(
                        x: cx, y: cy, width: cell, height: cell, fill: Palette.category(tenantIndex[c.tenant] ?? 0), rx: 2,
                        title: "\(c.service) #\(c.replica) · tenant \(c.tenant) · \(m.name)")
                }
            }
        }
        var counts: [String: Int] = [:]
        for c in run.containers { counts[c.tenant, default: 0] += 1 }
        let total = run.machines.count
        let note = shown < total ? " Only the first \(shown) of \(total) machines are drawn." : ""
        let figure =
            svg.render(
                title:
                    "Cluster map: \(run.racks.count) racks, \(total) machines, \(run.containers.count) containers coloured by tenant"
            )
            + HTMLReport.tenantLegend(tenants, counts: counts, unit: " containers")
        return HTMLReport.section(
            id: "cluster-map", title: "Cluster map",
            lede:
                "Where the placement put every container. Each square is one container, coloured by tenant; a machine holding several colours is shared by several tenants. Hover a square for its service and replica.",
            figure: figure,
            caption:
                "Racks → machines → containers. Dashed machines are empty; a vermillion outline marks a rack or machine hit by a fault.\(note)"
        )
    }
}
