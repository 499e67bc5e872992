@testable import BulkheadReport
import BulkheadResults
import BulkheadTestSupport
import Foundation
import Testing

/// The report of a long run (issue 16): a 30-day `timeseries.csv` is read one row at a time and
/// every chart stays bounded (p99 points per bucket, SLO-bad ticks, heat-map cells, time labels),
/// while a one-minute spike stays visible.
@Suite struct LongRunReportTests {
    static let minutes = 30 * 1_440
    static let spikeMinute = 20_000
    /// web is SLO-bad every 7th minute; batch never.
    static func isBad(_ minute: Int) -> Bool { minute % 7 == 0 }

    /// The metrics fixture's run folder with its `timeseries.csv` replaced by 30 days of minutes.
    static func monthFolder() throws -> String {
        let dir = try HTMLReportTests.runFolder()
        var rows: [TimeSeriesRow] = []
        rows.reserveCapacity(minutes * 6)
        for m in 0..<minutes {
            let p99 = m == spikeMinute ? 7.5 : 0.05 + 0.01 * Double(m % 3)
            rows.append(TimeSeriesRow(minute: m, kind: .service, name: "web", metric: .p99, value: p99))
            rows.append(TimeSeriesRow(minute: m, kind: .service, name: "web", metric: .sloBad, value: isBad(m) ? 1 : 0))
            rows.append(TimeSeriesRow(minute: m, kind: .service, name: "batch", metric: .sloBad, value: 0))
            for (i, machine) in ["m0", "m1", "m2"].enumerated() {
                rows.append(
                    TimeSeriesRow(
                        minute: m, kind: .machine, name: machine, metric: .cpuUtilization, value: 0.1 * Double(i + 1)))
            }
        }
        try TimeSeriesRow.csv.data(rows).write(to: URL(fileURLWithPath: dir + "/" + TimeSeriesRow.csv.fileName))
        return dir
    }

    /// The HTML of the `<figure id=…>` in `html`.
    static func figure(_ id: String, in html: String) -> Substring {
        guard let start = html.range(of: "<figure id=\"\(id)\">"),
            let end = html.range(of: "</figure>", range: start.upperBound..<html.endIndex)
        else { return "" }
        return html[start.lowerBound..<end.upperBound]
    }

    static func count(_ needle: String, in text: Substring) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func monthLongChartsAreBoundedAndKeepSpikes() throws {
        let html = try HTMLReport.render(directory: try Self.monthFolder())
        let latency = Self.figure("latency", in: html)
        // p99: one point per bucket (≤ 240), the worst minute of each, so the 7.5 s spike shows.
        #expect(latency.contains("worst bucket 7.5\u{202F}s"), "the one-minute spike is the worst bucket")
        for line in latency.components(separatedBy: "<polyline points=\"").dropFirst() {
            let points = line.prefix { $0 != "\"" }.split(separator: " ").count
            #expect(points <= 240, "\(points) p99 points in one line")
        }
        // SLO-bad ticks: 43,200 minutes, every 7th bad → 30-minute buckets (1,440 of them), each with
        // a bad minute; capped at 2,000 per chart, and the caption says how they were grouped.
        let ticks = Self.count("height=\"6\" fill=\"\(Palette.alarm)\"", in: latency)
        #expect(ticks == 1_440, "one tick per 30-minute bucket with a bad minute (web only)")
        #expect(latency.contains("one per 30-minute bucket with at least one SLO-bad minute"))
        // The heat map: ≤ 96 columns per machine (12-hour buckets: 60 of them), three machines.
        let heatmap = Self.figure("utilisation-heatmap", in: html)
        #expect(Self.count("<title>m0 · ", in: heatmap) == 60)
        #expect(heatmap.contains("720-minute buckets"))
        // Time labels: at most ~12 per axis (every 3 days over 30 days), not one per day.
        let labels = Self.count("class=\"small dim\">d", in: heatmap)
        #expect(labels >= 5 && labels <= 13, "\(labels) day labels")
        #expect(html.utf8.count < 2_000_000, "\(html.utf8.count) bytes")
    }

    /// Short runs keep one tick per SLO-bad minute (the shipped scenarios' reports are goldens).
    @Test func shortRunsKeepOneTickPerBadMinute() throws {
        let dir = try HTMLReportTests.runFolder()
        let rows = try TimeSeriesRow.csv.rows(
            fromText: String(contentsOfFile: dir + "/" + TimeSeriesRow.csv.fileName, encoding: .utf8), file: "t")
        let bad = rows.filter { $0.metric == .sloBad && $0.value != 0 }.count
        let latency = Self.figure("latency", in: try HTMLReport.render(directory: dir))
        #expect(bad > 0, "the fixture has SLO-bad minutes")
        #expect(Self.count("height=\"6\" fill=\"\(Palette.alarm)\"", in: latency) == bad)
        #expect(!latency.contains("bucket with at least one SLO-bad minute"))
    }
}
