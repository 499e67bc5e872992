/// Why a piece of text is not the quantity that was expected.
struct QuantityError: Error, Sendable, Equatable {
    var message: String
    var hint: String?
}

/// Parsers for the scenario language's units. Each takes the scalar's text and returns the
/// normalised value (nanoseconds, cores, bytes, per second, fraction).
enum Quantity {
    /// Nanoseconds per duration unit.
    static let durationUnits: [(String, Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("min", 60e9), ("m", 60e9),
        ("h", 3600e9), ("d", 86400e9),
    ]

    /// A plain decimal number (no hex, no `inf`/`nan`, no underscores).
    static func number(_ text: String) -> Double? {
        let t = text.trimmingSpaces
        guard !t.isEmpty, t.allSatisfy({ "0123456789.eE+-".contains($0) }), let v = Double(t), v.isFinite else {
            return nil
        }
        return v
    }

    /// `text / 10^decimals`, correctly rounded (`99.9` with 2 → 0.999 exactly as written).
    static func scaledDown(_ text: String, decimals: Int) -> Double? {
        let t = text.trimmingSpaces
        guard let v = number(t) else { return nil }
        if t.contains(where: { $0 == "e" || $0 == "E" }) { return v / Double.pow10(decimals) }
        return Double(t + "e-\(decimals)")
    }

    /// Splits `12.5ms` into (`12.5`, `ms`).
    static func splitNumber(_ text: String) -> (number: Double, unit: String)? {
        let t = text.trimmingSpaces
        var end = t.startIndex
        var seenDigit = false
        for (i, c) in zip(t.indices, t) {
            if c.isASCII && (c.isNumber || c == "." || ((c == "-" || c == "+") && i == t.startIndex)) {
                if c.isNumber { seenDigit = true }
                end = t.index(after: i)
            } else {
                break
            }
        }
        guard seenDigit, let n = number(String(t[..<end])) else { return nil }
        return (n, String(t[end...]).trimmingSpaces)
    }

    /// `250ms`, `30s`, `5m`, `2h`, `1d`, `1.5s`, `10us`, `100ns`, compounds like `1h30m` → nanoseconds.
    static func duration(_ text: String) throws(QuantityError) -> Int64 {
        let bad = QuantityError(message: "\(text.debugQuoted) is not a duration (examples: 250ms, 30s, 5m, 2h)")
        if number(text) != nil {
            throw QuantityError(message: "\(text.debugQuoted) has no unit", hint: "add a unit, e.g. 30s")
        }
        var rest = Substring(text.trimmingSpaces)
        var negative = false
        if rest.first == "-" {
            negative = true
            rest = rest.dropFirst()
        }
        var total = 0.0
        guard !rest.isEmpty else { throw bad }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !digits.isEmpty, let n = number(String(digits)) else { throw bad }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let unit = durationUnits.first(where: { $0.0 == letters.trimmingSpaces }) else { throw bad }
            rest = rest.dropFirst(letters.count)
            total += n * unit.1
        }
        guard total < 9.2e18 else { throw QuantityError(message: "\(text.debugQuoted) is too long a duration") }
        return Int64((negative ? -total : total).rounded())
    }

    /// `2`, `0.5`, `500m` (millicores) → cores.
    static func cpu(_ text: String) throws(QuantityError) -> Double {
        if let v = number(text) { return v }
        let t = text.trimmingSpaces
        if t.hasSuffix("m"), let v = scaledDown(String(t.dropLast()), decimals: 3) { return v }
        throw QuantityError(message: "\(text.debugQuoted) is not a CPU quantity (examples: 2, 0.5, 500m)")
    }

    /// Byte multipliers by suffix; binary (`Ki`) and decimal (`K`).
    static let memoryUnits: [String: Double] = [
        "": 1, "B": 1,
        "Ki": 1024, "Mi": 1_048_576, "Gi": 1_073_741_824, "Ti": 1_099_511_627_776, "Pi": 1_125_899_906_842_624,
        "K": 1e3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15,
    ]

    /// `512Mi`, `2Gi`, `1G`, `100M`, `1Ki`, `1Ti`, `1048576` → bytes.
    static func memory(_ text: String) throws(QuantityError) -> Double {
        if let v = number(text) { return v }
        if let (n, unit) = splitNumber(text), let m = memoryUnits[unit] { return n * m }
        throw QuantityError(message: "\(text.debugQuoted) is not a memory quantity (examples: 512Mi, 2Gi)")
    }

