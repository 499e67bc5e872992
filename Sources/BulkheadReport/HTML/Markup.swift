import Foundation

/// Text escaping and number formatting for the report's HTML and SVG.
///
/// Why not JohnSundell/Plot: the report is mostly hand-written SVG, for which Plot has no
/// elements (it would be `Node.raw` almost everywhere), and Plot 0.14.0 writes attribute values
/// unescaped and keeps `&amp;`-like sequences in text as entities, so a tenant called
/// `R&amp;D "x"` would not round-trip. One escaping function used for every text node and
/// attribute is smaller and provably right, and it keeps the package's dependencies unchanged.
enum Markup {
    /// Escapes `&`, `<`, `>`, `"` and `'` so that `s` is safe as HTML/SVG text and inside a
    /// double- or single-quoted attribute value.
    /// - Complexity: O(n).
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A coordinate with at most one decimal (`12`, `12.5`), so SVG stays small and deterministic.
    static func coordinate(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        if r == r.rounded() { return String(Int(r)) }
        return String(format: "%.1f", r)
    }

    /// A fixed-decimals number (`%.Nf`), with `-0` written as `0`.
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", x)
        return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
    }

    /// An integer with thin thousands separators (`1 234 567`).
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "\u{202F}" }
            out.append(ch)
        }
        return n < 0 ? "−" + out : out
    }

    /// A compact count (`950`, `12.3k`, `4.5M`).
    static func compact(_ x: Double) -> String {
        let a = abs(x)
        if a >= 1e6 { return fixed(x / 1e6, a >= 1e7 ? 0 : 1) + "M" }
        if a >= 1e3 { return fixed(x / 1e3, a >= 1e4 ? 0 : 1) + "k" }
        if a == a.rounded() { return String(Int(x)) }
        return fixed(x, a >= 10 ? 0 : (a >= 1 ? 1 : 2))
    }

    /// A measured value with three significant digits and no trailing zeros (`8.52`, `13.5`,
    /// `-4`, `0.0123`); thousands and beyond as ``compact(_:)``.
    static func number(_ x: Double) -> String {
        let a = abs(x)
        if a >= 1000 { return compact(x) }
        if a == 0 { return "0" }
        let decimals = max(0, 2 - Int(log10(a).rounded(.down)))
        var s = fixed(x, decimals)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    /// The smallest of 1, 2, 2.5, 5 × 10^k that is at least `x`.
    static func niceCeiling(_ x: Double) -> Double {
        var scale = 1e-4
        while scale * 10 <= x { scale *= 10 }
        for f in [1.0, 2.0, 2.5, 5.0, 10.0] where f * scale >= x { return f * scale }
        return 10 * scale
    }

    /// A percentage of a fraction (`0.423` → `42.3 %`); with `decimals` nil, one decimal below
    /// 10 % and none above.
    static func percent(_ fraction: Double, decimals: Int? = 1) -> String {
        let p = fraction * 100
        if p == 0 { return "0\u{202F}%" }
        return fixed(p, decimals ?? (abs(p) < 10 ? 1 : 0)) + "\u{202F}%"
    }

    /// A latency in seconds as milliseconds (three significant digits) or seconds (`12.5 ms`, `1.25 s`).
    static func latency(_ seconds: Double) -> String {
        if seconds == 0 { return "0" }
        if seconds >= 1 { return number(seconds) + "\u{202F}s" }
        return number(seconds * 1000) + "\u{202F}ms"
    }

    /// A simulated minute as time of day (`13:05`), prefixed with the day after the first (`d2 01:00`).
    static func clock(minute: Int) -> String {
        let day = minute / 1440
        let m = minute % 1440
        let hhmm = String(format: "%02d:%02d", m / 60, m % 60)
        return day == 0 ? hhmm : "d\(day + 1) " + hhmm
    }
}

