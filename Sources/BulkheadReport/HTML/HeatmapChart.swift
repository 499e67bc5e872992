/// The machine × time-of-day utilisation heat map: one row per machine (grouped by rack), one
/// column per time bucket, each cell the mean CPU utilisation of that machine in that bucket on
/// the viridis scale (0 → dark purple, 100 % → yellow).
enum HeatmapChart {
    static let machineLimit = 300

    static func section(_ run: RunFolder) -> String {
        let series = run.series
        let axis = TimeAxis(minutes: series.minutes, maxBuckets: 96)
        let machines = Array(run.machines.prefix(machineLimit))
        let figure: String
        if series.minutes.isEmpty || machines.isEmpty {
            figure = HTMLReport.placeholder(
                "No measured minutes in <code>timeseries.csv</code> — the run was shorter than its warm-up.")
        } else {
            // Room for the rack names, then the machine names (about 7 px per character at 12 px).
            let racks = run.racks
            let rackLabel = racks.count > 1 ? Double(racks.map(\.name.count).max() ?? 0) * 7.5 + 16 : 0
            let labelWidth = max(110, rackLabel + Double(machines.map(\.name.count).max() ?? 0) * 7 + 16)
            let top = 10.0
            let legendHeight = 56.0
            let cellWidth = min(14, 1000 / max(1, axis.extent))
            let rowHeight = machines.count > 60 ? 8.0 : (machines.count > 24 ? 12.0 : 18.0)
            let rackGaps = Double(max(0, racks.count - 1)) * 6
            let plotHeight = Double(machines.count) * rowHeight + rackGaps
            var svg = SVGCanvas(width: labelWidth + axis.extent * cellWidth + 20, height: top + plotHeight + 24 + legendHeight)
            // Mean utilisation per machine and bucket; the colour scale runs from 0 to a round
            // number just above the highest cell, so lightly loaded clusters still show contrast.
            var cells: [String: [Double?]] = [:]
            for m in machines {
                var sums = Array(repeating: 0.0, count: axis.starts.count)
                var counts = Array(repeating: 0, count: axis.starts.count)
                for (k, v) in (series.cpu[m.name] ?? []).enumerated() {
                    if let v {
                        sums[axis.bucketOfMinute[k]] += v
                        counts[axis.bucketOfMinute[k]] += 1
                    }
                }
                cells[m.name] = zip(sums, counts).map { $1 == 0 ? nil : $0 / Double($1) }
            }
            let highest = cells.values.flatMap { $0.compactMap { $0 } }.max() ?? 0
            let scaleMax = min(1, Markup.niceCeiling(max(highest, 0.01)))
            var y = top
            var row = 0
            svg.raw("<g shape-rendering=\"crispEdges\">")
            for rack in racks {
                let first = y
                for m in rack.machines where row < machines.count {
                    row += 1
                    if rowHeight >= 12 {
                        svg.text(
                            m.name, x: labelWidth - 8, y: y + rowHeight / 2 + 4, anchor: .end,
                            className: rowHeight >= 18 ? nil : "small")
                    }
                    let values = cells[m.name] ?? []
                    for (b, start) in axis.starts.enumerated() {
                        let x = labelWidth + axis.position(minute: Double(start)) * cellWidth
                        guard let u = values[b] else {
                            svg.rect(
                                x: x, y: y, width: cellWidth, height: rowHeight - 1, fill: Palette.faint,
                                title: "\(m.name) · \(Markup.clock(minute: start)): no data")
                            continue
                        }
                        svg.rect(
                            x: x, y: y, width: cellWidth + 0.3, height: rowHeight - 1, fill: Palette.viridis(u / scaleMax),
                            title:
                                "\(m.name) · \(Markup.clock(minute: start))–\(Markup.clock(minute: start + axis.bucket)): CPU \(Markup.percent(u))"
                        )
                    }
                    y += rowHeight
                }
                if racks.count > 1 {
                    svg.text(rack.name, x: 8, y: (first + y) / 2 + 4, className: "strong")
                }
                y += 6
            }
            svg.raw("</g>")
            y = top + plotHeight
            for t in axis.hourTicks() {
                let x = labelWidth + t.index * cellWidth
                svg.line(x1: x, y1: y, x2: x, y2: y + 5, stroke: Palette.muted)
                svg.text(Markup.clock(minute: t.minute), x: x, y: y + 18, anchor: .middle, className: "small dim")
            }
            // Colour scale.
            let ly = y + 34
            let lw = 240.0
            svg.text("CPU utilisation", x: labelWidth, y: ly + 9, anchor: .end, className: "small dim")
            for i in 0..<48 {
                let t = Double(i) / 47
                svg.rect(
                    x: labelWidth + 8 + Double(i) * lw / 48, y: ly, width: lw / 48 + 0.4, height: 12, fill: Palette.viridis(t))
            }
            for t in [0.0, 0.5, 1.0] {
                svg.text(
                    Markup.percent(t * scaleMax, decimals: nil), x: labelWidth + 8 + t * lw, y: ly + 26,
                    anchor: .middle, className: "small dim")
            }
            svg.rect(x: labelWidth + lw + 40, y: ly, width: 12, height: 12, fill: Palette.faint, stroke: Palette.grid)
            svg.text("no data", x: labelWidth + lw + 58, y: ly + 10, className: "small dim")
            figure = svg.render(title: "CPU utilisation per machine and time of day, \(axis.bucket)-minute buckets")
        }
        let note =
            run.machines.count > machineLimit
            ? " Only the first \(machineLimit) of \(run.machines.count) machines are drawn." : ""
        return HTMLReport.section(
            id: "utilisation-heatmap", title: "Utilisation by machine and time of day",
            lede:
                "CPU utilisation of every machine through the day. Bright rows are hot machines; a bright column is the peak; a dark band across a rack is an outage or an empty rack.",
            figure: figure,
            caption:
                "Each cell is the mean CPU utilisation (busy cores ÷ cores) of one machine over a \(axis.bucket)-minute bucket of simulated time, from <code>timeseries.csv</code>. Colour: viridis, from 0 to a round number just above the busiest cell (see the scale).\(note)"
        )
    }
}
