import BulkheadResults

/// Policy comparison bars: one small chart per metric, one bar per policy at its mean over the
/// replications, the 95 % confidence interval as a whisker, each replication as a dot, and the
/// winner (significantly better than every other policy, from `compare.json`) marked.
enum ComparisonChart {
    static let width = 380.0, left = 110.0, right = 64.0, top = 34.0, lane = 24.0, bottom = 26.0

    static func section(_ c: CompareFolder) -> String {
        let d = c.document
        var panels: [String] = []
        for m in d.metrics { panels.append("<div>" + panel(m, c) + "</div>") }
        let level = Markup.fixed(d.confidence * 100, 0) + "\u{202F}%"
        let figure =
            panels.isEmpty
            ? HTMLReport.placeholder("<code>compare.json</code> lists no metrics.")
            : "<div class=\"multiples\">" + panels.joined() + "</div>" + legend(d.policies)
        return HTMLReport.section(
            id: "policy-comparison", title: "Policy comparison",
            lede:
                "Every metric under every placement policy: the bar is the mean over \(d.replications) replications, the whisker its \(level) confidence interval, the dots the single replications. Replication r uses the same random numbers under every policy, so differences are paired. A ★ marks the winner when one policy is significantly better than all others.",
            figure: figure,
            caption:
                "From <code>compare.json</code> (means, Student-t intervals, winners) and <code>compare.csv</code> (replications). Hover a bar for the paired difference to the baseline (<b>\(Markup.escape(d.baseline))</b>)."
        )
    }

    static func legend(_ policies: [String]) -> String {
        var s = "<ul class=\"legend\" aria-label=\"Policies\">"
        for (i, p) in policies.enumerated() {
            s +=
                "<li><svg class=\"swatch\" width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" rx=\"2\" fill=\"\(Palette.category(i))\"/></svg>\(Markup.escape(p))</li>"
        }
        return s + "</ul>"
    }

    /// A metric's value in its unit, judged from the catalog's naming: `*.p99` in seconds,
    /// utilisations, allocations and ratios as fractions, everything else a plain number.
    static func unit(of metric: String) -> (Double) -> String {
        if metric.hasSuffix(".p99") || metric.hasSuffix(".p50") || metric.contains("latency") { return { Markup.latency($0) } }
        if metric.contains("utilization") || metric.contains("allocation") || metric.hasSuffix("Ratio") {
            return { Markup.percent($0, decimals: nil) }
        }
        return { Markup.number($0) }
    }

    static func panel(_ m: ComparisonDocument.Metric, _ c: CompareFolder) -> String {
        let policies = c.document.policies
        let height = top + Double(policies.count) * lane + bottom
        var lo = 0.0
        var hi = 0.0
        for p in policies {
            let e = m.policies[p]!.estimate
            for v in [e.mean, e.lower, e.upper].compactMap({ $0 }) {
                lo = min(lo, v)
                hi = max(hi, v)
            }
            for v in c.values[m.name]?[p] ?? [] {
                lo = min(lo, v)
                hi = max(hi, v)
            }
        }
        if hi > 0 { hi = Markup.niceCeiling(hi) }
        if lo < 0 { lo = -Markup.niceCeiling(-lo) }
        if hi == lo { hi = lo + 1 }
        let plotW = width - left - right
        let format = unit(of: m.name)
        func x(_ v: Double) -> Double { left + (v - lo) / (hi - lo) * plotW }
        var svg = SVGCanvas(width: width, height: height)
        svg.text(m.name, x: 0, y: 14, className: "head")
        svg.text("\(m.better.rawValue) is better", x: width, y: 14, anchor: .end, className: "small dim")
        for v in [lo, (lo + hi) / 2, hi] {
            svg.line(x1: x(v), y1: top - 6, x2: x(v), y2: height - bottom + 2, stroke: Palette.grid, width: 0.6)
            svg.text(format(v), x: x(v), y: height - 8, anchor: .middle, className: "small dim")
        }
        svg.line(x1: x(0), y1: top - 6, x2: x(0), y2: height - bottom + 2, stroke: Palette.muted)
        for (i, p) in policies.enumerated() {
            let entry = m.policies[p]!
            let e = entry.estimate
            let y = top + Double(i) * lane
            let winner = m.winner == p
            svg.text((winner ? "★ " : "") + p, x: left - 8, y: y + lane / 2 + 2, anchor: .end, className: winner ? "strong" : nil)
            guard let mean = e.mean else {
                svg.text("no value", x: left + 4, y: y + lane / 2 + 2, className: "small dim")
                continue
            }
            var title = "\(p): mean \(format(mean))"
            if let l = e.lower, let u = e.upper {
                title += ", \(Markup.fixed(c.document.confidence * 100, 0)) % CI [\(format(l)), \(format(u))]"
            }
            title += ", n = \(e.n)"
            if let diff = entry.differenceToBaseline, let dm = diff.mean {
                title += "; difference to \(c.document.baseline): \(format(dm))"
                if let l = diff.lower, let u = diff.upper { title += " [\(format(l)), \(format(u))]" }
            }
            svg.rect(
                x: min(x(0), x(mean)), y: y + 4, width: abs(x(mean) - x(0)), height: lane - 10, fill: Palette.category(i),
                title: title, extra: " fill-opacity=\"0.85\"")
            if let l = e.lower, let u = e.upper {
                let cy = y + lane / 2 - 1
                svg.line(x1: x(l), y1: cy, x2: x(u), y2: cy, stroke: Palette.ink, width: 1.4)
                svg.line(x1: x(l), y1: cy - 5, x2: x(l), y2: cy + 5, stroke: Palette.ink, width: 1.4)
                svg.line(x1: x(u), y1: cy - 5, x2: x(u), y2: cy + 5, stroke: Palette.ink, width: 1.4)
            }
            for v in c.values[m.name]?[p] ?? [] {
                svg.circle(cx: x(v), cy: y + lane / 2 - 1, r: 2.3, fill: "#ffffff", stroke: Palette.ink)
            }
            svg.text(format(mean), x: width - right + 6, y: y + lane / 2 + 2, className: winner ? "strong" : "dim")
        }
        return svg.render(
            title: "\(m.name) by policy (\(m.better.rawValue) is better)"
                + (m.winner.map { "; winner: \($0)" } ?? "; no significant winner"))
    }
}
