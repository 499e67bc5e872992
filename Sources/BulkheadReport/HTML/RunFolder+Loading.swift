import Foundation

extension RunFolder {
    /// The input files of a run folder; the optional ones are drawn when present.
    static let requiredFiles = ["summary.json", "services.csv", "machines.csv", "placement.csv", "timeseries.csv"]
    static let interferenceFile = "interference.csv"

    /// Reads every input of the run folder at `directory`.
    /// - Throws: ``ReportError`` naming the first missing or malformed file.
    /// - Complexity: O(size of the input files).
    init(directory: String) throws(ReportError) {
        let summary = try ReportFiles.decode(SummaryJSON.self, directory, "summary.json")
        headline = Headline(
            scenario: summary.scenario, seed: summary.seed, policy: summary.policy,
            warmupSeconds: summary.warmupSeconds, durationSeconds: summary.durationSeconds,
            minutesMeasured: summary.minutesMeasured, requests: summary.requests.total,
            failed: summary.requests.failed, machinesTotal: summary.machines.total,
            machinesUsed: summary.machines.used, cpuMean: summary.machines.cpuUtilization.mean,
            cpuPeak: summary.machines.cpuUtilization.peak, kills: summary.kills.total,
            innocentKills: summary.kills.innocent)
        services = try Self.services(try ReportFiles.table(directory, "services.csv"))
        machines = try Self.machines(try ReportFiles.table(directory, "machines.csv"))
        containers = try Self.containers(try ReportFiles.table(directory, "placement.csv"))
        series = try Self.series(try ReportFiles.table(directory, "timeseries.csv"))
        incidents = try ReportFiles.optionalTable(directory, IncidentReport.fileName).map(Self.incidents)
        // `bulkhead run` writes incidents.csv only for runs with incidents, so one whose rows
        // disagree with summary.json is left over from an earlier run into the same folder.
        if let incidents, incidents.count != summary.incidents.total {
            throw ReportError(
                file: ReportFiles.path(directory, IncidentReport.fileName),
                message: "has \(incidents.count) incidents but summary.json counts \(summary.incidents.total): "
                    + "it is left over from an earlier run into this folder; delete it or run again into a new folder")
        }
        interference = try ReportFiles.optionalTable(directory, Self.interferenceFile).map(Self.interference)
    }

    /// The part of `summary.json` the headline shows.
    struct SummaryJSON: Decodable {
        struct Totals: Decodable {
            var total: Int
            var failed: Int
        }
        struct Utilization: Decodable {
            var mean: Double
            var peak: Double
        }
        struct Machines: Decodable {
            var total: Int
            var used: Int
            var cpuUtilization: Utilization
        }
        struct Kills: Decodable {
            var total: Int
            var innocent: Int
        }
        struct Incidents: Decodable { var total: Int }
        var scenario: String
        var seed: UInt64
        var policy: String
        var warmupSeconds: Double
        var durationSeconds: Double
        var minutesMeasured: Int
        var requests: Totals
        var machines: Machines
        var kills: Kills
        var incidents: Incidents
    }

    static func services(_ t: CSVTable) throws(ReportError) -> [Service] {
        let c = try t.columns([
            "service", "tenant", "replicas", "requests", "failed", "latency_p99_s",
            "slo_latency_p99_s", "slo_bad_minutes",
        ])
        var out: [Service] = []
        for i in t.rows.indices {
            let r = t.rows[i]
            out.append(
                Service(
                    name: r[c[0]], tenant: r[c[1]], replicas: Int(try t.number(i, c[2])),
                    requests: Int(try t.number(i, c[3])), failed: Int(try t.number(i, c[4])),
                    p99: try t.double(i, c[5]), sloP99: try t.double(i, c[6]),
                    sloBadMinutes: Int(try t.number(i, c[7]))))
        }
        return out
    }

    static func machines(_ t: CSVTable) throws(ReportError) -> [Machine] {
        let c = try t.columns(["machine", "rack", "type", "cpu", "cpu_mean", "cpu_peak", "oom_kills"])
        var out: [Machine] = []
        for i in t.rows.indices {
            let r = t.rows[i]
            out.append(
                Machine(
                    name: r[c[0]], rack: r[c[1]], type: r[c[2]], cpu: try t.number(i, c[3]),
                    cpuMean: try t.number(i, c[4]), cpuPeak: try t.number(i, c[5]), oomKills: Int(try t.number(i, c[6]))))
        }
        return out
    }

    static func containers(_ t: CSVTable) throws(ReportError) -> [Container] {
        let c = try t.columns(["service", "tenant", "replica", "machine"])
        var out: [Container] = []
        for i in t.rows.indices {
            let r = t.rows[i]
            out.append(Container(service: r[c[0]], tenant: r[c[1]], replica: Int(try t.number(i, c[2])), machine: r[c[3]]))
        }
        return out
    }

