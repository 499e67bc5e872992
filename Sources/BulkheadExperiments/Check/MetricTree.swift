import BulkheadResults
import BulkheadScenario
import Foundation

/// A run's summary as a tree of its JSON encoding, so guarantees, plans and `merge` can address
/// any metric of ``RunSummary`` by path without a Swift property per metric: whatever
/// `summary.json` holds can be guaranteed. Built from the summary type itself, not from a schema
/// of its own.
public indirect enum MetricTree: Sendable, Equatable {
    case number(Double)
    case string(String)
    case null
    case object([String: MetricTree])
    case array([MetricTree])

    /// The tree of `summary`: exactly the numbers, texts and `null`s its `summary.json` holds.
    /// - Complexity: O(size of the summary).
    public init(_ summary: RunSummary) throws {
        try self.init(json: try summary.jsonData())
    }

    /// Parses JSON bytes (a stored baseline, which may predate sections of today's summary).
    package init(json: Data) throws {
        self.init(any: try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]))
    }

    init(any value: Any) {
        switch value {
        case let d as [String: Any]: self = .object(d.mapValues(MetricTree.init(any:)))
        case let a as [Any]: self = .array(a.map(MetricTree.init(any:)))
        case let s as String: self = .string(s)
        case let n as NSNumber: self = .number(n.doubleValue)
        default: self = .null
        }
    }

    /// One number a path resolved to, with the concrete path (wildcards replaced by keys).
    public struct Metric: Sendable, Equatable {
        public var path: String
        public var value: Double
    }

    /// What a path resolved to: the numbers, the concrete paths that were `null` (a metric with
    /// no value in this run, e.g. the latency of a service without successful requests), and
    /// problems (no such key, not a number) with a "did you mean" where one is plausible.
    public struct Resolution: Sendable, Equatable {
        public var metrics: [Metric] = []
        public var nulls: [String] = []
        public var problems: [String] = []
    }

    /// Resolves `path`: `*` expands to every key of an object (sorted, so the order is
    /// deterministic). Under a wildcard, keys missing in some objects and `null` values are
    /// skipped; a concrete path must exist.
    ///
    /// - Complexity: O(size of the subtree the path covers).
    public func resolve(_ path: MetricPath) -> Resolution {
        var r = Resolution()
        var missing: [(prefix: [String], key: String, available: [String])] = []
        func walk(_ node: MetricTree, _ i: Int, _ prefix: [String], underWildcard: Bool) {
            let here = prefix.joined(separator: ".")
            if i == path.segments.count {
                switch node {
                case .number(let v): r.metrics.append(Metric(path: here, value: v))
                case .null: r.nulls.append(here)
                case .object(let d):
                    if !underWildcard {
                        r.problems.append(
                            "\(here) is a group of metrics, not a number — extend the path, e.g. \(here).\(d.keys.sorted().first ?? "…")"
                        )
                    }
                case .string(let s):
                    if !underWildcard { r.problems.append("\(here) is the text \"\(s)\", not a number") }
                case .array:
                    if !underWildcard { r.problems.append("\(here) is a list, not a number") }
                }
                return
            }
            switch node {
            case .object(let d):
                switch path.segments[i] {
                case .wildcard:
                    for k in d.keys.sorted() { walk(d[k]!, i + 1, prefix + [k], underWildcard: true) }
                case .key(let k):
                    if let child = d[k] {
                        walk(child, i + 1, prefix + [k], underWildcard: underWildcard)
                    } else if !underWildcard {
                        missing.append((prefix, k, d.keys.sorted()))
                    }
                }
            case .null:
                r.nulls.append(here)
            default:
                if !underWildcard {
                    r.problems.append("no metric at \(path): \(here) is a single value with nothing under it")
                }
            }
        }
        walk(self, 0, [], underWildcard: false)
        for m in missing {
            r.problems.append(Self.noMetric(path, prefix: m.prefix, key: m.key, available: m.available))
        }
        if r.metrics.isEmpty && r.nulls.isEmpty && r.problems.isEmpty {
            r.problems.append("no metric at \(path): nothing matches under the wildcard")
        }
        return r
    }

    /// "no metric at services.chekout.latency.p99 — did you mean services.checkout.latency.p99?"
    static func noMetric(_ path: MetricPath, prefix: [String], key: String, available: [String]) -> String {
        let text = "no metric at \(path)"
        if let s = MetricPath.suggestion(for: key, among: available) {
            var fixed = path.segments
            fixed[prefix.count] = .key(s)
            return text + " — did you mean \(MetricPath(fixed))?"
        }
        let place = prefix.isEmpty ? "the top level" : prefix.joined(separator: ".")
        let shown = available.prefix(12).joined(separator: ", ") + (available.count > 12 ? ", …" : "")
        return text + " — `\(key)` is not under \(place) (there: \(shown))"
    }
}
