import BulkheadResults
import BulkheadTestSupport
import Foundation
import Testing

@testable import BulkheadReport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `bulkhead report`: HTML from results folders written by the real writers (`ResultWriter`,
/// `IncidentReport`, `CompareWriter`), so the reader and the writers cannot drift apart.
@Suite struct HTMLReportTests {
    static let runInfo = RunInfo(toolVersion: "0.0.0-test", gitCommit: nil, wallSeconds: 1, eventsProcessed: 1, requests: 1)

    static func folder(_ name: String = "run") -> String {
        let path = NSTemporaryDirectory() + "bulkhead-html-tests-" + UUID().uuidString + "/" + name
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, _ directory: String, _ name: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    /// A run folder of the metrics fixture (no faults, no hogs).
    static func runFolder(_ r: RunResult = Fixture.sampleRun()) throws -> String {
        let dir = folder()
        try ResultWriter.write(r, to: dir, runInfo: runInfo)
        return dir
    }

    static let incident = IncidentImpact(
        id: 1, kind: "rack-outage", target: "r1", start: 120, end: 180, servicesAffected: ["web", "batch"],
        tenantsAffected: ["shop", "analytics"], servicesDown: ["batch": 1], extraFailed: 42, extraSLOBadMinutes: 2,
        worstP99Ratio: 3.5, recoveryMinutes: 1)

    static let interference = """
        hogTenant,victimTenant,extraSloBadMinutes,extraFailedRequests,maxP99Inflation
        analytics,shop,7,130,2.4
        shop,analytics,0,0,1.01

        """

    /// A run folder with faults and hogs: every chart has something to draw.
    static func fullRunFolder() throws -> String {
        var r = Fixture.sampleRun()
        r.incidentImpacts = [incident]  // as `bulkhead run` does: counted in summary.json, listed in incidents.csv
        let dir = try runFolder(r)
        try write(IncidentImpact.csv.text(r.incidentImpacts), dir, IncidentImpact.csv.fileName)
        try write(interference, dir, "interference.csv")
        return dir
    }

    /// A compare folder of two policies × three replications and two metrics.
    static func compareFolder() throws -> String {
        let policies = ["binpack", "rack-spread"]
        let runs = policies.enumerated().map { p, policy in
            (0..<3).map { r in
                RunMetrics(
                    policy: policy, replication: r,
                    values: ["machines.used": Double(3 + p), "services.sloBadMinutes": Double(10 - 4 * p + r)],
                    externalArrivals: 100)
            }
        }
        let metrics = [
            MetricComparison(
                name: "machines.used", better: .lower,
                policies: [
                    PolicyEstimate(
                        policy: "binpack", estimate: Estimate(mean: 3, halfWidth: 0, count: 3), differenceToBaseline: nil),
                    PolicyEstimate(
                        policy: "rack-spread", estimate: Estimate(mean: 4, halfWidth: 0, count: 3),
                        differenceToBaseline: Estimate(mean: 1, halfWidth: 0, count: 3)),
                ], winner: "binpack"),
            MetricComparison(
                name: "services.sloBadMinutes", better: .lower,
                policies: [
                    PolicyEstimate(
                        policy: "binpack", estimate: Estimate(mean: 11, halfWidth: 2.48, count: 3), differenceToBaseline: nil),
                    PolicyEstimate(
                        policy: "rack-spread", estimate: Estimate(mean: 7, halfWidth: 2.48, count: 3),
                        differenceToBaseline: Estimate(mean: -4, halfWidth: 0, count: 3)),
                ], winner: "rack-spread"),
        ]
        let c = PolicyComparison(
            scenario: "fixture", seed: 7, policies: policies, baseline: "binpack", replications: 3,
            confidence: 0.95, runs: runs, metrics: metrics)
        let dir = folder("compare")
        try CompareWriter.write(c, to: dir)
        return dir
    }

    static func figureIDs(in html: String) -> Set<String> {
        var ids: Set<String> = []
        var rest = html[...]
        while let r = rest.range(of: "<figure id=\"") {
            let after = rest[r.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            ids.insert(String(after[..<end]))
            rest = after[end...]
        }
        return ids
    }

    // MARK: - Content

    @Test func runReportHasEveryRunFigureAndClearPlaceholders() throws {
        let html = try HTMLReport.render(directory: try Self.runFolder())
        #expect(Self.figureIDs(in: html) == Set(HTMLReport.runFigureIDs))
        #expect(html.contains("No hogs in this run"))
        #expect(html.contains("No faults in this run"))
        #expect(html.contains("<title>Bulkhead report — fixture</title>"))
        // The headline: scenario, seed, policy; every machine and container of the fixture drawn.
        #expect(html.contains("seed <b>7</b>") && html.contains("placement <b>spread</b>"))
        for m in ["m0", "m1", "m2"] { #expect(html.contains(">\(m)</text>"), "machine \(m)") }
        #expect(html.components(separatedBy: "· tenant shop ·").count - 1 == 3)  // web ×2, db
        #expect(html.components(separatedBy: "· tenant analytics ·").count - 1 == 1)
        // The web service's SLO line (100 ms) is drawn in its latency chart.
        #expect(html.contains("SLO p99 100\u{202F}ms"))
    }

    @Test func incidentsAndInterferenceAreDrawnWhenPresent() throws {
        let html = try HTMLReport.render(directory: try Self.fullRunFolder())
        #expect(Self.figureIDs(in: html) == Set(HTMLReport.runFigureIDs))
        #expect(!html.contains("No hogs in this run"))
        #expect(!html.contains("No faults in this run"))
        #expect(
            html.contains("analytics hurt shop: 7 extra SLO-bad minutes, 130 extra failed requests, worst p99 inflation ×2.40"))
        #expect(html.contains("#1 rack-outage"))
        #expect(html.contains("<td>batch 1</td>"))  // services down, with minutes
        #expect(html.contains("rack-outage at 00:02"))  // the faulty rack is flagged on the cluster map
    }

    /// The fixture with GPUs: m0 (type `std`, 8 cores, 32 GB) 4 GPUs of which 1.5 requested and its
    /// CPU requests raised to 7.6 cores (95 %: full), so its 2.5 free GPUs are stranded; m1 and m2
    /// (type `gpu-small`) 2 GPUs each, 0.5 and 2 requested, CPU and memory not full.
    static func gpuRun() -> RunResult {
        var r = Fixture.sampleRun()
        r.machines[0].cpuRequested = 7.6
        for (i, (g, used)) in [(4, 1.5), (2, 0.5), (2, 2.0)].enumerated() {
            r.machines[i].gpus = g
            r.machines[i].gpuRequested = used
            if i > 0 { r.machines[i].type = "gpu-small" }
        }
        return r
    }

    @Test func gpuSectionShowsAllocationAndStrandingPerTypeAndCluster() throws {
        let plain = try HTMLReport.render(directory: try Self.runFolder())
        #expect(!plain.contains("id=\"gpu-allocation\""))
        #expect(!plain.contains("GPU"))
        let html = try HTMLReport.render(directory: try Self.runFolder(Self.gpuRun()))
        #expect(Self.figureIDs(in: html) == Set(HTMLReport.runFigureIDs + ["gpu-allocation"]))
        #expect(html.contains("<a href=\"#gpu-allocation\">GPUs</a>"))
        // Cluster: 8 GPUs, 4 requested (50 %), 2.5 stranded (31.25 %, printed 31.2) on m0; per type: std 1.5 of 4
        // (37.5 %, 2.5 stranded), gpu-small 2.5 of 4 (62.5 %, none stranded).
        #expect(
            html.contains(
                "<tr><td>cluster</td><td class=\"num\">3</td><td class=\"num\">8</td><td class=\"num\">4</td><td class=\"num\">50.0\u{202F}%</td><td class=\"num\">2.5 (31.2\u{202F}%)</td>"
            ))
        #expect(
            html.contains(
                "<tr><td>std</td><td class=\"num\">1</td><td class=\"num\">4</td><td class=\"num\">1.5</td><td class=\"num\">37.5\u{202F}%</td><td class=\"num\">2.5 (62.5\u{202F}%)</td><td class=\"num\">95.0\u{202F}%</td>"
            ))
        #expect(
            html.contains(
                "<tr><td>gpu-small</td><td class=\"num\">2</td><td class=\"num\">4</td><td class=\"num\">2.5</td><td class=\"num\">62.5\u{202F}%</td><td class=\"num\">0 (0\u{202F}%)</td>"
            ))
        #expect(html.contains("GPU allocation: 50.0\u{202F}% of 8 GPUs requested, 2.5 stranded"))
        #expect(Self.tagBalanceError(html) == nil)
        for svg in Self.svgs(in: html) { #expect(Self.xmlError(svg) == nil) }
    }

    @Test func gpuStrandingNeedsAFullMachine() {
        // Just below the 95 % threshold on both CPU and memory: nothing stranded.
        var m = Fixture.sampleRun().machines[0]
        m.gpus = 2
        m.gpuRequested = 0.25
        m.cpuRequested = 0.949 * m.cpu
        m.memoryRequested = 0.949 * m.memory
        #expect(GPUSection.totals([m]).cluster.strandedGPUs == 0)
        m.memoryRequested = 0.95 * m.memory
        #expect(GPUSection.totals([m]).cluster.strandedGPUs == 1.75)
    }

    @Test func compareReportHasTheComparisonWithIntervalsAndWinners() throws {
        let dir = try Self.compareFolder()
        let html = try HTMLReport.render(directory: dir)
        #expect(Self.figureIDs(in: html) == Set(HTMLReport.compareFigureIDs))
        #expect(HTMLReport.figureIDs(directory: dir) == HTMLReport.compareFigureIDs)
        #expect(html.contains("★ rack-spread"))
        #expect(html.contains("★ binpack"))
        #expect(html.contains("95 % CI [8.52, 13.5]"))
        #expect(html.contains("difference to binpack: -4"))
        // One dot per replication: 2 policies × 3 replications × 2 metrics.
        #expect(html.components(separatedBy: "<circle ").count - 1 == 12)
    }

    @Test func browserTestChecksEveryFigure() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/browser-test.sh")
        let text = try String(contentsOf: script, encoding: .utf8)
        #expect(text.contains("RUN_FIGURES=\"\(HTMLReport.runFigureIDs.joined(separator: " "))\"\n"))
        #expect(text.contains("COMPARE_FIGURES=\"\(HTMLReport.compareFigureIDs.joined(separator: " "))\"\n"))
    }

    // MARK: - Determinism and self-containment

    @Test func sameFolderGivesTheSameBytesWhereverItLies() throws {
        let dir = try Self.fullRunFolder()
        let a = try HTMLReport.render(directory: dir)
        let b = try HTMLReport.render(directory: dir)
        #expect(a == b)
        let copy = Self.folder("elsewhere")
        for f in try FileManager.default.contentsOfDirectory(atPath: dir) {
            try FileManager.default.copyItem(atPath: dir + "/" + f, toPath: copy + "/" + f)
        }
        #expect(try HTMLReport.render(directory: copy) == a)
        let written = try HTMLReport.write(directory: dir)
        #expect(written == dir + "/report.html")
        #expect(try Data(contentsOf: URL(fileURLWithPath: written)) == Data(a.utf8))
        // The report of a folder that already holds a report is unchanged by it.
        #expect(try HTMLReport.render(directory: dir) == a)
        // A different run gives a different page (the test can fail).
        var other = Fixture.sampleRun()
        other.policy = "binpack"
        #expect(try HTMLReport.render(directory: try Self.runFolder(other)) != a)
    }

    @Test(arguments: ["run", "compare"])
    func pageNeedsNoNetworkAndNoScript(kind: String) throws {
        let html = try HTMLReport.render(directory: kind == "run" ? try Self.fullRunFolder() : try Self.compareFolder())
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for forbidden in ["http://", "https://", "<script", "<link", "@import", "<img", "<iframe", "@font-face"] {
            #expect(!withoutNamespace.contains(forbidden), "\(forbidden)")
        }
        #expect(html.contains("<style>"))
    }

    // MARK: - Well-formedness and escaping

    /// Every `<svg>…</svg>` of the page, each of which must be well-formed XML.
    static func svgs(in html: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg") {
            guard let end = rest[start.lowerBound...].range(of: "</svg>") else { break }
            out.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return out
    }

    final class ErrorCatcher: NSObject, XMLParserDelegate {
        var error: String?
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            error = "line \(parser.lineNumber) column \(parser.columnNumber): \(parseError)"
        }
    }

    static func xmlError(_ text: String) -> String? {
        let parser = XMLParser(data: Data(text.utf8))
        let catcher = ErrorCatcher()
        parser.delegate = catcher
        // swift-corelibs-foundation's parse() returns true after some errors (e.g. a premature end),
        // so the delegate's and the parser's error are checked as well.
        let ok = parser.parse()
        if let e = catcher.error ?? parser.parserError.map({ "\($0)" }) { return e }
        return ok ? nil : "parse failed"
    }

    /// Checks that HTML start and end tags nest properly (void elements excepted); returns the
    /// first problem.
    static func tagBalanceError(_ html: String) -> String? {
        let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "area", "base", "col", "source", "wbr"]
        var stack: [String] = []
        var i = html.startIndex
        while let lt = html[i...].firstIndex(of: "<") {
            guard let gt = html[lt...].firstIndex(of: ">") else { return "unterminated tag" }
            let tag = html[html.index(after: lt)..<gt]
            i = html.index(after: gt)
            if tag.hasPrefix("!") { continue }
            let selfClosing = tag.hasSuffix("/")
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                guard stack.last == name else { return "</\(name)> closes <\(stack.last ?? "nothing")>" }
                stack.removeLast()
            } else {
                let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" })
                if !selfClosing && !void.contains(name) { stack.append(name) }
            }
        }
        return stack.isEmpty ? nil : "unclosed <\(stack.last!)>"
    }

    @Test func checkersCatchBrokenMarkup() {
        #expect(Self.xmlError("<svg><rect></svg>") != nil)
        #expect(Self.xmlError("<svg><g></h></svg>") != nil)
        #expect(Self.xmlError("<svg><rect/></svg>") == nil)
        #expect(Self.xmlError("<svg><text>a & b</text></svg>") != nil)
        #expect(Self.xmlError("<svg><text>a &amp; b</text></svg>") == nil)
        #expect(Self.tagBalanceError("<div><p></div>") != nil)
        #expect(Self.tagBalanceError("<div><meta charset=\"x\"><p>a</p></div>") == nil)
    }

    @Test(arguments: ["run", "compare"])
    func markupIsWellFormed(kind: String) throws {
        let html = try HTMLReport.render(directory: kind == "run" ? try Self.fullRunFolder() : try Self.compareFolder())
        #expect(Self.tagBalanceError(html) == nil, "\(Self.tagBalanceError(html) ?? "")")
        let svgs = Self.svgs(in: html)
        #expect(svgs.count >= (kind == "run" ? 10 : 3))
        for svg in svgs {
            #expect(Self.xmlError(svg) == nil, "\(Self.xmlError(svg) ?? "")")
        }
        // Every chart has a title for screen readers and tooltips.
        for svg in svgs where svg.contains("role=\"img\"") { #expect(svg.contains("><title>")) }
    }

    /// The fixture with a service and a tenant whose names need escaping everywhere.
    static func hostileRun() -> RunResult {
        let service = "<web> & \"co\""
        let tenant = "shop & <sons> 'ltd', \"inc\""
        var r = Fixture.sampleRun()
        r.scenario = "a<b>&\"c\""
        for i in r.services.indices where r.services[i].name == "web" { r.services[i].name = service }
        for i in r.services.indices where r.services[i].tenant == "shop" { r.services[i].tenant = tenant }
        for i in r.tenants.indices where r.tenants[i].name == "shop" { r.tenants[i].name = tenant }
        for i in r.containers.indices {
            if r.containers[i].service == "web" { r.containers[i].service = service }
            if r.containers[i].tenant == "shop" { r.containers[i].tenant = tenant }
        }
        for i in r.timeSeries.services.indices where r.timeSeries.services[i].service == "web" {
            r.timeSeries.services[i].service = service
        }
        for i in r.machines.indices where r.machines[i].name == "m0" { r.machines[i].name = "m<0>&" }
        for i in r.containers.indices where r.containers[i].machine == "m0" { r.containers[i].machine = "m<0>&" }
        for i in r.timeSeries.machines.indices where r.timeSeries.machines[i].machine == "m0" {
            r.timeSeries.machines[i].machine = "m<0>&"
        }
        return r
    }

    @Test func namesWithMarkupCharactersAreEscaped() throws {
        let dir = try Self.runFolder(Self.hostileRun())
        try Self.write(Self.interference.replacingOccurrences(of: "shop", with: "\"<evil>&\"\"\""), dir, "interference.csv")
        let html = try HTMLReport.render(directory: dir)
        for raw in ["<web>", "<sons>", "a<b>", "m<0>", "<evil>", "& \"co\"", "& <"] {
            #expect(!html.contains(raw), "unescaped \(raw)")
        }
        #expect(html.contains("&lt;web&gt; &amp; &quot;co&quot;"))
        #expect(html.contains("shop &amp; &lt;sons&gt; &#39;ltd&#39;, &quot;inc&quot;"))
        #expect(html.contains("m&lt;0&gt;&amp;"))
        #expect(html.contains("&lt;evil&gt;&amp;&quot;"))
        #expect(Self.tagBalanceError(html) == nil, "\(Self.tagBalanceError(html) ?? "")")
        for svg in Self.svgs(in: html) { #expect(Self.xmlError(svg) == nil, "\(Self.xmlError(svg) ?? "")") }
    }

    // MARK: - Errors

    static func expectError(_ dir: String, naming file: String, saying words: String) {
        do {
            _ = try HTMLReport.render(directory: dir)
            Issue.record("expected an error naming \(file)")
        } catch {
            #expect(error.file.hasSuffix(file), "\(error)")
            #expect(error.description.contains(words), "\(error)")
        }
    }

    @Test(arguments: ["services.csv", "machines.csv", "placement.csv", "timeseries.csv"])
    func missingRunFileIsNamed(file: String) throws {
        let dir = try Self.runFolder()
        try FileManager.default.removeItem(atPath: dir + "/" + file)
        Self.expectError(dir, naming: file, saying: "missing")
    }

    @Test func corruptFilesAreNamedWithTheRowOrKey() throws {
        var dir = try Self.runFolder()
        try Self.write("{\"scenario\": 1", dir, "summary.json")
        Self.expectError(dir, naming: "summary.json", saying: "not valid JSON")

        dir = try Self.runFolder()
        try Self.write("{\"scenario\": \"x\"}", dir, "summary.json")
        Self.expectError(dir, naming: "summary.json", saying: "missing key")

        dir = try Self.runFolder()
        try Self.write("minute,kind,name,metric,value\n1,machine,m0,cpu_utilization,lots\n", dir, "timeseries.csv")
        Self.expectError(dir, naming: "timeseries.csv", saying: "row 1, column \"value\": \"lots\" is not a number")

        dir = try Self.runFolder()
        try Self.write("machine,rack\nm0,r0,extra\n", dir, "machines.csv")
        Self.expectError(dir, naming: "machines.csv", saying: "row 1 has 3 cells")

        dir = try Self.runFolder()
        try Self.write("container,service\n", dir, "placement.csv")
        Self.expectError(dir, naming: "placement.csv", saying: "missing column \"tenant\"")

        dir = try Self.runFolder()
        try Self.write("hogTenant,victimTenant\n\"a,b\n", dir, "interference.csv")
        Self.expectError(dir, naming: "interference.csv", saying: "unterminated quoted cell")

        dir = try Self.runFolder()
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: dir + "/incidents.csv"))
        Self.expectError(dir, naming: "incidents.csv", saying: "not UTF-8")

        dir = try Self.runFolder()  // summary.json counts no incident: incidents.csv is stale
        try Self.write(IncidentImpact.csv.text([Self.incident]), dir, IncidentImpact.csv.fileName)
        Self.expectError(dir, naming: "incidents.csv", saying: "left over from an earlier run")

        dir = try Self.compareFolder()
        try FileManager.default.removeItem(atPath: dir + "/compare.csv")
        Self.expectError(dir, naming: "compare.csv", saying: "missing")
    }

    @Test func folderWithoutResultsIsNamed() throws {
        let dir = Self.folder("empty")
        Self.expectError(dir, naming: "empty", saying: "neither summary.json")
        Self.expectError(dir + "/nope", naming: "nope", saying: "no such results folder")
    }
}
