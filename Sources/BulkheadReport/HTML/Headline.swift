import BulkheadResults

/// The page header: what was simulated and the numbers a reader looks at first.
enum Headline {
    static func header(run: RunFolder?, compare: CompareFolder?) -> String {
        var s = "<header>\n"
        if let run {
            let h = run.summary
            s += "<h1>\(Markup.escape(h.scenario))</h1>\n"
            let measured = "\(Markup.count(h.minutesMeasured)) min measured"
            s +=
                "<p class=\"subtitle\">scenario <b>\(Markup.escape(h.scenario))</b> · seed <b>\(h.seed)</b> · placement <b>\(Markup.escape(h.policy))</b> · \(duration(h.durationSeconds)) simulated (\(duration(h.warmupSeconds)) warm-up, \(measured))</p>\n"
            let sloBad = run.services.reduce(0) { $0 + $1.sloBadMinutes }
            let failedShare = h.requests.total > 0 ? Double(h.requests.failed) / Double(h.requests.total) : 0
            let incidents = run.incidents ?? []
            var cards: [String] = [
                card("Requests", Markup.compact(Double(h.requests.total)), "external, measured window"),
                card(
                    "Failed", Markup.percent(failedShare, decimals: 2), Markup.count(h.requests.failed) + " requests",
                    bad: h.requests.failed > 0),
                card("SLO-bad minutes", Markup.count(sloBad), "summed over \(run.services.count) services", bad: sloBad > 0),
                card(
                    "Machines used", "\(h.machines.machinesUsed) / \(h.machines.machinesTotal)",
                    "\(run.racks.count) racks · \(run.containers.count) containers"),
                card(
                    "CPU utilisation", Markup.percent(h.machines.cpuUtilization.mean, decimals: nil),
                    "mean · peak " + Markup.percent(h.machines.cpuUtilization.peak, decimals: nil)),
            ]
            if run.incidents != nil {
                let extra = incidents.reduce(0) { $0 + $1.extraFailed }
                cards.append(card("Incidents", "\(incidents.count)", Markup.count(extra) + " extra failed", bad: extra > 0))
            }
            cards.append(
                card(
                    "OOM kills", Markup.count(h.kills.total), "\(Markup.count(h.kills.innocent)) innocent",
                    bad: h.kills.innocent > 0))
            s += "<div class=\"cards\">" + cards.joined() + "</div>\n"
        }
        if let compare {
            let d = compare.document
            if run == nil { s += "<h1>\(Markup.escape(d.scenario)): policy comparison</h1>\n" }
            s +=
                "<p class=\"subtitle\">scenario <b>\(Markup.escape(d.scenario))</b> · seed <b>\(d.seed)</b> · \(d.replications) replications per policy with common random numbers · baseline <b>\(Markup.escape(d.baseline))</b> · \(Markup.fixed(d.confidence * 100, 0))\u{202F}% confidence intervals</p>\n"
            var wins: [String: Int] = [:]
            for m in d.metrics { if let w = m.winner { wins[w, default: 0] += 1 } }
            let cards = d.policies.map { p in
                card(p, "\(wins[p] ?? 0)", "of \(d.metrics.count) metrics won")
            }
            s += "<div class=\"cards\">" + cards.joined() + "</div>\n"
        }
        return s + "</header>"
    }

    static func card(_ key: String, _ value: String, _ sub: String, bad: Bool = false) -> String {
        "<div class=\"card\(bad ? " bad" : "")\"><div class=\"k\">\(Markup.escape(key))</div><div class=\"v\">\(Markup.escape(value))</div><div class=\"s\">\(Markup.escape(sub))</div></div>"
    }

    /// `3 h`, `90 min`, `45 s`, `2 d 4 h`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 86_400 { return "\(s / 86_400)\u{202F}d" + (s % 86_400 >= 3600 ? " \(s % 86_400 / 3600)\u{202F}h" : "") }
        if s >= 3600 && s % 3600 == 0 { return "\(s / 3600)\u{202F}h" }
        if s >= 60 { return "\(s / 60)\u{202F}min" }
        return "\(s)\u{202F}s"
    }
}
