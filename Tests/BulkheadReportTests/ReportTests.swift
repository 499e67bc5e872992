import BulkheadReport
import BulkheadResults
import BulkheadTestSupport
import Foundation
import Testing

@Suite struct ReportTests {
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "bulkhead-report-tests-" + UUID().uuidString
        return path
    }

    static let runInfo = RunInfo(
        toolVersion: "0.0.0-test", gitCommit: "abc123", wallSeconds: 2, eventsProcessed: 1234,
        requests: 1000)

    @Test func summaryJSONHasTheNormativeKeys() throws {
        let r = Fixture.sampleRun()
        let data = try RunSummary(r).jsonData()
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["scenario"] as? String == "fixture")
        #expect((root["seed"] as? NSNumber)?.intValue == 7)
        #expect(root["policy"] as? String == "spread")
        let requests = try #require(root["requests"] as? [String: Any])
        #expect((requests["total"] as? NSNumber)?.intValue == r.requests.total)
        for key in ["total", "succeeded", "failed"] { #expect(requests[key] != nil, "requests.\(key)") }
        let services = try #require(root["services"] as? [String: Any])
        #expect(Set(services.keys) == ["web", "db", "batch"])
        for name in ["web", "db", "batch"] {
            let s = try #require(services[name] as? [String: Any])
            for key in ["requests", "failed", "latency", "sloBadMinutes", "errorBudgetUsed", "failuresByCause"] {
                #expect(s[key] != nil, "services.\(name).\(key)")
            }
            let latency = try #require(s["latency"] as? [String: Any])
            for key in ["mean", "p50", "p90", "p99", "p999", "max"] {
                #expect(latency[key] is NSNumber, "services.\(name).latency.\(key)")
            }
        }
        let web = try #require(services["web"] as? [String: Any])
        let webLatency = try #require(web["latency"] as? [String: Any])
        #expect(abs((webLatency["max"] as! NSNumber).doubleValue - 0.069) < 1e-4)  // seconds
        #expect(web["errorBudgetUsed"] is NSNumber)
        let db = try #require(services["db"] as? [String: Any])
        #expect(db["errorBudgetUsed"] is NSNull)  // no availability target: present, null
        let machines = try #require(root["machines"] as? [String: Any])
        #expect((machines["used"] as? NSNumber)?.intValue == 2)
        for kind in ["cpuUtilization", "memoryUtilization"] {
            let u = try #require(machines[kind] as? [String: Any])
            #expect(u["mean"] is NSNumber && u["peak"] is NSNumber, "machines.\(kind)")
        }
        let causes = try #require(root["failuresByCause"] as? [String: Any])
        #expect((causes["timeout"] as? NSNumber)?.intValue == 15)
        #expect((causes["dead-replica"] as? NSNumber)?.intValue == 3)
        let tenants = try #require(root["tenants"] as? [String: Any])
        #expect(Set(tenants.keys) == ["shop", "analytics"])
        let kills = try #require(root["kills"] as? [String: Any])
        #expect((kills["byContainer"] as? [String: Any])?["batch-0"] as? NSNumber == 1)
        // Wall-clock facts stay out of the summary.
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("wall"))
    }

    @Test func writesAllFilesAndIdenticalResultsGiveIdenticalBytes() throws {
        let a = Self.temporaryDirectory()
        let b = Self.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: a)
            try? FileManager.default.removeItem(atPath: b)
        }
        try ResultWriter.write(Fixture.sampleRun(), to: a + "/nested", runInfo: Self.runInfo)
        try ResultWriter.write(Fixture.sampleRun(), to: b + "/nested", runInfo: Self.runInfo)
        let files = try FileManager.default.contentsOfDirectory(atPath: a + "/nested").sorted()
        #expect(files == ResultWriter.fileNames.sorted())
        for name in ResultWriter.fileNames {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/nested/" + name))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/nested/" + name))
            #expect(!x.isEmpty, "\(name) empty")
            #expect(x == y, "\(name) differs between identical runs")
        }
    }

    @Test func csvFilesHaveTheDocumentedShape() throws {
        let r = Fixture.sampleRun()
        let placement = ContainerResult.csv.text(r.containers).split(separator: "\n")
        #expect(placement.first == "container,service,tenant,replica,machine,rack")
        #expect(placement[1] == "0,web,shop,0,m0,r0")
        #expect(placement.count == 5)
        let services = ServiceResult.csv.text(r.services).split(separator: "\n")
        #expect(services.count == 4)
        let header = services[0].split(separator: ",", omittingEmptySubsequences: false)
        let dbRow = services[2].split(separator: ",", omittingEmptySubsequences: false)
        #expect(header.count == dbRow.count)
        #expect(dbRow[0] == "db")
        #expect(dbRow[header.firstIndex(of: "slo_availability")!] == "")  // nil → empty cell
        let machines = MachineResult.csv.text(r.machines).split(separator: "\n")
        #expect(machines.count == 4)
        let series = TimeSeriesRow.csv.text(r.timeSeriesRows).split(separator: "\n")
        #expect(series[0] == "minute,kind,name,metric,value")
        #expect(series[1] == "1,service,web,requests,51")
        #expect(series.contains("1,machine,m0,cpu_utilization,0.375"))
        #expect(!series.contains { $0.hasPrefix("0,") })  // warm-up minute excluded
        let minutes = series.dropFirst().map { Int($0.split(separator: ",")[0])! }
        #expect(minutes == minutes.sorted())
    }

    @Test func runInfoHoldsWallClockFacts() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ResultWriter.write(Fixture.sampleRun(), to: dir, runInfo: Self.runInfo)
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/run-info.json"))
        let info = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(info["toolVersion"] as? String == "0.0.0-test")
        #expect(info["gitCommit"] as? String == "abc123")
        #expect((info["requestsPerWallSecond"] as? NSNumber)?.doubleValue == 500)
        #expect((info["eventsProcessed"] as? NSNumber)?.intValue == 1234)
    }

    @Test func atomicWriteReplacesContentAndLeavesNoTemporaryFiles() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/sub/file.txt"
        try AtomicFile.write(Data("first".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        try AtomicFile.write(Data("second, longer".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second, longer")
        try AtomicFile.write(Data(), to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/sub") == ["file.txt"])
    }

    @Test func failedAtomicWriteKeepsExistingFile() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/file.txt"
        try AtomicFile.write(Data("keep".utf8), to: path)
        // A directory in the way of the destination makes the final rename fail.
        try FileManager.default.createDirectory(atPath: dir + "/blocked", withIntermediateDirectories: false)
        try AtomicFile.write(Data("x".utf8), to: dir + "/blocked/inner")
        #expect(throws: (any Error).self) { try AtomicFile.write(Data("new".utf8), to: dir + "/blocked") }
        // A file in the way of the directory makes staging fail.
        #expect(throws: (any Error).self) { try AtomicFile.write(Data("new".utf8), to: path + "/child") }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["blocked", "file.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/blocked") == ["inner"])
    }

    @Test func failedResultWriteLeavesNoTemporaryFiles() throws {
        let root = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/run"
        try ResultWriter.write(Fixture.sampleRun(), to: dir, runInfo: Self.runInfo)
        let old = try Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))
        // A later file fails while the new folder is written (a full disk, say).
        var other = Fixture.sampleRun()
        other.seed = 99
        struct Full: Error {}
        let files = try ResultWriter.files(other, runInfo: Self.runInfo) + [OutputFile("extra.csv", stream: { _ in throw Full() })]
        #expect(throws: Full.self) { try AtomicFolder.replace(dir, with: files, owned: ResultWriter.ownedFileNames) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["run"], "staging folder left")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!names.contains { $0.hasPrefix(".") }, "temporary files left: \(names)")
        // The old outputs, untouched.
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json")) == old)
    }

    @Test func summaryTableRendersServicesMachinesAndTotals() {
        let text = SummaryTable.render(Fixture.sampleRun())
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("service") && $0.contains("p99.9 ms") && $0.contains("SLO-bad min") })
        #expect(lines.contains { $0.hasPrefix("web ") && $0.contains("shop") })
        #expect(lines.contains { $0.hasPrefix("machine") && $0.contains("CPU mean %") && $0.contains("OOM kills") })
        #expect(lines.contains { $0.hasPrefix("m0 ") })
        #expect(lines.contains { $0.hasPrefix("total:") })
        // Columns line up: every row of the services table has the same width as its rule.
        let rule = lines.first { $0.hasPrefix("-------") }!
        #expect(lines.contains { $0.hasPrefix("batch") && $0.count == rule.count })
    }
}
