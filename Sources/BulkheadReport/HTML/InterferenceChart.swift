import BulkheadResults

/// The who-hurt-whom matrix: rows are tenants whose containers hogged a resource, columns the
/// tenants that suffered, each cell the extra SLO-bad minutes the victim had (viridis, darker =
/// less harm) with the extra failed requests and worst p99 inflation in it and in its tooltip.
enum InterferenceChart {
    static let lede =
        "Which tenant's greedy containers hurt which other tenants: extra SLO-bad minutes, extra failed requests and the worst p99 inflation of the victim, measured against a run without the hogs."

    static func section(_ run: RunFolder) -> String {
        guard let rows = run.interference, !rows.isEmpty else {
            return HTMLReport.section(
                id: "who-hurt-whom", title: "Who hurt whom", lede: lede,
                figure: HTMLReport.placeholder(
                    "No hogs in this run, so no tenant hurt another. Scenarios with hogs write <code>interference.csv</code>, drawn here as a matrix."
                ),
                caption: "From <code>interference.csv</code>, written when the scenario has hogs.")
        }
        var hogs: [String] = []
        var victims: [String] = []
        for r in rows {
            if !hogs.contains(r.hogTenant) { hogs.append(r.hogTenant) }
            if !victims.contains(r.victimTenant) { victims.append(r.victimTenant) }
        }
        var cell: [String: InterferenceCell] = [:]
        for r in rows { cell[r.hogTenant + "\u{0}" + r.victimTenant] = r }
        let maxHarm = Double(max(1, rows.map(\.extraSloBadMinutes).max() ?? 1))
        let labelW = 160.0
        let headH = 70.0
        let cw = 136.0
        let ch = 64.0
        var svg = SVGCanvas(width: labelW + Double(victims.count) * cw + 10, height: headH + Double(hogs.count) * ch + 60)
        svg.text("victim →", x: labelW - 8, y: headH - 32, anchor: .end, className: "small dim")
        svg.text("hog ↓", x: labelW - 8, y: headH - 12, anchor: .end, className: "small dim")
        for (j, v) in victims.enumerated() {
            svg.text(v, x: labelW + (Double(j) + 0.5) * cw, y: headH - 12, anchor: .middle, className: "strong")
        }
        for (i, h) in hogs.enumerated() {
            let y = headH + Double(i) * ch
            svg.text(h, x: labelW - 8, y: y + ch / 2 + 4, anchor: .end, className: "strong")
            for (j, v) in victims.enumerated() {
                let x = labelW + Double(j) * cw
                guard let r = cell[h + "\u{0}" + v] else {
                    svg.rect(
                        x: x + 1, y: y + 1, width: cw - 2, height: ch - 2, fill: Palette.faint, title: "\(h) → \(v): not measured"
                    )
                    svg.text("–", x: x + cw / 2, y: y + ch / 2 + 4, anchor: .middle, className: "dim")
                    continue
                }
                let t = Double(r.extraSloBadMinutes) / maxHarm
                let inflation = r.maxP99Inflation.map { "×" + Markup.fixed($0, 2) } ?? "–"
                svg.rect(
                    x: x + 1, y: y + 1, width: cw - 2, height: ch - 2, fill: Palette.viridis(t), rx: 3,
                    title:
                        "\(h) hurt \(v): \(Markup.compact(Double(r.extraSloBadMinutes))) extra SLO-bad minutes, \(Markup.compact(Double(r.extraFailedRequests))) extra failed requests, worst p99 inflation \(inflation)"
                )
                let ink = Palette.textOnViridis(t)
                svg.text(
                    "\(Markup.compact(Double(r.extraSloBadMinutes))) min", x: x + cw / 2, y: y + 22, anchor: .middle,
                    className: "strong",
                    fill: ink)
                svg.text(
                    "\(Markup.compact(Double(r.extraFailedRequests))) extra failed", x: x + cw / 2, y: y + 38, anchor: .middle,
                    className: "small", fill: ink)
                svg.text("p99 \(inflation)", x: x + cw / 2, y: y + 52, anchor: .middle, className: "small", fill: ink)
            }
        }
        let ly = headH + Double(hogs.count) * ch + 22
        svg.text("extra SLO-bad minutes", x: labelW - 8, y: ly + 10, anchor: .end, className: "small dim")
        for k in 0..<32 {
            svg.rect(x: labelW + Double(k) * 6, y: ly, width: 6.4, height: 12, fill: Palette.viridis(Double(k) / 31))
        }
        svg.text("0", x: labelW, y: ly + 26, anchor: .middle, className: "small dim")
        svg.text(Markup.compact(maxHarm), x: labelW + 192, y: ly + 26, anchor: .middle, className: "small dim")
        return HTMLReport.section(
            id: "who-hurt-whom", title: "Who hurt whom", lede: lede,
            figure: svg.render(title: "Who hurt whom: \(hogs.count) hogging tenants × \(victims.count) victim tenants"),
            caption:
                "Rows: hogging tenant; columns: victim tenant. Cell colour: extra SLO-bad minutes of the victim (viridis). From <code>interference.csv</code>."
        )
    }
}
