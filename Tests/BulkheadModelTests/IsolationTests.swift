import BulkheadKernel
import BulkheadModel
import BulkheadTestSupport
import Foundation
import Testing

/// Two services on one 3-core machine, both overloaded (each offers 4 cores of work).
func twoTenantScenario(isolation: String, limitA: String = "") -> String {
    """
    name: two
    seed: 3
    duration: 120s
    machineTypes: { m: { cpu: 3, memory: 64Gi } }
    racks: [ { name: r, type: m, machines: 1 } ]
    loadBalancers:
      - name: front
        algorithm: round-robin
        traffic: { rate: 800/s }
        routes: { a: 0.5, b: 0.5 }
    services:
      - name: a
        tenant: ta
        replicas: 1
        resources: { requests: { cpu: "2", memory: 1Gi }\(limitA) }
        work: { cpu: { constant: 10ms } }
      - name: b
        tenant: tb
        replicas: 1
        resources: { requests: { cpu: "1", memory: 1Gi } }
        work: { cpu: { constant: 10ms } }
    isolation: { cpu: \(isolation), memory: limits }
    """
}

@Suite("CPU isolation")
struct IsolationTests {
    /// Under `shares`, CPU splits 2:1 by requests (±2%), and the machine is fully used.
    @Test func sharesSplitByRequests() throws {
        var (sim, _, _, _) = try makeSimulation(twoTenantScenario(isolation: "shares"))
        _ = sim.run()
        let cpu = sim.containerCPUSeconds
        print("VALIDATION shares: CPU-seconds \(cpu), ratio \(cpu[0] / cpu[1])")
        #expect(abs(cpu[0] / cpu[1] - 2) < 0.04, "shares: \(cpu)")
        #expect(abs(cpu[0] + cpu[1] - 3 * 120) < 3 * 120 * 0.01)
    }

    /// Under `quota` a container never exceeds its limit (0.5 core) even with idle cores around;
    /// the other container is work-conserving and takes the rest up to its demand.
    @Test func quotaCapsAtTheLimit() throws {
        var (sim, _, _, _) = try makeSimulation(
            twoTenantScenario(isolation: "quota", limitA: ", limits: { cpu: 2, memory: 2Gi }"))
        _ = sim.run()
        let capped = sim.containerCPUSeconds
        #expect(capped[0] <= 2 * 120 + 1e-6, "quota: \(capped)")
        var (low, _, _, _) = try makeSimulation(
            twoTenantScenario(isolation: "quota", limitA: ", limits: { cpu: 500m, memory: 2Gi }")
                .replacingOccurrences(of: "cpu: \"2\", memory: 1Gi", with: "cpu: 500m, memory: 1Gi"))
        _ = low.run()
        let cpu = low.containerCPUSeconds
        print("VALIDATION quota: CPU-seconds \(cpu) over 120 s (limit 0.5 core → 60)")
        #expect(cpu[0] <= 0.5 * 120 + 1e-6, "quota: \(cpu)")
        #expect(cpu[0] > 0.5 * 120 * 0.98)
        #expect(abs(cpu[1] - 2.5 * 120) < 2.5 * 120 * 0.02, "the other container takes the remaining cores: \(cpu)")
    }

    /// Under `none` requests do not matter: the split follows runnable threads, and with the same
    /// traffic and work on both sides that is 1:1 (±2%) despite 2:1 requests.
    @Test func noneSplitsByThreads() throws {
        var (sim, _, _, _) = try makeSimulation(twoTenantScenario(isolation: "none"))
        _ = sim.run()
        let cpu = sim.containerCPUSeconds
        print("VALIDATION none: CPU-seconds \(cpu), ratio \(cpu[0] / cpu[1])")
        #expect(abs(cpu[0] / cpu[1] - 1) < 0.02, "none: \(cpu)")
    }
}
