import BulkheadScenario
import Foundation
import Testing

/// `gpu` and `extended` in machine types and requests, and their errors with line:column.
@Suite struct ExtendedResourceDecodingTests {
    static let yaml = """
        name: gpus
        duration: 1h
        machineTypes:
          box: { cpu: 8, memory: 32Gi, gpu: 4, extended: { example.com/fpga: 2 } }
        racks:
          - { name: rack-a, type: box, machines: 2 }
        loadBalancers:
          - name: front
            traffic: { rate: 50/s }
            routes: { web: 1 }
        services:
          - name: web
            tenant: demo
            replicas: 2
            resources: { requests: { cpu: 500m, memory: 512Mi, gpu: 460m, extended: { example.com/fpga: 1 } } }
            work: { cpu: { exponential: { mean: 5ms } } }
        """

    @Test func decodes() throws {
        let s = try ScenarioLoader.parse(yaml: Self.yaml)
        #expect(s.machineTypes[0].gpu == 4)
        #expect(s.machineTypes[0].extended == ["example.com/fpga": 2])
        #expect(s.services[0].resources.requestsGPU == 0.46)
        #expect(s.services[0].resources.requestsExtended == ["example.com/fpga": 1])
    }

    @Test(
        arguments: [
            ("gpu: 460m", "gpu: 1.5", "services[0].resources.requests.gpu", 15, 61, "neither"),
            ("gpu: 4,", "gpu: -1,", "machineTypes.box.gpu", 4, 37, "must not be negative"),
            (
                "example.com/fpga: 1 }", "example.com/fgpa: 1 }", "services[0].resources.requests.extended.example.com/fgpa", nil,
                nil, "no machine type offers"
            ),
            (
                "extended: { example.com/fpga: 2 }", "extended: { nvidia.com/gpu: 2 }",
                "machineTypes.box.extended.nvidia.com/gpu", 4, 52, "not an extended resource"
            ),
        ] as [(String, String, String, Int?, Int?, String)])
    func errors(from: String, to: String, path: String, line: Int?, column: Int?, message: String) {
        let yaml = Self.yaml.replacingOccurrences(of: from, with: to)
        let d = Fixtures.diagnostic(yaml, path: path)
        #expect(d != nil, "no diagnostic at \(path): \(Fixtures.diagnostics(yaml))")
        #expect(d?.message.contains(message) == true, "\(String(describing: d))")
        if let line { #expect(d?.line == line) }
        if let column { #expect(d?.column == column) }
    }

    @Test func typoHasSuggestion() {
        let yaml = Self.yaml.replacingOccurrences(of: "example.com/fpga: 1 }", with: "example.com/fgpa: 1 }")
        let d = Fixtures.diagnostic(yaml, path: "services[0].resources.requests.extended.example.com/fgpa")
        #expect(d?.hint?.contains("example.com/fpga") == true)
    }
}
