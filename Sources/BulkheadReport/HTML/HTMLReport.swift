import Foundation

/// `bulkhead report`: one self-contained HTML file (inline CSS and SVG, no script, no network)
/// drawn from a results folder.
///
/// The page is a pure function of the folder's result files: the same folder gives the same bytes
/// (no timestamps, no wall-clock facts — `run-info.json` is not read — and every collection is
/// drawn in file or configuration order). A run folder (`summary.json`, …) gives the headline,
/// the cluster map, the utilisation heat map, latency per service, the incident timeline and the
/// who-hurt-whom matrix; a compare folder (`compare.json`, `compare.csv`) gives the policy
/// comparison. A folder with both gives everything. See `docs/report.md`.
public enum HTMLReport {
    /// The default file name, written into the results folder.
    public static let fileName = "report.html"

    /// The `id` of every `<figure>` of a run folder's report, in page order.
    public static let runFigureIDs = ["cluster-map", "utilisation-heatmap", "latency", "incident-timeline", "who-hurt-whom"]
    /// The `id` of every `<figure>` of a compare folder's report.
    public static let compareFigureIDs = ["policy-comparison"]

    /// The figure ids the report of `directory` contains (run figures, comparison, or both).
    public static func figureIDs(directory: String) -> [String] {
        (ReportFiles.exists(directory, "summary.json") ? runFigureIDs : [])
            + (ReportFiles.exists(directory, "compare.json") ? compareFigureIDs : [])
    }

    /// The report's HTML for the results folder at `directory`.
    /// - Throws: ``ReportError`` naming the missing or malformed input file; when the folder holds
    ///   neither a run (`summary.json`) nor a comparison (`compare.json`), the error names the folder.
    /// - Complexity: O(size of the input files).
    public static func render(directory: String) throws(ReportError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportError(file: directory, message: "no such results folder")
        }
        let hasRun = ReportFiles.exists(directory, "summary.json")
        let hasCompare = ReportFiles.exists(directory, "compare.json")
        guard hasRun || hasCompare else {
            throw ReportError(
                file: directory,
                message:
                    "not a results folder: it has neither summary.json (from `bulkhead run`) nor compare.json (from `bulkhead compare`)"
            )
        }
        let run = hasRun ? try RunFolder(directory: directory) : nil
        let compare = hasCompare ? try CompareFolder(directory: directory) : nil
        return page(run: run, compare: compare)
    }

    /// Renders the report of `directory` and writes it atomically to `path` (default
    /// `directory/report.html`). Returns the path written.
    /// - Throws: ``ReportError`` for bad inputs, ``AtomicFileError`` when the file cannot be written.
    @discardableResult
    public static func write(directory: String, to path: String? = nil) throws -> String {
        let html = try render(directory: directory)
        let target = path ?? ReportFiles.path(directory, fileName)
        try AtomicFile.write(Data(html.utf8), to: target)
        return target
    }

    static func page(run: RunFolder?, compare: CompareFolder?) -> String {
        let scenario = run?.summary.scenario ?? compare?.document.scenario ?? ""
        var sections: [String] = []
        var nav: [(String, String)] = []
        if let run {
            let tenants = run.tenants
            sections.append(ClusterMapChart.section(run, tenants: tenants))
            let gpus = GPUSection.section(run)
            if let gpus { sections.append(gpus) }
            sections.append(HeatmapChart.section(run))
            sections.append(LatencyChart.section(run, tenants: tenants))
            sections.append(IncidentChart.section(run, tenants: tenants))
            sections.append(InterferenceChart.section(run))
            nav.append(("cluster-map", "Cluster map"))
            if gpus != nil { nav.append((GPUSection.id, "GPUs")) }
            nav += [
                ("utilisation-heatmap", "Utilisation"), ("latency", "Latency"), ("incident-timeline", "Incidents"),
                ("who-hurt-whom", "Who hurt whom"),
            ]
            if let workflows = WorkflowSection.section(run) {
                sections.append(workflows)
                nav.append(("workflows", "Workflows"))
            }
        }
        if let compare {
            sections.append(ComparisonChart.section(compare))
            nav.append(("policy-comparison", "Policy comparison"))
        }
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta name=\"generator\" content=\"bulkhead report\">\n"
        html += "<title>Bulkhead report — \(Markup.escape(scenario))</title>\n"
        html += "<style>\n\(ReportStyle.css)</style>\n</head>\n<body>\n"
        html += Palette.patternDefinitions + "\n"
        html += Headline.header(run: run, compare: compare) + "\n"
        if nav.count > 1 {
            html +=
                "<nav aria-label=\"Charts\">" + nav.map { "<a href=\"#\($0.0)\">\(Markup.escape($0.1))</a>" }.joined()
                + "</nav>\n"
        }
        html += "<main>\n" + sections.joined(separator: "\n") + "\n</main>\n"
        html +=
            "<footer>Generated by <code>bulkhead report</code> from the result files in this folder; the page is a pure function of them (no timestamps). Colours: Okabe–Ito (categories) and viridis (quantities), both readable with colour-vision deficiencies.</footer>\n"
        html += "</body>\n</html>\n"
        return html
    }

    /// A chart section: heading, a sentence on how to read it, and the `<figure id>` the tests find.
    static func section(id: String, title: String, lede: String, figure: String, caption: String) -> String {
        "<section aria-labelledby=\"\(id)-title\">\n<h2 id=\"\(id)-title\">\(Markup.escape(title))</h2>\n<p class=\"lede\">\(lede)</p>\n<figure id=\"\(id)\">\n\(figure)\n<figcaption>\(caption)</figcaption>\n</figure>\n</section>"
    }

    /// A "nothing to draw" box inside a figure.
    static func placeholder(_ htmlText: String) -> String { "<div class=\"placeholder\">\(htmlText)</div>" }

    /// An HTML legend of tenants with swatches (hatched beyond seven colours).
    static func tenantLegend(_ tenants: [String], counts: [String: Int] = [:], unit: String = "") -> String {
        var s = "<ul class=\"legend\" aria-label=\"Tenants\">"
        for (i, t) in tenants.enumerated() {
            s +=
                "<li><svg class=\"swatch\" width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" rx=\"2\" fill=\"\(Palette.category(i))\"/></svg>\(Markup.escape(t))"
            if let n = counts[t] { s += " <span class=\"dim\">\(n)\(unit)</span>" }
            s += "</li>"
        }
        return s + "</ul>"
    }
}
