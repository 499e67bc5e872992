/// GPUs and named extended resources in machine types (`gpu: 8`, `extended: { example.com/fpga: 2 }`)
/// and in requests (`gpu: 500m`, `extended: { example.com/fpga: 1 }`).
extension DecodeContext {
    /// Names that cannot be extended resources: they are the built-in dimensions.
    static let builtInResourceNames = ["cpu", "memory", "gpu", "nvidia.com/gpu"]

    /// `extended: { name: amount }`, amounts plain numbers (≥ 0 offered, > 0 requested).
    func extendedResources(_ node: DocNode, _ path: String, request: Bool) -> [String: Double] {
        record(path, node)
        guard case .mapping(let entries, _) = node else {
            error(
                "expected a mapping of extended resource names to amounts, found \(node.kindName)", at: node.location,
                path: path, hint: "for example `extended: { example.com/fpga: 1 }`")
            return [:]
        }
        var out: [String: Double] = [:]
        for entry in entries {
            let name = entry.key.value
            let p = join(path, name)
            if out[name] != nil {
                error("duplicate extended resource `\(name)`", at: entry.key.location, path: p)
                continue
            }
            if Self.builtInResourceNames.contains(name) {
                error(
                    "`\(name)` is not an extended resource", at: entry.key.location, path: p,
                    hint: name.hasSuffix("gpu") ? "GPUs are `gpu:` beside cpu and memory" : "write it beside `extended:`")
                continue
            }
            guard let v = scalar(entry.value, p, Quantity.plainNumber) else { continue }
            if request {
                check(v > 0, "a requested amount must be positive", path: p, hint: "remove the entry to request none")
            } else {
                check(v >= 0, "an offered amount must not be negative", path: p)
            }
            out[name] = v
        }
        return out
    }
}

extension ServiceDecoder {
    /// Whether `g` GPUs can be requested: 0, a share below 1 of at least 1 milli, or a whole number.
    static func isValidGPURequest(_ g: Double) -> Bool {
        g == 0 || (g >= 0.001 && g < 1) || (g >= 1 && g == g.rounded())
    }
}
