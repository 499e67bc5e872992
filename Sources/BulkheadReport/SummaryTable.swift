import BulkheadResults
import Foundation

/// A plain-text summary of a run for the terminal: a services table, a machines table and a
/// totals line. Columns are padded by hand (text left-aligned, numbers right-aligned).
public enum SummaryTable {
    public static func render(_ r: RunResult) -> String {
        var out =
            "\(r.scenario)  policy=\(r.policy)  seed=\(r.seed)  measured \(r.minutesMeasured) min"
            + " after \(fixed(r.warmupSeconds, 0)) s warm-up\n\n"

        var services = Table(
            header: [
                "service", "tenant", "requests", "failed %", "p50 ms", "p99 ms",
                "p99.9 ms", "SLO-bad min",
            ],
            rightAligned: [false, false, true, true, true, true, true, true])
        for s in r.services {
            services.add([
                s.name, s.tenant, String(s.requests), percent(s.failed, s.requests),
                ms(s.latency?.p50), ms(s.latency?.p99), ms(s.latency?.p999), String(s.sloBadMinutes),
            ])
        }
        out += services.render() + "\n"

        // CFS bandwidth (`isolation.cpu: quota`): each limited service's cpu.stat over the run.
        let throttled = r.services.filter { $0.cpuThrottling != nil }
        if !throttled.isEmpty {
            // Latency attribution: the mean delay a job waited on its own container's quota, and
            // that delay as a share of the service's mean latency (successes after warm-up).
            var table = Table(
                header: [
                    "service", "CPU periods", "throttled", "throttled %", "throttled s", "delay/job ms", "of mean latency",
                ],
                rightAligned: [false, true, true, true, true, true, true])
            for s in throttled {
                let t = s.cpuThrottling!
                let share = s.latency.map { $0.mean > 0 ? fixed(t.meanThrottledDelay / $0.mean * 100, 1) + " %" : "-" } ?? "-"
                table.add([
                    s.name, String(t.periods), String(t.throttledPeriods), fixed(t.throttledRatio * 100, 1),
                    fixed(t.throttledSeconds, 1), fixed(t.meanThrottledDelay * 1000, 2), share,
                ])
            }
            out += "CPU throttling (CFS quota per period, whole run; delay/job = time a job waited throttled):\n"
            out += table.render() + "\n"
        }

        if !r.workflows.isEmpty { out += WorkflowTable.render(r.workflows) + "\n" }
        // Releases with a restart cost or a blue-green stage (Releases/Simulation+Deploys.swift).
        if !r.deploys.isEmpty {
            var table = Table(
                header: [
                    "service", "strategy", "outcome", "start s", "duration s", "failed", "extra machine-h", "replica-h out",
                ],
                rightAligned: [false, false, false, true, true, true, true, true])
            for d in r.deploys {
                table.add([
                    d.service, d.strategy, d.outcome, fixed(d.startSeconds, 0), d.durationSeconds.map { fixed($0, 1) } ?? "-",
                    String(d.failedRequests), fixed(d.extraMachineHours, 4), fixed(d.replicaHoursOut, 4),
                ])
            }
            out += "Deploys (failed: external requests failed while each ran):\n" + table.render() + "\n"
        }

        var machines = Table(
            header: [
                "machine", "containers", "CPU mean %", "CPU peak %", "mem mean %",
                "mem peak %", "OOM kills",
            ],
            rightAligned: [false, true, true, true, true, true, true])
        for m in r.machines {
            machines.add([
                m.name, String(m.containers), fixed(m.cpuUtilization.mean * 100, 1),
                fixed(m.cpuUtilization.peak * 100, 1), fixed(m.memoryUtilization.mean * 100, 1),
                fixed(m.memoryUtilization.peak * 100, 1), String(m.oomKills),
            ])
        }
        out += machines.render() + "\n"

        let sloBad = r.services.reduce(0) { $0 + $1.sloBadMinutes }
        out +=
            "total: \(r.requests.total) external requests, \(r.requests.failed) failed"
            + " (\(percent(r.requests.failed, r.requests.total)) %), \(r.internalRequests.total) internal calls,"
            + " \(sloBad) SLO-bad service-minutes, \(r.kills.total) kills (\(r.kills.innocent) innocent),"
            + " \(r.cluster.machinesUsed)/\(r.cluster.machinesTotal) machines used,"
            + " CPU \(fixed(r.cluster.cpuUtilization.mean * 100, 1)) % mean / "
            + "\(fixed(r.cluster.cpuUtilization.peak * 100, 1)) % peak\n"
        return out
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    static func ms(_ seconds: Double?) -> String { seconds.map { fixed($0 * 1000, 1) } ?? "-" }
    static func percent(_ part: Int, _ whole: Int) -> String {
        whole > 0 ? fixed(Double(part) / Double(whole) * 100, 2) : "-"
    }

    struct Table {
        let header: [String]
        let rightAligned: [Bool]
        var rows: [[String]] = []

        init(header: [String], rightAligned: [Bool]) {
            self.header = header
            self.rightAligned = rightAligned
        }

        mutating func add(_ row: [String]) { rows.append(row) }

        func render() -> String {
            var widths = header.map(\.count)
            for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { i, cell in
                    let pad = String(repeating: " ", count: widths[i] - cell.count)
                    return rightAligned[i] ? pad + cell : cell + pad
                }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
                    + "\n"
            }
            var out = line(header)
            out += line(widths.map { String(repeating: "-", count: $0) })
            for row in rows { out += line(row) }
            return out
        }
    }
}
