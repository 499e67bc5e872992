extension MetricTree {
    /// Every number in the tree with its dotted path, depth first with object keys sorted and list
    /// elements as `[i]` (`machines.used`, `services.web.latency.p99`); text and `null` are left out.
    /// The order depends only on the tree, so tables built from it are stable.
    /// - Complexity: O(n log n) for n nodes (key sorting).
    public var numericLeaves: [Metric] {
        var out: [Metric] = []
        func walk(_ node: MetricTree, _ path: String) {
            switch node {
            case .number(let v): out.append(Metric(path: path, value: v))
            case .object(let d):
                for k in d.keys.sorted() { walk(d[k]!, path.isEmpty ? k : path + "." + k) }
            case .array(let a):
                for (i, x) in a.enumerated() { walk(x, path + "[\(i)]") }
            case .string, .null: break
            }
        }
        walk(self, "")
        return out
    }
}
