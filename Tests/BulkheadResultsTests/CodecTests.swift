import BulkheadResults
import Foundation
import Testing

/// The CSV and JSON codecs: the one number format, the quoting rule, the reader's errors, the
/// registry of column names.
@Suite("Codecs and the column registry")
struct CodecTests {
    /// The time series' direct line encoder writes the schema's bytes: every metric, kinds,
    /// names that need quoting, the number forms.
    @Test func timeSeriesLinesAreTheSchemasBytes() {
        var rows: [TimeSeriesRow] = []
        for (k, metric) in TimeSeriesRow.Metric.allCases.enumerated() {
            for (j, value) in [0, 1, 100, 1e-05, 0.1 + 0.2, 12345.678, 3.0e9, -2].enumerated() {
                let name = ["web", "a,b", "say \"hi\"", "m-1"][(k + j) % 4]
                rows.append(
                    TimeSeriesRow(minute: k * 100 + j, kind: j % 2 == 0 ? .service : .machine, name: name, metric: metric, value: value))
            }
        }
        for row in rows {
            var bytes: [UInt8] = []
            row.appendCSVLine(to: &bytes)
            #expect(bytes == Array(TimeSeriesRow.csv.line(of: row).utf8), "\(row)")
        }
    }

    /// `timeseries.csv`'s body formatted straight from a spilled minute store, in chunks of
    /// minutes on two threads, is the bytes of its rows' lines: names that need quoting, counts
    /// and fractions, minutes without successes (no p50/p99), an unsampled machine, autoscaled
    /// minutes, chunks of one, two and all minutes.
    @Test func timeSeriesChunksAreTheRowsLines() throws {
        var r = RunFixture.run()
        let services = ["web, \"front\"", "db"]
        let store = MinuteSeriesStore(services: services, machines: ["m-1", "m \"2\""], memoryLimit: 256)
        for minute in 0..<7 {
            let x = Double(minute)
            store.append(
                minute: minute,
                services: [
                    .init(requests: 100 * minute, failures: minute % 3, rate: x / 3, p50: x * 0.01 + 1e-05, p99: x * 0.3, sloBad: minute % 2 == 1),
                    .init(requests: 0, failures: 0, rate: 0, p50: nil, p99: nil, sloBad: false),
                ],
                machines: [(cpu: 0.1 + 0.2 * x, memory: 1e-05 * x), minute == 3 ? nil : (cpu: 3.0e9, memory: 0.25)])
        }
        r.timeSeries = TimeSeries(store: store)
        r.autoscaling[0].minutes = [.init(minute: 1, serving: 2, desired: 3), .init(minute: 5, serving: 12_345, desired: 0)]
        var expected: [UInt8] = []
        r.forEachTimeSeriesRow { $0.appendCSVLine(to: &expected) }
        #expect(String(decoding: expected, as: UTF8.self).contains("replicas_desired"))
        for perChunk in [1, 2, 100] {
            var got: [UInt8] = []
            try r.forEachTimeSeriesCSVChunk(minutesPerChunk: perChunk) { got += $0 }
            #expect(got == expected, "\(perChunk) minutes per chunk")
        }
    }

    @Test func cellsUseOneNumberFormatAndQuoteOnlyWhenNeeded() {
        #expect(CSVCell.double(100).rendered == "100.0")
        #expect(CSVCell.double(1e-05).rendered == "1e-05")
        #expect(CSVCell.double(0.1 + 0.2).rendered == "0.30000000000000004")
        #expect(CSVCell.int(-3).rendered == "-3")
        #expect(CSVCell.fixed(1.23456, digits: 4).rendered == "1.2346")
        #expect(CSVCell.optional(Double?.none).rendered == "")
        #expect(CSVCell.text("plain").rendered == "plain")
        #expect(CSVCell.text("a,b").rendered == "\"a,b\"")
        #expect(CSVCell.text("say \"hi\"").rendered == "\"say \"\"hi\"\"\"")
        #expect(CSVCell.text("two\nlines").rendered == "\"two\nlines\"")
        #expect(CSVCell.list(["a", "b"]).rendered == "a;b")
    }

