import BulkheadScenario

/// The scenario `--set` inputs are applied to (small, valid).
let base = """
    name: fuzz
    duration: 1h
    machineTypes: { box: { cpu: 8, memory: 32Gi } }
    racks: [ { name: rack-a, type: box, machines: 2 } ]
    loadBalancers: [ { name: front, traffic: { rate: 50/s }, routes: { web: 1 } } ]
    services:
      - { name: web, tenant: demo, replicas: 2, resources: { requests: { cpu: 500m, memory: 512Mi } }, work: { cpu: { constant: 2ms } } }
    """

/// One input: the first byte chooses the parser (scenario loader and validator, sweep file,
/// guarantee / `--require` expression, `--set` values), the rest is its text. Every parser must
/// return or throw its typed error; a crash, hang or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: count - 1), as: UTF8.self)
    switch data[0] % 4 {
    case 0: _ = try? ScenarioLoader.parse(yaml: text, file: "fuzz.yaml")
    case 1: _ = try? SweepLoader.parse(yaml: text, file: "fuzz-sweep.yaml")
    case 2: _ = try? GuaranteeParser.parse(text)
    default:
        let overrides = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        _ = try? ScenarioLoader.parse(yaml: base, file: "fuzz.yaml", overrides: overrides)
    }
    return 0
}
