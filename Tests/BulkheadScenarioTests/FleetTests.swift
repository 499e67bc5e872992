import Foundation
import Testing

@testable import BulkheadScenario

/// Fleet templates (`count`, `{i}`, `{i%K}`, zone lists, draws, request mixes, service groups):
/// what they expand to, that the expansion is deterministic, and how mistakes are reported.
@Suite("Fleet templates")
struct FleetTests {
    static let yaml = """
        name: fleet
        seed: 5
        duration: 1h
        machineTypes: { box: { cpu: 32, memory: 128Gi } }
        racks:
          - { name: "r-{i}", count: 6, type: box, machines: 4, zone: [z-a, z-b, z-c] }
        loadBalancers:
          - { name: lb, traffic: { rate: 100/s }, routes: { web: 0.75, solo: 0.25 } }
        services:
          - name: "web-{i}"
            group: web
            count: 8
            tenant: "team-{i%3}"
            replicas: { draw: { uniform: { min: 2, max: 6 } } }
            resources: { requests: { cpu: { draw: { lognormal: { median: 0.5, sigma: 0.4 } } }, memory: { draw: { choice: [256, 512] }, unit: Mi } } }
            work: { cpu: { constant: 1ms } }
            calls: ["db-{i}"]
            topologySpread: { key: zone }
          - { name: "db-{i}", count: 8, tenant: "team-{i%3}", replicas: 2, resources: { requests: { cpu: 1, memory: 1Gi } }, work: { cpu: { constant: 1ms } } }
          - { name: solo, tenant: ops, replicas: 1, resources: { requests: { cpu: 1, memory: 1Gi } }, work: { cpu: { constant: 1ms } } }
        """

    @Test func templatesExpandWithNamesZonesTenantsAndGroupRoutes() throws {
        let s = try ScenarioLoader.parse(yaml: Self.yaml)
        #expect(s.racks.map(\.name) == (1...6).map { "r-\($0)" })
        #expect(s.racks.map(\.zone) == ["z-a", "z-b", "z-c", "z-a", "z-b", "z-c"])
        #expect(s.zones == ["z-a", "z-b", "z-c"])
        #expect(s.services.count == 17)
        #expect(s.services.prefix(8).map(\.name) == (1...8).map { "web-\($0)" })
        #expect(s.services.prefix(4).map(\.tenant) == ["team-1", "team-2", "team-3", "team-1"])
        #expect(s.services[2].calls.map(\.service) == ["db-3"])
        #expect(s.services[0].topologySpread?.key == .zone)
        for svc in s.services.prefix(8) {
            #expect((2...6).contains(svc.replicas))
            #expect([256.0 * 1_048_576, 512.0 * 1_048_576].contains(svc.resources.requestsMemory))
            #expect(svc.resources.requestsCPU > 0)
        }
        // Not all equal: the draws vary per instance.
        #expect(Set(s.services.prefix(8).map(\.resources.requestsCPU)).count > 1)
        let routes = s.loadBalancers[0].routes
        #expect(routes.count == 9)
        #expect(routes.prefix(8).allSatisfy { abs($0.weight - 0.75 / 8) < 1e-15 })
        #expect(abs(routes.reduce(0) { $0 + $1.weight } - 1) < 1e-9)
        #expect(s.warnings.isEmpty)
    }

    @Test func expansionIsDeterministicAndFollowsTheSeed() throws {
        let a = try ScenarioLoader.parse(yaml: Self.yaml)
        let b = try ScenarioLoader.parse(yaml: Self.yaml)
        #expect(a == b)
        let c = try ScenarioLoader.parse(yaml: edit(Self.yaml, "seed: 5", "seed: 6"))
        #expect(c.services.map(\.replicas) != a.services.map(\.replicas))
    }