    /// Errors name the file and the line, or the row and the column.
    @Test(arguments: [
        ("", "the file is empty"),
        ("container,service\n", "missing column \"tenant\" (header: container,service)"),
        (
            "container,service,tenant,replica,machine,rack\n0,a,t,x,m,r\n",
            "row 1, column \"replica\": \"x\" is not a whole number"
        ),
        ("container,service,tenant,replica,machine,rack\n0,a,t,,m,r\n", "row 1, column \"replica\": empty"),
        ("container,service,tenant,replica,machine,rack\n0,a,t,0,m\n", "row 1 has 5 cells, the header has 6"),
        ("container,service,tenant,replica,machine,rack\n0,\"a,t,0,m,r\n", "line 2: unterminated quoted cell"),
        ("container,service,tenant,replica,machine,rack\n0,a\"b,t,0,m,r\n", "line 2: a quote inside an unquoted cell"),
    ])
    func readerErrorsNameTheRowAndColumn(text: String, message: String) {
        #expect(throws: ResultFileError(file: "p.csv", message: message)) {
            _ = try ContainerResult.csv.rows(fromText: text, file: "p.csv")
        }
    }

    @Test func readerAcceptsCRLFAndColumnsInAnyOrder() throws {
        let text = "rack,machine,replica,tenant,service,container,extra\r\nr,m,1,t,\"s,1\",7,x\r\n"
        let rows = try ContainerResult.csv.rows(fromText: text, file: "placement.csv")
        #expect(rows == [ContainerResult(container: 7, service: "s,1", tenant: "t", replica: 1, machine: "m", rack: "r")])
    }

    @Test func timeSeriesRowsRejectUnknownNamesAndNegativeMinutes() {
        #expect(throws: ResultFileError(file: "t", message: "row 1, column \"metric\": \"p42\" is not a known value")) {
            _ = try TimeSeriesRow.csv.rows(fromText: "minute,kind,name,metric,value\n1,service,a,p42,1\n", file: "t")
        }
        #expect(throws: ResultFileError(file: "t", message: "row 1, column \"minute\": minute -1 is negative")) {
            _ = try TimeSeriesRow.csv.rows(fromText: "minute,kind,name,metric,value\n-1,service,a,p99,1\n", file: "t")
        }
    }

    /// The streaming reader (the report reads `timeseries.csv` this way: a month's file is ~250 MB)
    /// gives the rows and errors of the whole-text reader whatever the chunk size, including
    /// chunks that end inside a quoted cell holding a newline or a `""`, or inside a UTF-8 character.
    @Test(arguments: [1, 2, 3, 7, 64, 1 << 22])
    func streamingReaderMatchesTheWholeTextReader(chunkBytes: Int) throws {
        let rows = (0..<40).map { i in
            ContainerResult(
                container: i, service: ["web", "say \"hi\"", "two\nlines", "a,b", "Tōkyō"][i % 5], tenant: "t\(i % 3)",
                replica: i / 5, machine: "m\(i % 4)", rack: "r\(i % 2)")
        }
        let path = NSTemporaryDirectory() + "bulkhead-csv-stream-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ContainerResult.csv.data(rows).write(to: URL(fileURLWithPath: path))
        var streamed: [ContainerResult] = []
        try ContainerResult.csv.forEachRow(ofFile: path, chunkBytes: chunkBytes) { streamed.append($0) }
        #expect(streamed == rows)
        #expect(try ContainerResult.csv.rows(fromText: String(contentsOfFile: path, encoding: .utf8), file: path) == rows)
    }

    @Test(arguments: [1, 5, 1 << 22])
    func streamingReaderErrorsNameTheFileLineRowAndColumn(chunkBytes: Int) throws {
        let header = "container,service,tenant,replica,machine,rack\n"
        let good = "0,a,t,0,m,r\n1,\"b\nc\",t,0,m,r\n"  // rows 1–2, lines 2–4
        let cases = [
            ("", "the file is empty"),
            ("container,service\n", "missing column \"tenant\" (header: container,service)"),
            (header + good + "2,a,t,x,m,r\n", "row 3, column \"replica\": \"x\" is not a whole number"),
            (header + good + "2,a,t,0,m\n", "row 3 has 5 cells, the header has 6"),
            (header + good + "2,\"a,t,0,m,r\n", "line 5: unterminated quoted cell"),
            (header + good + "2,a\"b,t,0,m,r\n", "line 5: a quote inside an unquoted cell"),
        ]
        let path = NSTemporaryDirectory() + "bulkhead-csv-stream-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (text, message) in cases {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: ResultFileError(file: path, message: message)) {
                try ContainerResult.csv.forEachRow(ofFile: path, chunkBytes: chunkBytes) { _ in }
            }
        }
        try Data([0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: path))
        #expect(throws: ResultFileError(file: path, message: "is not UTF-8 text")) {
            try ContainerResult.csv.forEachRow(ofFile: path, chunkBytes: chunkBytes) { _ in }
        }
    }

    /// Column names are defined once: unique within a file, and the failure columns of
    /// `services.csv` are the causes' names (`failed_<cause>`, `-` as `_`).
    @Test func theRegistryNamesEveryColumnOnce() {
        let headers = [
            ServiceResult.csv.header, MachineResult.csv.header, ContainerResult.csv.header, TimeSeriesRow.csv.header,
            IncidentImpact.csv.header, InterferenceCell.csv.header, PlacementRow.csv.header, BlastRadiusRow.csv.header,
            CompareRow.csv.header, PolicyPlan.csv(vary: ["v"]).header, SweepTable.Row.csv(axes: ["a"]).header,
        ]
        for h in headers { #expect(Set(h).count == h.count, "\(h)") }
        let causes = ServiceResult.CSVColumn.allCases.compactMap { c in c.cause.map { (c.rawValue, $0) } }
        #expect(causes.map(\.1) == FailureCounts.Cause.allCases)
        for (column, cause) in causes {
            #expect(column == "failed_" + cause.rawValue.replacingOccurrences(of: "-", with: "_"))
        }
        #expect(Set(TimeSeriesRow.Metric.allCases.map(\.rawValue)).count == TimeSeriesRow.Metric.allCases.count)
    }

    @Test func jsonErrorsNameTheKeyPath() {
        #expect(throws: ResultFileError(file: "summary.json", message: "is not valid JSON")) {
            _ = try RunSummary(jsonData: Data("{\"scenario\": 1".utf8))
        }
        #expect(throws: ResultFileError(file: "x/summary.json", message: "missing key \"seed\"")) {
            _ = try RunSummary(jsonData: Data(#"{"scenario": "x"}"#.utf8), file: "x/summary.json")
        }
    }

    @Test func compactEncoderKeepsDeclarationOrderAndSwiftNumbers() throws {
        struct Doc: Encodable {
            var zeta = 6.0
            var alpha: Double? = nil
            var big = 1e20
            var nan = Double.nan
            var n = 3
            var s = "a\"b\\c\u{1}\n"
            var list = [true, false]
        }
        #expect(
            try CompactJSONEncoder().encode(Doc())
                == #"{"zeta":6.0,"big":1e+20,"nan":null,"n":3,"s":"a\"b\\c\u0001\n","list":[true,false]}"#)
    }

    @Test func nullableWritesNullAndRequiresTheKey() throws {
        struct Doc: Codable, Equatable {
            @Nullable var x: Int?
            var y: Int?
        }
        let data = try JSONEncoder().encode(Doc(x: nil, y: nil))
        #expect(String(decoding: data, as: UTF8.self) == #"{"x":null}"#)
        #expect(try JSONDecoder().decode(Doc.self, from: Data(#"{"x":4}"#.utf8)) == Doc(x: 4, y: nil))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Doc.self, from: Data("{}".utf8)) }
    }
}
