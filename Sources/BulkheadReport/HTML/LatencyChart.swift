import BulkheadResults

/// Latency over the day, one small chart per service: the p99 of each time bucket (the worst
/// per-minute p99 in it, so short spikes stay visible) against the service's p99 SLO (dashed),
/// with SLO-bad minutes marked under the axis and fault windows shaded.
///
/// Bounded whatever the run's length: at most 240 p99 points per service, and SLO-bad ticks per
/// minute up to ``maxSLOTicks`` minutes, beyond that one tick per bucket of ``maxSLOTicks`` buckets
/// holding at least one SLO-bad minute (a 7-day run: 10-minute buckets, 1,009 of them).
enum LatencyChart {
    static let width = 380.0, height = 182.0
    static let left = 48.0, right = 18.0, top = 42.0, bottom = 36.0
    static let maxSLOTicks = 2_000

    static func section(_ run: RunFolder, tenants: [String]) -> String {
        let series = run.series
        let axis = TimeAxis(minutes: series.minutes, maxBuckets: 240)
        let tickAxis = TimeAxis(minutes: series.minutes, maxBuckets: maxSLOTicks)
        let figure: String
        if series.minutes.isEmpty {
            figure = HTMLReport.placeholder("No measured minutes in <code>timeseries.csv</code>.")
        } else {
            var panels: [String] = []
            for s in run.services {
                let tenant = tenants.firstIndex(of: s.tenant) ?? 0
                panels.append("<div>" + panel(s, run: run, axis: axis, tickAxis: tickAxis, tenant: tenant) + "</div>")
            }
            figure = "<div class=\"multiples\">" + panels.joined() + "</div>" + throttlingTable(run.services)
        }
        return HTMLReport.section(
            id: "latency", title: "Latency over the day",
            lede:
                "The 99th-percentile latency of each service through the day against its SLO (dashed). A line above the dashed one means users waited too long; vermillion ticks under the axis are the minutes counted as SLO-bad (too slow or too many failures).",
            figure: figure,
            caption:
                "p99 per \(axis.bucket)-minute bucket (the worst minute in the bucket) from <code>timeseries.csv</code>; gaps are minutes without a successful request. Values above the top of a chart are clipped and labelled with their maximum. Shaded bands: fault windows from <code>incidents.csv</code>."
                + (tickAxis.bucket > 1
                    ? " SLO-bad ticks: one per \(tickAxis.bucket)-minute bucket with at least one SLO-bad minute (at most \(Markup.count(maxSLOTicks)) ticks per chart); <code>timeseries.csv</code> has every minute."
                    : "")
        )
    }

    /// Latency attribution under `isolation.cpu: quota`: for each service with a CPU limit, its
    /// `cpu.stat` and the mean delay a job waited on its own quota (the `throttled` cause), with
    /// that delay's share of the service's mean latency. Empty without a limited service.
    static func throttlingTable(_ services: [ServiceResult]) -> String {
        let limited = services.compactMap { s in s.cpuThrottling.map { (s, $0) } }
        guard !limited.isEmpty else { return "" }
        var rows = ""
        for (s, t) in limited {
            let share = s.latency.flatMap { $0.mean > 0 ? Markup.percent(t.meanThrottledDelay / $0.mean) : nil } ?? "–"
            rows +=
                "<tr><td>\(Markup.escape(s.name))</td><td class=\"num\">\(Markup.count(t.periods))</td><td class=\"num\">\(Markup.count(t.throttledPeriods))</td><td class=\"num\">\(Markup.percent(t.throttledRatio))</td><td class=\"num\">\(Markup.latency(t.meanThrottledDelay))</td><td class=\"num\">\(share)</td></tr>"
        }
        return
            "<table class=\"data\" id=\"latency-throttling\"><caption>Throttled by its own CPU quota (CFS periods, whole run)</caption><thead><tr><th>service</th><th class=\"num\">CPU periods</th><th class=\"num\">throttled</th><th class=\"num\">throttled %</th><th class=\"num\">delay per job</th><th class=\"num\">of mean latency</th></tr></thead><tbody>"
            + rows + "</tbody></table>"
    }

