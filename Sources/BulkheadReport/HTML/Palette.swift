import Foundation

/// The report's colours, chosen to stay distinguishable with the common colour-vision deficiencies.
///
/// - Categorical (tenants, policies): the Okabe–Ito palette — M. Okabe and K. Ito, "Color
///   Universal Design (CUD): How to make figures and presentations that are friendly to colorblind
///   people" (2008), https://jfly.uni-koeln.de/color/ — without its black. With more than seven
///   categories the colours repeat with a diagonal hatch (``patternDefinitions``), so no two
///   tenants look alike.
/// - Sequential (utilisation, harm): viridis — S. van der Walt and N. Smith, matplotlib's default
///   colormap (2015), https://bids.github.io/colormap/ — perceptually uniform and legible in
///   greyscale; nine stops interpolated linearly in sRGB.
enum Palette {
    /// Okabe–Ito, ordered so the first colours are the most distinct from each other.
    static let categorical = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442"]

    /// The fill for category `index`: a plain colour, or a hatched pattern once the colours repeat.
    static func category(_ index: Int) -> String {
        let n = categorical.count
        return index < n ? categorical[index] : "url(#hatch-\(index % n))"
    }

    /// The plain colour of category `index` (for lines and text, where a pattern cannot be used).
    static func categoryColour(_ index: Int) -> String { categorical[index % categorical.count] }

    /// One hidden SVG with the hatched variants of every categorical colour, referenced by
    /// ``category(_:)`` from any chart in the page.
    static var patternDefinitions: String {
        var s = "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs>"
        for (i, c) in categorical.enumerated() {
            s +=
                "<pattern id=\"hatch-\(i)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"\(c)\"/><rect width=\"2\" height=\"6\" fill=\"#ffffff\" fill-opacity=\"0.7\"/></pattern>"
        }
        return s + "</defs></svg>"
    }

    /// Viridis at 0, 1/8, …, 1.
    static let viridisStops: [(Double, Double, Double)] = [
        (0x44, 0x01, 0x54), (0x47, 0x2C, 0x7A), (0x3B, 0x51, 0x8B), (0x2C, 0x71, 0x8E), (0x21, 0x90, 0x8D),
        (0x27, 0xAD, 0x81), (0x5C, 0xC8, 0x63), (0xAA, 0xDC, 0x32), (0xFD, 0xE7, 0x25),
    ]

    /// Viridis at `t` (clamped to [0, 1]) as `#rrggbb`.
    static func viridis(_ t: Double) -> String {
        let x = min(1, max(0, t.isFinite ? t : 0)) * Double(viridisStops.count - 1)
        let i = min(Int(x), viridisStops.count - 2)
        let f = x - Double(i)
        let a = viridisStops[i]
        let b = viridisStops[i + 1]
        func channel(_ p: Double, _ q: Double) -> String {
            let v = Int((p + (q - p) * f).rounded())
            return String(v, radix: 16, uppercase: true).leftPadded(2)
        }
        return "#" + channel(a.0, b.0) + channel(a.1, b.1) + channel(a.2, b.2)
    }

    /// Text colour readable on viridis at `t` (white on the dark half, near-black on the light).
    static func textOnViridis(_ t: Double) -> String { t < 0.55 ? "#ffffff" : "#1a1a1a" }

    /// Neutral colours of the page.
    static let ink = "#1f2328"
    static let muted = "#59636e"
    static let grid = "#d0d7de"
    static let faint = "#f3f4f6"
    /// Incident windows and SLO lines: vermillion from Okabe–Ito, the palette's alarm colour.
    static let alarm = "#D55E00"
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
