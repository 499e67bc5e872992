import Testing

@testable import BulkheadScenario

@Suite("Unit parsers")
struct QuantityTests {
    @Test(arguments: [
        ("250ms", Int64(250_000_000)), ("30s", 30_000_000_000), ("5m", 300_000_000_000), ("2h", 7_200_000_000_000),
        ("1d", 86_400_000_000_000), ("1.5s", 1_500_000_000), ("10us", 10_000), ("100ns", 100), ("5min", 300_000_000_000),
        ("1h30m", 5_400_000_000_000), (" 2s ", 2_000_000_000),
    ])
    func durations(text: String, nanoseconds: Int64) throws {
        #expect(try Quantity.duration(text) == nanoseconds)
    }

    @Test(arguments: ["30", "1.5", "abc", "30x", "s", "", "5 parsecs", "1e3s"])
    func badDurations(text: String) {
        #expect(throws: QuantityError.self) { try Quantity.duration(text) }
    }

    @Test func bareNumberDurationHasHint() {
        #expect(throws: QuantityError(message: "\"30\" has no unit", hint: "add a unit, e.g. 30s")) {
            try Quantity.duration("30")
        }
    }

    @Test(arguments: [("2", 2.0), ("0.5", 0.5), ("500m", 0.5), ("250m", 0.25), ("1500m", 1.5), ("32", 32)])
    func cpu(text: String, cores: Double) throws {
        #expect(try Quantity.cpu(text) == cores)
    }

    @Test(arguments: ["2 cores", "500mc", "m", "-", "inf", "0x10"])
    func badCPU(text: String) {
        #expect(throws: QuantityError.self) { try Quantity.cpu(text) }
    }

    @Test(arguments: [
        ("512Mi", 536_870_912.0), ("2Gi", 2_147_483_648), ("1G", 1e9), ("100M", 1e8), ("1Ki", 1024),
        ("1Ti", 1_099_511_627_776), ("4096", 4096), ("1.5Gi", 1_610_612_736),
    ])
    func memory(text: String, bytes: Double) throws {
        #expect(try Quantity.memory(text) == bytes)
    }

    @Test(arguments: ["2Gx", "Gi", "2 GB", "lots", "2iG"])
    func badMemory(text: String) {
        #expect(throws: QuantityError.self) { try Quantity.memory(text) }
    }

    @Test func badMemoryMessage() {
        #expect(throws: QuantityError(message: "\"2Gx\" is not a memory quantity (examples: 512Mi, 2Gi)")) {
            try Quantity.memory("2Gx")
        }
    }

    @Test(
        arguments: [("400/s", 400.0), ("3000/min", 50.0), ("10/h", 10.0 / 3600.0), ("86400/d", 1.0), ("0.5/s", 0.5)]
            as [(String, Double)])
    func rates(text: String, perSecond: Double) throws {
        #expect(try Quantity.rate(text) == perSecond)
    }

    @Test(arguments: ["400", "400/fortnight", "/s", "fast", "400/s/s"])
    func badRates(text: String) {
        #expect(throws: QuantityError.self) { try Quantity.rate(text) }
    }

    @Test(arguments: [("99.9%", 0.999), ("100%", 1.0), ("0.999", 0.999), ("1", 1), ("50%", 0.5), ("99.99%", 0.9999)])
    func fractions(text: String, value: Double) throws {
        #expect(try Quantity.fraction(text) == value)
    }

    @Test(arguments: ["99.9", "abc%", "%", "ninety"])
    func badFractions(text: String) {
        #expect(throws: QuantityError.self) { try Quantity.fraction(text) }
    }

    @Test(arguments: [
        ("12:00", Int64(43_200_000_000_000)), ("09:30", 34_200_000_000_000), ("9:30", 34_200_000_000_000),
        ("14:05:30", 50_730_000_000_000), ("00:00", 0), ("24:00", 86_400_000_000_000),
    ])
    func timesOfDay(text: String, nanoseconds: Int64) throws {
        #expect(try Quantity.timeOfDay(text) == nanoseconds)
    }

    @Test(arguments: ["25:00", "12:60", "12", "12:5", "noon", "24:01", "720"])
    func badTimesOfDay(text: String) {
        #expect(throws: QuantityError.self) { try Quantity.timeOfDay(text) }
    }

    @Test(arguments: [("8ms", 0.008), ("0.008", 0.008), ("1s", 1), ("2", 2), ("500us", 0.0005)])
    func seconds(text: String, value: Double) throws {
        #expect(try Quantity.seconds(text) == value)
    }

    @Test func editDistanceSuggestions() {
        #expect(EditDistance.distance("replica", "replicas") == 1)
        #expect(EditDistance.suggestion(for: "replica", among: ServiceDecoder.keys) == "replicas")
        #expect(EditDistance.suggestion(for: "tennant", among: ServiceDecoder.keys) == "tenant")
        #expect(EditDistance.suggestion(for: "zzzzzzzz", among: ServiceDecoder.keys) == nil)
    }
}
