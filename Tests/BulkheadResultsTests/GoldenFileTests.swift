import BulkheadResults
import Foundation
import Testing

/// Every committed golden output file (`Tests/Golden/outputs`, written by the real CLI) decodes
/// into its BulkheadResults type and encodes back to the identical bytes: the types the report,
/// `merge`, `check` and `plan` read are exactly the files the writers produce.
@Suite("Golden files through their types")
struct GoldenFileTests {
    static let outputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden/outputs")

    /// Every file under the golden outputs named `name`, as paths relative to `outputs`.
    static func files(named name: String) -> [String] {
        let e = FileManager.default.enumerator(atPath: outputs.path)
        var out: [String] = []
        while let p = e?.nextObject() as? String {
            if (p as NSString).lastPathComponent == name { out.append(p) }
        }
        return out.sorted()
    }

    static func data(_ relative: String) throws -> Data {
        try Data(contentsOf: outputs.appendingPathComponent(relative))
    }

    static func text(_ relative: String) throws -> String { String(decoding: try data(relative), as: UTF8.self) }

    /// Decodes every file named `T.fileName`, re-encodes it, and compares bytes and values.
    func roundTrip<T: JSONDocument & Equatable>(_: T.Type) throws -> Int {
        let names = Self.files(named: T.fileName)
        for name in names {
            let original = try Self.data(name)
            let value = try T(jsonData: original, file: name)
            let again = try value.jsonData()
            #expect(again == original, "\(name) re-encodes differently")
            #expect(try T(jsonData: again) == value, "\(name)")
        }
        return names.count
    }

    /// Decodes every file named after `schema` (that `accept`s its header), re-encodes it and
    /// compares the text.
    func roundTrip<Row: Equatable>(_ schema: CSVSchema<Row>, accept: (String) -> Bool = { _ in true }) throws -> Int {
        var n = 0
        for name in Self.files(named: schema.fileName) {
            let original = try Self.text(name)
            guard accept(String(original.prefix { $0 != "\n" })) else { continue }
            let rows = try schema.rows(fromText: original, file: name)
            #expect(schema.text(rows) == original, "\(name) re-encodes differently")
            n += 1
        }
        return n
    }

    @Test func summariesRunInfoAndExperimentDocuments() throws {
        #expect(try roundTrip(RunSummary.self) >= 20)
        #expect(try roundTrip(ComparisonDocument.self) == 1)
        #expect(try roundTrip(CapacityPlan.self) == 1)
        #expect(try roundTrip(SweepManifest.self) == 1)
        #expect(try roundTrip(SweepCell.self) == 12)
        #expect(try roundTrip(SweepCellMarker.self) == 12)
    }

    @Test func runCSVFiles() throws {
        #expect(try roundTrip(ServiceResult.csv) >= 20)
        #expect(try roundTrip(MachineResult.csv) >= 20)
        #expect(try roundTrip(TimeSeriesRow.csv) >= 20)
        #expect(try roundTrip(IncidentImpact.csv) >= 10)
        #expect(try roundTrip(InterferenceCell.csv) >= 5)
        let runHeader = ContainerResult.csv.header.joined(separator: ",")
        #expect(try roundTrip(ContainerResult.csv) { $0 == runHeader } >= 20)
    }

    @Test func placeAndExperimentCSVFiles() throws {
        let placeHeader = PlacementRow.csv.header.joined(separator: ",")
        #expect(try roundTrip(PlacementRow.csv) { $0 == placeHeader } == 2)
        #expect(try roundTrip(BlastRadiusRow.csv) == 2)
        #expect(try roundTrip(CompareRow.csv) == 1)
        let plan = try CapacityPlan(jsonData: try Self.data("plan/plan.json"))
        #expect(
            PolicyPlan.csv(vary: plan.vary).text(plan.policies) == (try Self.text("plan/plan.csv")),
            "plan.csv is the view of plan.json")
        let manifest = try SweepManifest(jsonData: try Self.data("sweep/sweep.json"))
        #expect(try roundTrip(SweepTable.Row.csv(axes: manifest.axes)) == 1)
    }

    /// `bulkhead place --json` prints one line: decoded with `JSONDecoder`, re-encoded with the
    /// compact encoder, it is the same line.
    @Test func placeJSONLine() throws {
        let line = try Self.text("gilt-japan-place-json/stdout.txt").split(separator: "\n").first.map(String.init) ?? ""
        let document = try JSONDecoder().decode(PlacementDocument.self, from: Data(line.utf8))
        #expect(document.policies.map(\.policy) == ["best-fit-decreasing"])
        #expect(try CompactJSONEncoder().encode(document) == line)
    }

    /// A run's summary decodes into the type the report and `check` read, with the run's numbers.
    @Test func aRunSummaryDecodesWithItsNumbers() throws {
        let s = try RunSummary(jsonData: try Self.data("rack-outage/summary.json"))
        let services = try ServiceResult.csv.rows(fromText: try Self.text("rack-outage/services.csv"), file: "services.csv")
        #expect(s.services.entries.map(\.name) == services.map(\.name).sorted())
        for row in services { #expect(s.services[row.name] == row, "\(row.name): summary and services.csv agree") }
        let incidents = try IncidentImpact.csv.rows(fromText: try Self.text("rack-outage/incidents.csv"), file: "incidents.csv")
        #expect(s.incidents.total == incidents.count)
    }
}
