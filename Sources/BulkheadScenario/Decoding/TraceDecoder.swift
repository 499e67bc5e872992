import Foundation

/// Decodes `loadBalancers[i].traffic.trace`: reads the trace file (relative to the scenario's
/// folder) and its reading options. Problems in the file are reported at the file's line and
/// column; problems in the options at the scenario's.
extension BalancerDecoder {
    func trace(_ node: DocNode, _ path: String) -> TraceSpec? {
        guard
            let f = ctx.fields(
                node, path,
                known: ["file", "interval", "time", "column", "values", "scale", "start", "loop", "interpolation"])
        else { return nil }
        let interval = f.value("interval", Quantity.duration)
        if let interval { ctx.check(interval > 0, "interval must be positive", path: f.at("interval")) }
        let time = f.optional("time").flatMap { self.column($0, f.at("time")) }
        let column = f.optional("column").flatMap { self.column($0, f.at("column")) }
        let values = f.optional("values").flatMap { ctx.choice($0, f.at("values"), TraceFile.Values.self) } ?? .counts
        let start = f.value("start", Quantity.duration) ?? 0
        ctx.check(start >= 0, "start must not be negative", path: f.at("start"))
        let loop = f.value("loop", Quantity.boolean) ?? false
        let interpolation =
            f.optional("interpolation").flatMap { ctx.choice($0, f.at("interpolation"), TraceSpec.Interpolation.self) }
            ?? .step
        let scale = f.optional("scale").flatMap { self.scale($0, f.at("scale")) } ?? .factor(1)
        if interval == nil && time == nil {
            ctx.error(
                "the trace needs `interval` (rows at a fixed interval) or `time` (a column of times in seconds)",
                at: node.location, path: path, hint: "for example `interval: 1m`")
        }
        guard let fileNode = f.required("file", example: "traces/requests.csv"),
            let name = ctx.string(fileNode, f.at("file"))
        else { return nil }
        let full = name.hasPrefix("/") ? name : (ctx.baseDirectory as NSString).appendingPathComponent(name)
        let text: String
        do {
            text = try String(contentsOfFile: full, encoding: .utf8)
        } catch {
            ctx.error(
                "cannot read the trace file: tried \(full)", at: fileNode.location, path: f.at("file"),
                hint: "a relative path is relative to the scenario file's folder (\(ctx.baseDirectory))")
            return nil
        }
        guard interval == nil || interval! > 0, interval != nil || time != nil else { return nil }
        let options = TraceFile.Options(
            interval: interval.map { Double($0) / 1e9 }, time: time, column: column, values: values)
        let table: TraceFile
        do throws(TraceFile.Problem) {
            table = try TraceFile.parse(text, options: options)
        } catch {
            ctx.append([
                Diagnostic(
                    file: full, path: f.at("file"), line: error.line, column: error.column, message: error.message,
                    hint: error.hint)
            ])
            return nil
        }
        let spec = TraceSpec(
            file: full, interval: table.interval, rates: table.rates, scale: scale, start: start, loop: loop,
            interpolation: interpolation)
        switch scale {
        case .peak, .mean:
            ctx.check(
                spec.rates.contains { $0 > 0 }, "the trace has no traffic at all, so it cannot be scaled to a peak or mean",
                path: f.at("scale"))
        case .factor: break
        }
        ctx.check(
            Double(start) / 1e9 < spec.length || loop,
            "start (\(Double(start) / 1e9) s) is past the end of the trace (\(spec.length) s)", path: f.at("start"),
            hint: "set a smaller start, or `loop: true`")
        return spec
    }

    /// A column: a 1-based position or a header name.
    func column(_ node: DocNode, _ path: String) -> TraceFile.Column? {
        ctx.scalar(node, path) { (text: String) throws(QuantityError) -> TraceFile.Column in
            guard !text.isEmpty else { throw QuantityError(message: "expected a column name or position") }
            if let p = Int(text.trimmingSpaces), p < 1 {
                throw QuantityError(message: "a column position starts at 1, found \(p)")
            }
            return TraceFile.Column(text: text)
        }
    }

    /// `scale: 2`, `{ factor: 2 }`, `{ peak: 400/s }` or `{ mean: 200/s }`.
    func scale(_ node: DocNode, _ path: String) -> TraceSpec.Scale? {
        if case .scalar = node {
            guard let v = ctx.scalar(node, path, Quantity.plainNumber) else { return nil }
            guard ctx.check(v > 0, "a scale factor must be positive", path: path) else { return nil }
            return .factor(v)
        }
        guard let f = ctx.fields(node, path, known: ["factor", "peak", "mean"]) else { return nil }
        let given = ["factor", "peak", "mean"].filter { f.optional($0) != nil }
        guard
            ctx.check(
                given.count == 1, "give exactly one of `factor`, `peak` and `mean`", path: path,
                hint: "for example `scale: { peak: 400/s }`")
        else { return nil }
        switch given[0] {
        case "factor":
            guard let v = f.value("factor", Quantity.plainNumber),
                ctx.check(v > 0, "a scale factor must be positive", path: f.at("factor"))
            else { return nil }
            return .factor(v)
        case "peak":
            guard let v = f.value("peak", Quantity.rate), ctx.check(v > 0, "the peak must be positive", path: f.at("peak"))
            else { return nil }
            return .peak(v)
        default:
            guard let v = f.value("mean", Quantity.rate), ctx.check(v > 0, "the mean must be positive", path: f.at("mean"))
            else { return nil }
            return .mean(v)
        }
    }
}