/// A hand-written SVG document: elements are appended as text, every text and attribute value
/// escaped. Each chart gets a `<title>` (read by screen readers and shown as a tooltip).
struct SVGCanvas {
    var width: Double
    var height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Appends raw markup produced by this type's own helpers.
    mutating func raw(_ s: String) { body += s }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
        rx: Double = 0, className: String? = nil, title: String? = nil, extra: String = ""
    ) {
        body +=
            "<rect x=\"\(Markup.coordinate(x))\" y=\"\(Markup.coordinate(y))\" width=\"\(Markup.coordinate(max(0, width)))\" height=\"\(Markup.coordinate(max(0, height)))\""
        if rx > 0 { body += " rx=\"\(Markup.coordinate(rx))\"" }
        body += " fill=\"\(Markup.escape(fill))\""
        if let stroke { body += " stroke=\"\(Markup.escape(stroke))\"" }
        if let className { body += " class=\"\(Markup.escape(className))\"" }
        body += extra
        if let title { body += "><title>\(Markup.escape(title))</title></rect>" } else { body += "/>" }
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(
        _ s: String, x: Double, y: Double, anchor: Anchor = .start, className: String? = nil,
        fill: String? = nil, title: String? = nil, rotate: Double? = nil
    ) {
        body += "<text x=\"\(Markup.coordinate(x))\" y=\"\(Markup.coordinate(y))\""
        if anchor != .start { body += " text-anchor=\"\(anchor.rawValue)\"" }
        if let className { body += " class=\"\(Markup.escape(className))\"" }
        if let fill { body += " fill=\"\(Markup.escape(fill))\"" }
        if let rotate {
            body += " transform=\"rotate(\(Markup.coordinate(rotate)) \(Markup.coordinate(x)) \(Markup.coordinate(y)))\""
        }
        body += ">"
        if let title { body += "<title>\(Markup.escape(title))</title>" }
        body += Markup.escape(s) + "</text>"
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
        dash: String? = nil, className: String? = nil
    ) {
        body +=
            "<line x1=\"\(Markup.coordinate(x1))\" y1=\"\(Markup.coordinate(y1))\" x2=\"\(Markup.coordinate(x2))\" y2=\"\(Markup.coordinate(y2))\" stroke=\"\(Markup.escape(stroke))\""
        if width != 1 { body += " stroke-width=\"\(Markup.coordinate(width))\"" }
        if let dash { body += " stroke-dasharray=\"\(Markup.escape(dash))\"" }
        if let className { body += " class=\"\(Markup.escape(className))\"" }
        body += "/>"
    }

    /// A polyline through `points`; a nil point breaks the line into segments.
    mutating func polyline(_ points: [(Double, Double)?], stroke: String, width: Double = 1.5, title: String? = nil) {
        var segments: [[(Double, Double)]] = [[]]
        for p in points {
            if let p {
                segments[segments.count - 1].append(p)
            } else if !segments[segments.count - 1].isEmpty {
                segments.append([])
            }
        }
        for s in segments where !s.isEmpty {
            let d = s.map { "\(Markup.coordinate($0.0)),\(Markup.coordinate($0.1))" }.joined(separator: " ")
            body +=
                "<polyline points=\"\(d)\" fill=\"none\" stroke=\"\(Markup.escape(stroke))\" stroke-width=\"\(Markup.coordinate(width))\" stroke-linejoin=\"round\""
            if let title { body += "><title>\(Markup.escape(title))</title></polyline>" } else { body += "/>" }
        }
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil, title: String? = nil) {
        body +=
            "<circle cx=\"\(Markup.coordinate(cx))\" cy=\"\(Markup.coordinate(cy))\" r=\"\(Markup.coordinate(r))\" fill=\"\(Markup.escape(fill))\""
        if let stroke { body += " stroke=\"\(Markup.escape(stroke))\"" }
        if let title { body += "><title>\(Markup.escape(title))</title></circle>" } else { body += "/>" }
    }

    /// The complete `<svg>` element: scales to its container's width, keeps its aspect ratio.
    func render(title: String, description: String? = nil) -> String {
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Markup.coordinate(width)) \(Markup.coordinate(height))\" width=\"\(Markup.coordinate(width))\" role=\"img\"><title>\(Markup.escape(title))</title>"
        if let description { s += "<desc>\(Markup.escape(description))</desc>" }
        return s + body + "</svg>"
    }
}
