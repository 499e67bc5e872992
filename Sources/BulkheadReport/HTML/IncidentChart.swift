import BulkheadResults

/// The incident timeline: one lane per incident, a vermillion bar from its start to its end (to
/// the end of the run when it never ended), the recovery period after it in a lighter tint, and its
/// measured blast radius — services and tenants affected (tenant-coloured dots), services down,
/// extra failed requests — beside it and in a table below.
enum IncidentChart {
    static func section(_ run: RunFolder, tenants: [String]) -> String {
        let figure: String
        let lede =
            "Each fault the scenario injected, when it happened, and how far it reached, measured against a fault-free twin run with the same random numbers."
        guard let incidents = run.incidents, !incidents.isEmpty else {
            figure = HTMLReport.placeholder(
                "No faults in this run, so there is no incident to show. Add <code>faults:</code> to the scenario (see <code>docs/scenarios.md</code>) to measure a failure's blast radius."
            )
            return HTMLReport.section(
                id: "incident-timeline", title: "Incidents and their blast radius", lede: lede, figure: figure,
                caption: "From <code>incidents.csv</code>, written by <code>bulkhead run</code> when the scenario has faults.")
        }
        let firstMinute = Double(min(run.series.minutes.first ?? 0, incidents.map { Int($0.start) / 60 }.min() ?? 0))
        let runEnd = run.summary.durationSeconds / 60
        let lastMinute = max(runEnd, Double((run.series.minutes.last ?? 0) + 1))
        let width = 1100.0
        let labelW = 210.0
        let rightW = 330.0
        let laneH = 34.0
        let top = 8.0
        let plotW = width - labelW - rightW
        func x(_ minute: Double) -> Double { labelW + (minute - firstMinute) / max(1, lastMinute - firstMinute) * plotW }
        var svg = SVGCanvas(width: width, height: top + Double(incidents.count) * laneH + 34)
        let tenantIndex = Dictionary(uniqueKeysWithValues: tenants.enumerated().map { ($1, $0) })
        for (li, i) in incidents.enumerated() {
            let y = top + Double(li) * laneH
            if li % 2 == 0 { svg.rect(x: 0, y: y, width: width, height: laneH, fill: "#f6f8fa") }
            svg.text("#\(i.id) \(i.kind)", x: 8, y: y + 15, className: "strong")
            svg.text(i.target, x: 8, y: y + 28, className: "small dim")
            let start = max(firstMinute, i.start / 60)
            let end = min(lastMinute, max(start, (i.end ?? runEnd * 60) / 60))
            let recovery = i.recoveryMinutes.map { end + Double($0) }
            if let recovery, recovery > end {
                svg.rect(
                    x: x(end), y: y + 10, width: x(min(recovery, lastMinute)) - x(end), height: 14, fill: Palette.alarm,
                    title: "recovery: \(i.recoveryMinutes!) min until failures were back to the twin's",
                    extra: " fill-opacity=\"0.3\"")
            }
            svg.rect(
                x: x(start), y: y + 8, width: max(3, x(end) - x(start)), height: 18, fill: Palette.alarm, rx: 2,
                title:
                    "\(i.kind) of \(i.target): \(Markup.clock(minute: Int(start)))–\(i.end == nil ? "end of run" : Markup.clock(minute: Int(end.rounded())))"
            )
            // Blast radius: tenant dots, then numbers.
            var dx = width - rightW + 14
            for t in i.tenantsAffected {
                svg.circle(
                    cx: dx, cy: y + 17, r: 6, fill: Palette.category(tenantIndex[t] ?? 0), stroke: "#ffffff",
                    title: "tenant \(t) affected")
                dx += 14
            }
            let down = i.servicesDown.isEmpty ? "" : " · \(i.servicesDown.count) down"
            svg.text(
                "\(i.servicesAffected.count) services · \(i.tenantsAffected.count) tenants\(down) · \(Markup.compact(Double(i.extraFailed))) extra failed",
                x: dx + 4, y: y + 21, className: i.servicesDown.isEmpty ? nil : "strong",
                title: "services affected: \(i.servicesAffected.joined(separator: ", "))")
        }
        let axisY = top + Double(incidents.count) * laneH
        svg.line(x1: labelW, y1: axisY, x2: labelW + plotW, y2: axisY, stroke: Palette.muted)
        let axis = TimeAxis(minutes: [Int(firstMinute), Int(lastMinute) - 1], maxBuckets: 96)
        for t in axis.hourTicks() {
            let tx = x(Double(t.minute))
            guard tx >= labelW - 0.5 && tx <= labelW + plotW + 0.5 else { continue }
            svg.line(x1: tx, y1: axisY, x2: tx, y2: axisY + 5, stroke: Palette.muted)
            svg.text(Markup.clock(minute: t.minute), x: tx, y: axisY + 19, anchor: .middle, className: "small dim")
        }
        var table =
            "<table class=\"data\"><thead><tr><th>#</th><th>fault</th><th>when</th><th>services affected</th><th>tenants affected</th><th>services down (min)</th><th class=\"num\">extra failed</th><th class=\"num\">extra SLO-bad min</th><th class=\"num\">worst p99 ratio</th><th class=\"num\">recovery</th></tr></thead><tbody>"
        for i in incidents {
            let when = Markup.clock(minute: Int(i.start) / 60) + "–" + (i.end.map { Markup.clock(minute: Int($0) / 60) } ?? "end")
            let down = i.servicesDownByName.map { "\($0.service) \($0.minutes)" }.joined(separator: ", ")
            let cells = [
                "\(i.id)", "\(i.kind) \(i.target)", when, i.servicesAffected.joined(separator: ", "),
                i.tenantsAffected.joined(separator: ", "), down.isEmpty ? "none" : down,
            ].map { "<td>\(Markup.escape($0))</td>" }
            let nums = [
                Markup.count(i.extraFailed), Markup.count(i.extraSLOBadMinutes),
                i.worstP99Ratio.map { "×" + Markup.fixed($0, 2) } ?? "–",
                i.recoveryMinutes.map { "\($0) min" } ?? "not in run",
            ].map { "<td class=\"num\">\(Markup.escape($0))</td>" }
            table += "<tr>" + (cells + nums).joined() + "</tr>"
        }
        table += "</tbody></table>"
        figure = svg.render(title: "Incident timeline: \(incidents.count) incidents with their measured blast radius") + table
        return HTMLReport.section(
            id: "incident-timeline", title: "Incidents and their blast radius", lede: lede, figure: figure,
            caption:
                "Bars: fault windows; lighter tail: time until failures returned to the twin run's level. Dots: tenants affected. From <code>incidents.csv</code>."
        )
    }
}
