import BulkheadResults

/// GPUs of a run whose machines have them (`machines.csv` with the `gpus`, `gpu_requested`
/// columns): per machine type and for the whole cluster, GPUs offered, GPUs requested by the
/// placed containers, allocation and stranded GPUs, beside the CPU and memory allocation of the
/// same machines — one stacked bar per machine type (allocated, stranded, free) and a table.
/// Only drawn when some machine has GPUs, so reports of runs without GPUs are unchanged.
///
/// **Stranded GPUs** follow the `place` capacity view (`CapacityView.extended` in
/// BulkheadPlacement, threshold `CapacityView.fullThreshold` = 0.95): the GPUs still free on a
/// machine whose CPU or memory requests reach 95 % of its capacity, which no container needing
/// CPU or memory can use. The report reads only result files, so the rule is applied here to the
/// per-machine totals of `machines.csv`; `HTMLReportTests` checks it against hand-computed rows.
enum GPUSection {
    static let id = "gpu-allocation"
    /// The capacity view's "full" threshold (`CapacityView.fullThreshold`).
    static let fullThreshold = 0.95

    /// Totals of a set of machines (one machine type, or the cluster).
    struct Totals: Equatable {
        var name: String
        var machines = 0
        var cpu = 0.0, cpuRequested = 0.0
        var memory = 0.0, memoryRequested = 0.0
        var gpus = 0
        var gpuRequested = 0.0
        var strandedGPUs = 0.0

        var gpuAllocation: Double { gpus > 0 ? gpuRequested / Double(gpus) : 0 }
        var strandedShare: Double { gpus > 0 ? strandedGPUs / Double(gpus) : 0 }
        var freeGPUs: Double { max(0, Double(gpus) - gpuRequested - strandedGPUs) }

        mutating func add(_ m: MachineResult) {
            machines += 1
            cpu += m.cpu
            cpuRequested += m.cpuRequested
            memory += m.memory
            memoryRequested += m.memoryRequested
            let g = m.gpus ?? 0
            let used = m.gpuRequested ?? 0
            gpus += g
            gpuRequested += used
            guard g > 0 else { return }
            let cpuFull = m.cpu > 0 && m.cpuRequested >= GPUSection.fullThreshold * m.cpu
            let memoryFull = m.memory > 0 && m.memoryRequested >= GPUSection.fullThreshold * m.memory
            if cpuFull || memoryFull { strandedGPUs += max(0, Double(g) - used) }
        }
    }

    /// Per machine type (first appearance order) and the cluster total (last).
    /// - Complexity: O(machines).
    static func totals(_ machines: [MachineResult]) -> (types: [Totals], cluster: Totals) {
        var types: [Totals] = []
        var index: [String: Int] = [:]
        var cluster = Totals(name: "cluster")
        for m in machines {
            let i: Int
            if let k = index[m.type] {
                i = k
            } else {
                i = types.count
                index[m.type] = i
                types.append(Totals(name: m.type))
            }
            types[i].add(m)
            cluster.add(m)
        }
        return (types, cluster)
    }

    /// The section, or nil when no machine has GPUs.
    static func section(_ run: RunFolder) -> String? {
        guard run.machines.contains(where: { ($0.gpus ?? 0) > 0 }) else { return nil }
        let (types, cluster) = totals(run.machines)
        let gpuTypes = types.filter { $0.gpus > 0 }
        let rows = gpuTypes + [cluster]
        let allocatedColour = Palette.categorical[0]
        let strandedColour = Palette.alarm
        let freeColour = "#e3e8ee"
        // One bar per machine type with GPUs, and the cluster's; widths proportional to GPU count
        // within a row's own bar (every bar spans the full width: shares, not counts).
        let labelWidth = 190.0
        let barWidth = 720.0
        let barHeight = 20.0
        let rowHeight = 30.0
        let valueWidth = 250.0
        var svg = SVGCanvas(width: labelWidth + barWidth + valueWidth, height: Double(rows.count) * rowHeight + 8)
        for (i, t) in rows.enumerated() {
            let y = 4 + Double(i) * rowHeight
            let isCluster = i == rows.count - 1
            svg.text(t.name, x: labelWidth - 10, y: y + 14, anchor: .end, className: isCluster ? "strong" : nil)
            let total = Double(max(1, t.gpus))
            var x = labelWidth
            for (amount, colour, what) in [
                (t.gpuRequested, allocatedColour, "allocated"), (t.strandedGPUs, strandedColour, "stranded"),
                (t.freeGPUs, freeColour, "free"),
            ] where amount > 0 {
                let w = barWidth * amount / total
                svg.rect(
                    x: x, y: y, width: w, height: barHeight, fill: colour,
                    title: "\(t.name): \(Markup.number(amount)) of \(t.gpus) GPUs \(what) (\(Markup.percent(amount / total)))")
                x += w
            }
            svg.text(
                "\(Markup.percent(t.gpuAllocation)) of \(Markup.count(t.gpus)) GPUs · \(Markup.number(t.strandedGPUs)) stranded",
                x: labelWidth + barWidth + 10, y: y + 14, className: "small")
        }
        var table = "<table class=\"data\"><thead><tr><th>machine type</th>"
        for h in ["machines", "GPUs", "GPUs requested", "GPU allocation", "stranded GPUs", "CPU allocation", "memory allocation"]
        {
            table += "<th class=\"num\">\(h)</th>"
        }
        table += "</tr></thead><tbody>"
        for t in rows {
            let cells = [
                Markup.count(t.machines), Markup.count(t.gpus), Markup.number(t.gpuRequested), Markup.percent(t.gpuAllocation),
                "\(Markup.number(t.strandedGPUs)) (\(Markup.percent(t.strandedShare)))",
                Markup.percent(t.cpu > 0 ? t.cpuRequested / t.cpu : 0),
                Markup.percent(t.memory > 0 ? t.memoryRequested / t.memory : 0),
            ]
            table += "<tr><td>\(Markup.escape(t.name))</td>" + cells.map { "<td class=\"num\">\($0)</td>" }.joined() + "</tr>"
        }
        table += "</tbody></table>"
        let legend =
            "<ul class=\"legend\" aria-label=\"GPU states\">"
            + [
                (allocatedColour, "allocated (requested by placed containers)"), (strandedColour, "stranded"),
                (freeColour, "free"),
            ]
            .map {
                "<li><svg class=\"swatch\" width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" rx=\"2\" fill=\"\($0.0)\"/></svg>\(Markup.escape($0.1))</li>"
            }.joined() + "</ul>"
        let figure =
            svg.render(
                title:
                    "GPU allocation: \(Markup.percent(cluster.gpuAllocation)) of \(cluster.gpus) GPUs requested, \(Markup.number(cluster.strandedGPUs)) stranded"
            ) + legend + table
        return HTMLReport.section(
            id: id, title: "GPUs",
            lede:
                "How much of each machine type's GPU capacity the placed containers requested (shares of a GPU count as fractions), and how much is stranded: free GPUs on machines whose CPU or memory requests are full, which no container can use.",
            figure: figure,
            caption:
                "From <code>machines.csv</code> (<code>gpus</code>, <code>gpu_requested</code>, CPU and memory requests). A machine is full at 95\u{202F}% of its CPU or memory requested — the rule of <code>bulkhead place</code>'s capacity view, so the cluster row matches its <code>gpu allocation</code> and <code>stranded</code> line for the same placement."
        )
    }
}
