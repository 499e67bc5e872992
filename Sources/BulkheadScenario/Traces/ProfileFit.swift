import Foundation

/// A `daily` and `weekly` traffic profile fitted to a trace (`bulkhead fit-profile`), written as
/// scenario YAML ready to paste under a balancer's `traffic`.
///
/// The fit is the separable mean model rate(day d, hour h) ≈ mean × daily[h] × weekly[d]:
/// `daily[h]` is the mean rate over the trace's intervals that start in hour h of the day, divided
/// by the overall mean; `weekly[d]` likewise per weekday. Both are normalised to a mean of 1, so if
/// the trace is exactly separable the product reproduces it. Runs of zero traffic at least `gap`
/// long (a logging gap, an outage such as NASA's August 1995 one) are left out of every mean: they
/// are missing demand, not low demand. Day boundaries are counted from the trace's position 0 (after
/// `skip`), so the first row should be at midnight for the hours to be clock hours.
public struct ProfileFit: Sendable, Equatable {
    /// Requests per second, the mean over the intervals kept.
    public var mean: Double
    /// 24 multipliers, hour 0 to 23 (nil when the interval is longer than an hour).
    public var daily: [Double]?
    /// 7 multipliers, Monday to Sunday (nil for less than 7 days of data).
    public var weekly: [Double]?
    /// Intervals read, and those left out as zero gaps.
    public var intervals: Int
    public var gapIntervals: Int
    public var interval: Double

    public enum Weekday: String, Sendable, CaseIterable {
        case monday, tuesday, wednesday, thursday, friday, saturday, sunday
    }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Fits `trace`.
    /// - Parameters:
    ///   - skip: seconds of the trace to leave out at its start (to begin at a midnight).
    ///   - firstDay: the weekday of the trace's first kept row; the weekly list is rotated to
    ///     start on Monday, as `traffic.weekly` does.
    ///   - gap: zero runs at least this many seconds long are left out (0 keeps everything).
    /// - Complexity: O(intervals).
    public static func fit(_ trace: TraceFile, skip: Double = 0, firstDay: Weekday = .monday, gap: Double = 3600)
        throws(Problem) -> ProfileFit
    {
        let dt = trace.interval
        let first = Int((skip / dt).rounded(.up))
        guard first < trace.rates.count else {
            throw Problem(message: "--skip (\(skip) s) is past the end of the trace (\(Double(trace.rates.count) * dt) s)")
        }
        let rates = Array(trace.rates[first...])
        // Mark zero runs of at least `gap` seconds.
        var excluded = [Bool](repeating: false, count: rates.count)
        if gap > 0 {
            var k = 0
            while k < rates.count {
                guard rates[k] == 0 else {
                    k += 1
                    continue
                }
                var e = k
                while e < rates.count && rates[e] == 0 { e += 1 }
                if Double(e - k) * dt >= gap { for j in k..<e { excluded[j] = true } }
                k = e
            }
        }
        var sum = 0.0
        var n = 0
        var hourSum = [Double](repeating: 0, count: 24)
        var hourN = [Int](repeating: 0, count: 24)
        var daySum = [Double](repeating: 0, count: 7)
        var dayN = [Int](repeating: 0, count: 7)
        let offset = Weekday.allCases.firstIndex(of: firstDay)!
        for (k, r) in rates.enumerated() where !excluded[k] {
            let x = Double(k) * dt
            let day = Int(x / 86_400)
            let hour = Int((x - Double(day) * 86_400) / 3600)
            sum += r
            n += 1
            hourSum[hour] += r
            hourN[hour] += 1
            let weekday = (day + offset) % 7
            daySum[weekday] += r
            dayN[weekday] += 1
        }
        guard n > 0, sum > 0 else {
            throw Problem(
                message: "the trace has no traffic (every interval is zero or in a zero gap), so no profile can be fitted")
        }
        let mean = sum / Double(n)
        var daily: [Double]?
        if dt <= 3600, hourN.allSatisfy({ $0 > 0 }) {
            daily = normalised((0..<24).map { hourSum[$0] / Double(hourN[$0]) })
        }
        var weekly: [Double]?
        if Double(rates.count) * dt >= 7 * 86_400, dayN.allSatisfy({ $0 > 0 }) {
            weekly = normalised((0..<7).map { daySum[$0] / Double(dayN[$0]) })
        }
        return ProfileFit(
            mean: mean, daily: daily, weekly: weekly, intervals: rates.count, gapIntervals: excluded.filter { $0 }.count,
            interval: dt)
    }

    /// `values` divided by their mean (a mean of 1).
    static func normalised(_ values: [Double]) -> [Double] {
        let m = values.reduce(0, +) / Double(values.count)
        return values.map { $0 / m }
    }

    /// The profile as a `traffic:` mapping (indented for a balancer), with a comment saying what was fitted.
    public func yaml(source: String) -> String {
        var out = "# fitted by `bulkhead fit-profile` to \(source): \(intervals) intervals of \(TraceFile.format(interval)) s"
        out += " (\(Self.number(Double(intervals) * interval / 86_400)) days)"
        if gapIntervals > 0 {
            out += ", \(gapIntervals) of them in zero gaps left out"
        }
        out += "\n"
        out += "traffic:\n"
        out += "  rate: \(Self.number(mean))/s   # mean of the intervals kept\n"
        if let daily {
            let peak = daily.max()!
            let trough = daily.min()!
            out += "  daily:   # mean per hour of the day ÷ overall mean"
            out += trough > 0 ? "; peak/trough \(Self.number(peak / trough))×\n" : "\n"
            out += "    interpolation: step\n"
            out += "    points:\n"
            for (h, v) in daily.enumerated() {
                out += "      \"\(h < 10 ? "0" : "")\(h):00\": \(Self.number(v))\n"
            }
        } else {
            out += "  # no daily profile: the interval is longer than an hour, or some hour of the day has no data\n"
        }
        if let weekly {
            out += "  weekly: [\(weekly.map { Self.number($0) }.joined(separator: ", "))]   # Monday..Sunday\n"
        } else {
            out += "  # no weekly profile: it needs 7 days of data\n"
        }
        return out
    }

    /// Four significant digits, no exponent for the magnitudes a profile has.
    static func number(_ x: Double) -> String {
        guard x != 0 else { return "0" }
        let digits = max(0, 3 - Int((abs(x)).log10Floor))
        var s = String(format: "%.\(digits)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}

extension Double {
    /// ⌊log₁₀ x⌋ for x > 0.
    fileprivate var log10Floor: Int {
        var e = 0
        var v = self
        while v >= 10 {
            v /= 10
            e += 1
        }
        while v < 1 {
            v *= 10
            e -= 1
        }
        return e
    }
}