    static func panel(_ s: ServiceResult, run: RunFolder, axis: TimeAxis, tickAxis: TimeAxis, tenant: Int) -> String {
        let colour = Palette.categoryColour(tenant)
        let values = run.series.p99[s.name] ?? []
        var worst = Array(repeating: Double?.none, count: axis.starts.count)
        for (k, v) in values.enumerated() {
            guard let v else { continue }
            let b = axis.bucketOfMinute[k]
            worst[b] = max(worst[b] ?? 0, v)
        }
        let observed = worst.compactMap { $0 }.max() ?? 0
        var yMax = max(observed, (s.sloLatencyP99 ?? 0) * 1.25)
        if let slo = s.sloLatencyP99 { yMax = min(yMax, slo * 4) }
        if yMax <= 0 { yMax = 0.001 }
        yMax = Markup.niceCeiling(yMax)
        let plotW = width - left - right
        let plotH = height - top - bottom
        func x(_ minute: Double) -> Double { left + axis.position(minute: minute) / axis.extent * plotW }
        func y(_ v: Double) -> Double { top + plotH - min(v, yMax) / yMax * plotH }
        var svg = SVGCanvas(width: width, height: height)
        svg.rect(x: 0, y: 4, width: 10, height: 10, fill: Palette.category(tenant), rx: 2)
        svg.text(s.name, x: 15, y: 13, className: "head")
        let sloText = s.sloLatencyP99.map { "SLO p99 " + Markup.latency($0) } ?? "no latency SLO"
        svg.text("tenant \(s.tenant) · \(sloText) · \(s.sloBadMinutes) SLO-bad min", x: 15, y: 28, className: "small dim")
        // Fault windows.
        let lastMinute = Double((axis.starts.last ?? 0) + axis.bucket)
        for i in run.incidents ?? [] {
            let a = max(i.start / 60, Double(axis.starts.first ?? 0))
            let b = min((i.end ?? lastMinute * 60) / 60, lastMinute)
            if b > a {
                svg.rect(
                    x: x(a), y: top, width: x(b) - x(a), height: plotH, fill: Palette.alarm,
                    title: "incident #\(i.id): \(i.kind) \(i.target)", extra: " fill-opacity=\"0.12\"")
            }
        }
        // Grid and y labels.
        for f in [0.0, 0.5, 1.0] {
            let v = yMax * f
            svg.line(x1: left, y1: y(v), x2: width - right, y2: y(v), stroke: Palette.grid, width: f == 0 ? 1 : 0.6)
            svg.text(Markup.latency(v), x: left - 5, y: y(v) + 4, anchor: .end, className: "small dim")
        }
        for t in axis.hourTicks() {
            let tx = left + t.index / axis.extent * plotW
            svg.line(x1: tx, y1: top + plotH, x2: tx, y2: top + plotH + 4, stroke: Palette.muted)
            svg.text(Markup.clock(minute: t.minute), x: tx, y: top + plotH + 26, anchor: .middle, className: "small dim")
        }
        // SLO-bad minutes as ticks under the axis, one per tick bucket with a bad minute (with
        // 1-minute buckets, one per bad minute).
        var badBucket = Array(repeating: false, count: tickAxis.starts.count)
        for (k, isBad) in (run.series.sloBad[s.name] ?? []).enumerated() where isBad { badBucket[tickAxis.bucketOfMinute[k]] = true }
        for (b, start) in tickAxis.starts.enumerated() where badBucket[b] {
            let m = Double(start)
            svg.rect(
                x: x(m), y: top + plotH + 6, width: max(1.2, x(m + Double(tickAxis.bucket)) - x(m)), height: 6,
                fill: Palette.alarm)
        }
        // The p99 line, then the SLO on top so it stays visible.
        let points: [(Double, Double)?] = worst.enumerated().map { b, v in
            v.map { (x(Double(axis.starts[b]) + Double(axis.bucket) / 2), y($0)) }
        }
        svg.polyline(points, stroke: colour == "#F0E442" ? "#B8A800" : colour, width: 1.6)
        if let slo = s.sloLatencyP99 {
            svg.line(x1: left, y1: y(slo), x2: width - right, y2: y(slo), stroke: Palette.alarm, width: 1.4, dash: "5 3")
        }
        if observed > yMax {
            svg.text(
                "max \(Markup.latency(observed))", x: width - right, y: top - 3, anchor: .end, className: "small strong",
                fill: Palette.alarm)
        }
        let summary =
            "p99 latency of \(s.name) over the day; worst bucket \(Markup.latency(observed))"
            + (s.sloLatencyP99.map { "; SLO " + Markup.latency($0) } ?? "")
        return svg.render(title: summary)
    }
}