    @Test func aMistakeInATemplateIsReportedOnceAtItsLine() throws {
        let bad = edit(Self.yaml, "work: { cpu: { constant: 1ms } }\n    calls", "work: { cpu: { constant: 1xs } }\n    calls")
        do {
            _ = try ScenarioLoader.parse(yaml: bad, file: "f.yaml")
            Issue.record("expected an error")
        } catch {
            let ds = error.diagnostics.filter { $0.path.hasSuffix("work.cpu.constant") || $0.path.hasSuffix("work.cpu") }
            #expect(ds.count == 1, "\(error.diagnostics)")
            let p = position(of: "1xs", in: bad)
            #expect(ds.first?.line == p.line)
        }
    }

    @Test func unknownPlaceholderAndMissingIndexAreErrors() throws {
        let bad = edit(Self.yaml, "tenant: \"team-{i%3}\"", "tenant: \"team-{j}\"")
        #expect(throws: ScenarioError.self) { try ScenarioLoader.parse(yaml: bad) }
        do { _ = try ScenarioLoader.parse(yaml: bad, file: "f.yaml") } catch {
            let line = position(of: "team-{j}", in: bad).line
            #expect(error.diagnostics.contains { $0.message.contains("unknown placeholder {j}") && $0.line == line })
        }
        let noIndex = edit(Self.yaml, "name: \"r-{i}\"", "name: rack")
        do { _ = try ScenarioLoader.parse(yaml: noIndex, file: "f.yaml") } catch {
            #expect(error.diagnostics.contains { $0.path == "racks[0].name" && $0.message.contains("{i}") })
        }
    }

    @Test func aFleetTooLargeForMemoryIsRefusedBeforeExpansionWithTheEstimate() throws {
        let huge = edit(Self.yaml, "count: 8\n", "count: 9000000\n")
            .replacingOccurrences(of: "replicas: { draw: { uniform: { min: 2, max: 6 } } }", with: "replicas: 5000")
        let start = Date()
        do {
            _ = try ScenarioLoader.parse(yaml: huge, file: "big.yaml")
            Issue.record("expected the fleet to be refused")
        } catch {
            #expect(error.diagnostics.count == 1)
            let d = try #require(error.diagnostics.first)
            #expect(d.path == "services[0].count")
            #expect(d.line == position(of: "count: 9000000", in: huge).line)
            #expect(d.message.contains("45000000017 containers"))
            #expect(d.message.contains("GiB"))
        }
        // Refused from the counts alone: nothing of the fleet was built.
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func zonesAreCheckedAgainstRacksAndFaults() throws {
        let mixed = edit(Self.yaml, "  - { name: \"r-{i}\"", "  - { name: plain, type: box, machines: 1 }\n  - { name: \"r-{i}\"")
        do { _ = try ScenarioLoader.parse(yaml: mixed) } catch {
            #expect(error.diagnostics.contains { $0.message.contains("has no `zone`") })
        }
        let fault = Self.yaml + "\nfaults: [ { kind: zone-outage, zone: z-d, at: \"10:00\", duration: 5m } ]\n"
        do { _ = try ScenarioLoader.parse(yaml: fault) } catch {
            #expect(error.diagnostics.contains { $0.path == "faults[0].zone" && $0.message == "no zone `z-d`" })
        }
        let ok = Self.yaml + "\nfaults: [ { kind: zone-outage, zone: z-b, at: \"10:00\", duration: 5m } ]\n"
        #expect(try ScenarioLoader.parse(yaml: ok).faults.first?.zone == "z-b")
    }

    @Test func requestMixTablesAreReadAndSampledByWeight() throws {
        let table = try RequestMix(text: "# c\ncpu,memory,weight\n0.1,0.2,3\n0.4,0.8,1\n")
        #expect(abs(table.mean.cpu - 0.175) < 1e-12)
        var s = FleetStream(seed: 1, purpose: "t")
        var first = 0
        for _ in 0..<20_000 where table.sample(&s).cpu == 0.1 { first += 1 }
        #expect(abs(Double(first) / 20_000 - 0.75) < 0.02)
        #expect(throws: QuantityError.self) { try RequestMix(text: "cpu,mem\n1,2\n") }
        #expect(throws: QuantityError.self) { try RequestMix(text: "cpu,memory,weight\n1,-2,1\n") }
    }
}
