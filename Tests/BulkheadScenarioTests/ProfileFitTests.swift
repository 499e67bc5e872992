import Foundation
import Testing

@testable import BulkheadScenario

/// `fit-profile`: the separable mean model recovers a separable trace exactly; zero gaps are left
/// out; the NASA extract gives a daytime peak and lighter weekends.
@Suite("Profile fit")
struct ProfileFitTests {
    /// rate(day, hour) = 5 × a[hour] × b[weekday], 14 days at 15-minute rows starting on a Wednesday.
    @Test func recoversASeparableProfile() throws {
        let a = (0..<24).map { 1 + 0.5 * sin(Double($0) / 24 * 2 * .pi) }
        let b = [1.2, 1.1, 1.0, 1.0, 1.0, 0.5, 0.4]  // Monday..Sunday
        let am = a.reduce(0, +) / 24
        let bm = b.reduce(0, +) / 7
        var rates: [Double] = []
        for day in 0..<14 {
            for q in 0..<96 { rates.append(5 * a[q / 4] * b[(day + 2) % 7]) }
        }
        let fit = try ProfileFit.fit(TraceFile(interval: 900, rates: rates), firstDay: .wednesday)
        let daily = try #require(fit.daily)
        let weekly = try #require(fit.weekly)
        for h in 0..<24 { #expect(abs(daily[h] - a[h] / am) < 1e-9) }
        for d in 0..<7 { #expect(abs(weekly[d] - b[d] / bm) < 1e-9) }
        #expect(abs(fit.mean - 5 * am * bm) < 1e-9)
        let yaml = fit.yaml(source: "t.csv")
        #expect(yaml.contains("traffic:\n  rate: "))
        #expect(yaml.contains("    interpolation: step\n    points:\n      \"00:00\": "))
        #expect(yaml.contains("  weekly: ["))
    }

    /// A zero run of at least `gap` is left out of the means; a shorter one is low demand.
    @Test func zeroGapsAreLeftOut() throws {
        var rates = [Double](repeating: 2, count: 3 * 24)  // 3 days of hours
        for k in 30..<40 { rates[k] = 0 }  // a 10-hour outage
        rates[50] = 0  // one quiet hour
        let fit = try ProfileFit.fit(TraceFile(interval: 3600, rates: rates), gap: 2 * 3600)
        #expect(fit.gapIntervals == 10)
        #expect(abs(fit.mean - 2 * 61 / 62) < 1e-12)
        #expect(fit.weekly == nil)
        #expect(throws: ProfileFit.Problem.self) { try ProfileFit.fit(TraceFile(interval: 60, rates: [0, 0, 0])) }
    }

    /// The committed NASA August extract: the outage (37.7 h) is the only gap of an hour or more;
    /// the afternoon is busier than the night, Saturday and Sunday lighter than weekdays.
    @Test func nasaAugust() throws {
        let path = Fixtures.repoRoot.appendingPathComponent("data/nasa/nasa-ksc-aug1995-per-minute.csv").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let trace = try TraceFile.parse(text, options: .init(interval: 60))
        let fit = try ProfileFit.fit(trace, firstDay: .tuesday)
        let daily = try #require(fit.daily)
        let weekly = try #require(fit.weekly)
        print(
            "VALIDATION fit-profile NASA Aug 1995: mean \(fit.mean)/s, daily peak/trough \(daily.max()! / daily.min()!), weekly \(weekly), gap minutes \(fit.gapIntervals)"
        )
        #expect(fit.gapIntervals >= 37 * 60 && fit.gapIntervals <= 38 * 60)
        #expect(daily[14] > 2 * daily[4])
        #expect(weekly[5] < 0.75 && weekly[6] < 0.75)
        #expect(weekly[0...4].allSatisfy { $0 > 1 })
    }
}
