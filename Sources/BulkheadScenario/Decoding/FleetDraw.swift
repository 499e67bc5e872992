import Foundation

/// The per-instance random draws of fleet templates (`{ draw: … }` and `mix:`): a SplitMix64
/// stream per template field, seeded from the scenario's seed and the field's path, so that the
/// same file and seed always expand to the same fleet, and editing one template does not change the
/// draws of another. (The scenario module depends on nothing of ours, so it carries this small
/// generator rather than BulkheadStochastic's streams; the simulation's own streams are untouched.)
///
/// Source: Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014.
struct FleetStream {
    private var state: UInt64

    /// The stream of template field `purpose` (e.g. `services[2].replicas`) under `seed`.
    init(seed: UInt64, purpose: String) {
        // FNV-1a of the purpose, mixed with the seed.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in purpose.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        state = seed &* 0x9E37_79B9_7F4A_7C15 ^ h
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform integer in `lo...hi` (Lemire's multiply-shift; bias below 2⁻³² for fleet-sized ranges).
    mutating func int(_ lo: Int, _ hi: Int) -> Int {
        let span = UInt64(hi - lo + 1)
        return lo + Int((next().multipliedFullWidth(by: span)).high)
    }

    /// Standard normal (Box–Muller; one of the pair).
    mutating func normal() -> Double {
        let u1 = max(unit(), 0x1p-53)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// One `{ draw: … }` of a fleet template: what a field's value is drawn from.
enum FleetDraw {
    /// Uniform on [min, max]; whole numbers when both bounds are whole numbers (inclusive).
    case uniform(min: Double, max: Double, integral: Bool)
    /// Log-normal with this median and log-space standard deviation.
    case lognormal(median: Double, sigma: Double)
    /// One of the values, equally likely (texts, used as written).
    case choice([String])

    /// The mean of the draw (for the memory estimate), or nil for a choice of texts.
    var mean: Double? {
        switch self {
        case .uniform(let lo, let hi, _): (lo + hi) / 2
        case .lognormal(let m, let s): m * exp(s * s / 2)
        case .choice(let vs):
            vs.compactMap(Double.init).count == vs.count && !vs.isEmpty
                ? vs.compactMap(Double.init).reduce(0, +) / Double(vs.count) : nil
        }
    }

    /// One value, as the text the field's own decoder then reads (`unit` appended).
    func sample(_ s: inout FleetStream, unit: String) -> String {
        switch self {
        case .uniform(let lo, let hi, let integral):
            if integral { return "\(s.int(Int(lo), Int(hi)))" + unit }
            return Self.text(lo + (hi - lo) * s.unit()) + unit
        case .lognormal(let m, let sigma):
            return Self.text(m * exp(sigma * s.normal())) + unit
        case .choice(let vs):
            return vs[s.int(0, vs.count - 1)] + unit
        }
    }

    /// A number as text with 6 significant digits (what the field decoders read back).
    static func text(_ x: Double) -> String { String(format: "%.6g", x) }
}

/// A weighted table of (cpu, memory) request pairs (`mix:` of a fleet template), read from a CSV
/// file with the columns `cpu,memory,weight` (lines starting with `#` are comments). Values are
/// fractions of a reference machine; the template's `cpu` and `memory` say what 1.0 is.
struct RequestMix {
    var cpu: [Double] = []
    var memory: [Double] = []
    /// Cumulative weights, last = total.
    var cumulative: [Double] = []

    /// Parses the table; throws a message naming the line at fault.
    init(text: String) throws(QuantityError) {
        var total = 0.0
        var header = true
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if header {
                guard line == "cpu,memory,weight" else {
                    throw QuantityError(
                        message: "line \(n + 1): expected the header cpu,memory,weight, found \(line.debugQuoted)")
                }
                header = false
                continue
            }
            let cells = line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard cells.count == 3, let c = cells[0], let m = cells[1], let w = cells[2], c > 0, m > 0, w > 0,
                c.isFinite, m.isFinite, w.isFinite
            else {
                throw QuantityError(
                    message: "line \(n + 1): expected three positive numbers cpu,memory,weight, found \(line.debugQuoted)")
            }
            cpu.append(c)
            memory.append(m)
            total += w
            cumulative.append(total)
        }
        guard !cpu.isEmpty else { throw QuantityError(message: "the table has no rows") }
    }

    /// Mean cpu and memory fractions (weighted).
    var mean: (cpu: Double, memory: Double) {
        var c = 0.0
        var m = 0.0
        var prev = 0.0
        for i in cpu.indices {
            let w = cumulative[i] - prev
            prev = cumulative[i]
            c += w * cpu[i]
            m += w * memory[i]
        }
        return (c / prev, m / prev)
    }

    /// One row, drawn in proportion to its weight.
    /// - Complexity: O(log rows).
    func sample(_ s: inout FleetStream) -> (cpu: Double, memory: Double) {
        let u = s.unit() * cumulative[cumulative.count - 1]
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return (cpu[lo], memory[lo])
    }
}
