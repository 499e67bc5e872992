import Foundation

@testable import BulkheadScenario

/// Shared YAML fixtures and helpers for the scenario tests.
enum Fixtures {
    /// The normative example from the design brief, verbatim.
    static let normative = """
        name: gilt-japan
        seed: 42
        duration: 24h
        warmup: 30m
        machineTypes:
          box: { cpu: 32, memory: 128Gi }
          db:  { cpu: 32, memory: 256Gi }
        racks:
          - { name: rack-a, type: box, machines: 3 }
          - { name: rack-b, type: box, machines: 3 }
          - { name: rack-data, type: db, machines: 3, role: data }
        maxContainersPerMachine: 40
        loadBalancers:
          - name: front
            algorithm: least-connections
            healthCheck: { interval: 5s, unhealthyThreshold: 3, healthyThreshold: 2 }
            traffic:
              rate: 400/s
              daily: { interpolation: linear, points: { "00:00": 0.2, "06:00": 0.3, "09:00": 0.8, "12:00": 1.0, "18:00": 0.9, "22:00": 0.4 } }
              spikes: [ { at: "12:00", duration: 30m, multiplier: 3.5, ramp: 2m } ]
            routes: { catalog: 0.45, product: 0.25, cart: 0.15, checkout: 0.05, search: 0.10 }
        services:
          - name: catalog
            tenant: browse
            replicas: 12
            resources: { requests: { cpu: 500m, memory: 1Gi }, limits: { cpu: "2", memory: 2Gi } }
            work: { cpu: { lognormal: { mean: 8ms, cv: 1.5 } } }
            memory: { base: 600Mi, perRequest: 4Mi }
            calls: [ { service: postgres, count: 2 } ]
            timeout: 2s
            slo: { latency: { p99: 250ms }, availability: 99.9% }
          - name: postgres
            tenant: platform
            role: data
            replicas: 2
            resources: { requests: { cpu: "8", memory: 64Gi } }
            work: { cpu: { exponential: { mean: 1ms } } }
        placement: { policy: spread }
        isolation: { cpu: shares, memory: limits }
        """

    /// The normative example plus the four services its routes need, so it is fully valid.
    static var normativeComplete: String {
        normative.replacingOccurrences(
            of: "placement: { policy: spread }",
            with: """
                  - { name: product, tenant: browse, replicas: 2, resources: { requests: { cpu: 1, memory: 1Gi } }, work: { cpu: { constant: 5ms } } }
                  - { name: cart, tenant: shop, replicas: 2, resources: { requests: { cpu: 1, memory: 1Gi } }, work: { cpu: { constant: 5ms } } }
                  - { name: checkout, tenant: shop, replicas: 2, resources: { requests: { cpu: 1, memory: 1Gi } }, work: { cpu: { constant: 5ms } } }
                  - { name: search, tenant: browse, replicas: 2, resources: { requests: { cpu: 1, memory: 1Gi } }, work: { cpu: { constant: 5ms } } }
                placement: { policy: spread }
                """)
    }

    /// A small valid scenario whose lines are easy to point at in tests (line numbers in comments).
    static let small = """
        name: small
        duration: 1h
        machineTypes:
          box: { cpu: 8, memory: 32Gi }
        racks:
          - { name: rack-a, type: box, machines: 2 }
        loadBalancers:
          - name: front
            traffic: { rate: 50/s }
            routes: { web: 0.8, api: 0.2 }
        services:
          - name: web
            tenant: demo
            replicas: 2
            resources: { requests: { cpu: 500m, memory: 512Mi } }
            work: { cpu: { exponential: { mean: 5ms } } }
            calls: [ { service: api } ]
          - name: api
            tenant: demo
            replicas: 2
            resources: { requests: { cpu: 500m, memory: 512Mi } }
            work: { cpu: { constant: 2ms } }
        """

    /// The repository root (for the shipped scenarios).
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Parses `yaml`, expecting failure; returns the diagnostics (empty if it unexpectedly succeeded).
    static func diagnostics(_ yaml: String, overrides: [String] = []) -> [Diagnostic] {
        do {
            _ = try ScenarioLoader.parse(yaml: yaml, file: "test.yaml", overrides: overrides)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The single diagnostic at `path`, if any.
    static func diagnostic(_ yaml: String, path: String, overrides: [String] = []) -> Diagnostic? {
        diagnostics(yaml, overrides: overrides).first { $0.path == path }
    }
}