    /// Reads the tidy `minute,kind,name,metric,value` rows into per-entity arrays.
    /// - Complexity: O(rows).
    static func series(_ t: CSVTable) throws(ReportError) -> Series {
        let c = try t.columns(["minute", "kind", "name", "metric", "value"])
        var minuteSet: Set<Int> = []
        for i in t.rows.indices {
            let m = try t.number(i, c[0])
            guard m >= 0, m == m.rounded() else {
                throw ReportError(file: t.file, message: "row \(i + 1): minute \"\(t.rows[i][c[0]])\" is not a whole number ≥ 0")
            }
            minuteSet.insert(Int(m))
        }
        var s = Series()
        s.minutes = minuteSet.sorted()
        var index: [Int: Int] = [:]
        for (k, m) in s.minutes.enumerated() { index[m] = k }
        let n = s.minutes.count
        for i in t.rows.indices {
            let r = t.rows[i]
            let k = index[Int(try t.number(i, c[0]))]!
            let value = try t.number(i, c[4])
            switch (r[c[1]], r[c[3]]) {
            case ("machine", "cpu_utilization"):
                s.cpu[r[c[2]], default: Array(repeating: nil, count: n)][k] = value
            case ("service", "p99"):
                s.p99[r[c[2]], default: Array(repeating: nil, count: n)][k] = value
            case ("service", "slo_bad"):
                s.sloBad[r[c[2]], default: Array(repeating: false, count: n)][k] = value != 0
            default:
                continue
            }
        }
        return s
    }

    static func incidents(_ t: CSVTable) throws(ReportError) -> [Incident] {
        let c = try t.columns([
            "id", "kind", "target", "start_s", "end_s", "services_affected", "tenants_affected",
            "services_down", "extra_failed", "extra_slo_bad_minutes", "worst_p99_ratio",
            "recovery_minutes",
        ])
        func list(_ s: String) -> [String] { s.split(separator: ";").map(String.init) }
        var out: [Incident] = []
        for i in t.rows.indices {
            let r = t.rows[i]
            var down: [(service: String, minutes: Int)] = []
            for entry in list(r[c[7]]) {
                guard let colon = entry.lastIndex(of: ":"), let minutes = Int(entry[entry.index(after: colon)...]) else {
                    throw ReportError(
                        file: t.file, message: "row \(i + 1), column \"services_down\": \"\(entry)\" is not name:minutes")
                }
                down.append((String(entry[..<colon]), minutes))
            }
            out.append(
                Incident(
                    id: Int(try t.number(i, c[0])), kind: r[c[1]], target: r[c[2]], start: try t.number(i, c[3]),
                    end: try t.double(i, c[4]), servicesAffected: list(r[c[5]]), tenantsAffected: list(r[c[6]]),
                    servicesDown: down, extraFailed: Int(try t.number(i, c[8])),
                    extraSLOBadMinutes: Int(try t.number(i, c[9])), worstP99Ratio: try t.double(i, c[10]),
                    recoveryMinutes: try t.double(i, c[11]).map { Int($0) }))
        }
        return out
    }

    static func interference(_ t: CSVTable) throws(ReportError) -> [Interference] {
        let c = try t.columns(["hogTenant", "victimTenant", "extraSloBadMinutes", "extraFailedRequests", "maxP99Inflation"])
        var out: [Interference] = []
        for i in t.rows.indices {
            let r = t.rows[i]
            out.append(
                Interference(
                    hog: r[c[0]], victim: r[c[1]], extraSLOBadMinutes: try t.number(i, c[2]),
                    extraFailed: try t.number(i, c[3]), maxP99Inflation: try t.double(i, c[4])))
        }
        return out
    }
}

/// Reading input files with errors that name them.
enum ReportFiles {
    static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func exists(_ directory: String, _ name: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path(directory, name), isDirectory: &isDirectory)
            && !isDirectory.boolValue
    }

    /// The file's text; throws if it is missing, unreadable or not UTF-8.
    static func text(_ directory: String, _ name: String) throws(ReportError) -> String {
        let p = path(directory, name)
        guard exists(directory, name) else { throw ReportError(file: p, message: "missing (expected in a results folder)") }
        guard let data = FileManager.default.contents(atPath: p) else { throw ReportError(file: p, message: "cannot be read") }
        guard let s = String(data: data, encoding: .utf8) else { throw ReportError(file: p, message: "is not UTF-8 text") }
        return s
    }

    static func table(_ directory: String, _ name: String) throws(ReportError) -> CSVTable {
        try CSVTable(file: path(directory, name), text: try text(directory, name))
    }

    static func optionalTable(_ directory: String, _ name: String) throws(ReportError) -> CSVTable? {
        exists(directory, name) ? try table(directory, name) : nil
    }

    static func decode<T: Decodable>(_ type: T.Type, _ directory: String, _ name: String) throws(ReportError) -> T {
        let text = try text(directory, name)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReportError(file: path(directory, name), message: "missing key \"\(keyPath(context.codingPath + [key]))\"")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ReportError(file: path(directory, name), message: "unexpected value at \"\(keyPath(context.codingPath))\"")
        } catch {
            throw ReportError(file: path(directory, name), message: "is not valid JSON")
        }
    }

    private static func keyPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