    /// Seconds per rate unit.
    static let rateUnits: [String: Double] = [
        "s": 1, "sec": 1, "second": 1, "min": 60, "minute": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400,
    ]

    /// `400/s`, `3000/min`, `10/h` → per second.
    static func rate(_ text: String) throws(QuantityError) -> Double {
        if number(text) != nil {
            throw QuantityError(
                message: "\(text.debugQuoted) has no time unit", hint: "write it as a rate, e.g. \(text.trimmingSpaces)/s")
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let n = number(String(parts[0])), let per = rateUnits[parts[1].trimmingSpaces] {
            return n / per
        }
        throw QuantityError(message: "\(text.debugQuoted) is not a rate (examples: 400/s, 3000/min, 10/h)")
    }

    /// `99.9%` → 0.999; a plain number must already be a fraction in 0...1.
    static func fraction(_ text: String) throws(QuantityError) -> Double {
        if let v = number(text) {
            guard (0...1).contains(v) else {
                throw QuantityError(
                    message: "\(text.debugQuoted) is not a fraction between 0 and 1",
                    hint: "write a percentage with %, e.g. \(text.trimmingSpaces)%")
            }
            return v
        }
        let t = text.trimmingSpaces
        if t.hasSuffix("%"), let v = scaledDown(String(t.dropLast()), decimals: 2) { return v }
        throw QuantityError(message: "\(text.debugQuoted) is not a percentage (examples: 99.9%, 0.999)")
    }

    /// `"12:00"`, `"9:30"`, `"14:05:30"` → nanoseconds since midnight (`24:00` allowed as end of day).
    static func timeOfDay(_ text: String) throws(QuantityError) -> Int64 {
        let bad = QuantityError(
            message: "\(text.debugQuoted) is not a time of day (examples: \"09:30\", \"14:05:30\")",
            hint: "quote it and use HH:MM or HH:MM:SS")
        let parts = text.trimmingSpaces.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            parts.dropFirst().allSatisfy({ $0.count == 2 })
        else { throw bad }
        let h = Int64(parts[0])!
        let m = Int64(parts[1])!
        let s = parts.count == 3 ? Int64(parts[2])! : 0
        guard m < 60, s < 60, h < 24 || (h == 24 && m == 0 && s == 0) else { throw bad }
        return ((h * 60 + m) * 60 + s) * 1_000_000_000
    }

    /// A whole number (`12`, `-3`).
    static func integer(_ text: String) throws(QuantityError) -> Int {
        if let v = Int(text.trimmingSpaces) { return v }
        throw QuantityError(message: "\(text.debugQuoted) is not a whole number")
    }

    /// A plain number.
    static func boolean(_ text: String) throws(QuantityError) -> Bool {
        switch text.trimmingSpaces.lowercased() {
        case "true": return true
        case "false": return false
        default: throw QuantityError(message: "\(text.debugQuoted) is not true or false")
        }
    }

    static func plainNumber(_ text: String) throws(QuantityError) -> Double {
        if let v = number(text) { return v }
        throw QuantityError(message: "\(text.debugQuoted) is not a number")
    }

    /// A duration or a plain number of seconds → seconds (distribution parameters).
    static func seconds(_ text: String) throws(QuantityError) -> Double {
        if let v = number(text) { return v }
        do { return Double(try duration(text)) / 1e9 } catch {
            throw QuantityError(message: "\(text.debugQuoted) is not a duration or a number of seconds (examples: 8ms, 0.008)")
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let chars = Array(self)
        guard let first = chars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = chars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(chars[first...last])
    }
}

extension Double {
    /// 10^n for small n.
    static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { acc, _ in acc * 10 } }
}

/// The scenario language's units for command-line options, e.g. `plan --confirm-within 30m`.
public enum CommandLineQuantity {
    /// A duration written as in a scenario (`250ms`, `30m`, `1h30m`), in seconds.
    /// - Throws: a message naming the text and giving examples.
    public static func seconds(duration text: String) throws(CommandLineQuantityError) -> Double {
        do { return Double(try Quantity.duration(text)) / 1e9 } catch {
            throw CommandLineQuantityError(description: error.message + (error.hint.map { " (\($0))" } ?? ""))
        }
    }
}

/// Why a command-line quantity was refused.
public struct CommandLineQuantityError: Error, CustomStringConvertible, Sendable {
    public var description: String
}
