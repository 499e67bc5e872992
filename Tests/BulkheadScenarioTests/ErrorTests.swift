import Testing

@testable import BulkheadScenario

/// 1-based line and column of the `occurrence`-th appearance of `needle` in `text`.
func position(of needle: String, in text: String, occurrence: Int = 1) -> (line: Int, column: Int) {
    var seen = 0
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        var rest = Substring(line)
        var offset = 0
        while let r = rest.range(of: needle) {
            seen += 1
            let col = offset + rest.distance(from: rest.startIndex, to: r.lowerBound)
            if seen == occurrence { return (i + 1, col + 1) }
            offset = col + needle.count
            rest = rest[r.upperBound...]
        }
    }
    return (0, 0)
}

/// Replaces exactly one occurrence, failing the test if `old` is missing.
func edit(_ text: String, _ old: String, _ new: String) -> String {
    #expect(text.contains(old), "fixture does not contain \(old)")
    guard let r = text.range(of: old) else { return text }
    return text.replacingCharacters(in: r, with: new)
}

@Suite("Diagnostics")
struct ErrorTests {
    let small = Fixtures.small

    @Test func badQuantityPointsAtTheValue() throws {
        let yaml = edit(
            small, "memory: 512Mi } }\n    work: { cpu: { exponential", "memory: 2Gx } }\n    work: { cpu: { exponential")
        let d = try #require(Fixtures.diagnostic(yaml, path: "services[0].resources.requests.memory"))
        let p = position(of: "2Gx", in: yaml)
        #expect(d.line == p.line && d.column == p.column)
        #expect(d.file == "test.yaml")
        #expect(d.message == "\"2Gx\" is not a memory quantity (examples: 512Mi, 2Gi)")
        #expect(
            d.description
                == "test.yaml:\(p.line):\(p.column): services[0].resources.requests.memory: \"2Gx\" is not a memory quantity (examples: 512Mi, 2Gi)"
        )
    }

    @Test func yamlSyntaxErrorHasPosition() {
        let yaml = edit(small, "routes: { web: 0.8, api: 0.2 }", "routes: { web: 0.8, api: 0.2")
        let diags = Fixtures.diagnostics(yaml)
        #expect(diags.count == 1)
        #expect(diags.first?.message.hasPrefix("YAML syntax error") == true)
        #expect(diags.first?.line != nil && diags.first?.column != nil)
    }

    @Test func unknownKeySuggestsAndMissingKeyIsReported() throws {
        let yaml = edit(
            small, "    replicas: 2\n    resources: { requests: { cpu: 500m, memory: 512Mi } }\n    work: { cpu: { exponential",
            "    replica: 2\n    resources: { requests: { cpu: 500m, memory: 512Mi } }\n    work: { cpu: { exponential")
        let unknown = try #require(Fixtures.diagnostic(yaml, path: "services[0].replica"))
        #expect(unknown.message == "unknown key `replica`")
        #expect(unknown.hint == "did you mean `replicas`?")
        let p = position(of: "replica:", in: yaml)
        #expect(unknown.line == p.line && unknown.column == p.column)
        let missing = try #require(Fixtures.diagnostic(yaml, path: "services[0].replicas"))
        #expect(missing.message == "missing required key `replicas`")
        #expect(missing.line == position(of: "name: web", in: yaml).line)
    }

    @Test func duplicateKeysAreReported() {
        let yaml = edit(small, "    replicas: 2\n", "    replicas: 2\n    replicas: 3\n")
        let diags = Fixtures.diagnostics(yaml)
        #expect(diags.count == 1)
        #expect(diags.first?.message.contains("duplicate") == true)
        #expect(diags.first?.line != nil)
    }

    @Test func wrongTypeIsReported() throws {
        let yaml = edit(small, "machines: 2", "machines: [2]")
        let d = try #require(Fixtures.diagnostic(yaml, path: "racks[0].machines"))
        #expect(d.message.contains("expected a single value, found a list"))
    }

    @Test func misplacedAndMisspelledTopLevelKeys() throws {
        // Every key once reserved is now built; `autoscaling` belongs to a service, not the top level.
        let yaml = small + "\nautoscaling: []\nhogz: 1\n"
        let misplaced = try #require(Fixtures.diagnostic(yaml, path: "autoscaling"))
        #expect(misplaced.message.hasPrefix("unknown key `autoscaling`"))
        #expect(misplaced.line == position(of: "autoscaling:", in: yaml).line && misplaced.column == 1)
        let hogz = try #require(Fixtures.diagnostic(yaml, path: "hogz"))
        #expect(hogz.message.hasPrefix("unknown key `hogz`"))
        #expect(hogz.hint?.contains("hogs") == true || hogz.message.contains("hogs"))
    }

    @Test func undefinedReferences() throws {
        var yaml = edit(small, "type: box", "type: bxo")
        yaml = edit(yaml, "routes: { web: 0.8, api: 0.2 }", "routes: { web: 0.8, apx: 0.2 }")
        yaml = edit(yaml, "calls: [ { service: api } ]", "calls: [ { service: apu } ]\n    role: gpu")
        let type = try #require(Fixtures.diagnostic(yaml, path: "racks[0].type"))
        #expect(type.message == "machine type `bxo` is not defined in machineTypes")
        #expect(type.hint == "did you mean `box`?")
        #expect(type.line == position(of: "bxo", in: yaml).line && type.column == position(of: "bxo", in: yaml).column)
        let route = try #require(Fixtures.diagnostic(yaml, path: "loadBalancers[0].routes.apx"))
        #expect(route.message == "route to undefined service `apx`")
        #expect(route.line == position(of: "0.2 }", in: yaml).line)
        let call = try #require(Fixtures.diagnostic(yaml, path: "services[0].calls[0]"))
        #expect(call.message == "call to undefined service `apu`" && call.hint == "did you mean `api`?")
        let role = try #require(Fixtures.diagnostic(yaml, path: "services[0].role"))
        #expect(role.message == "no rack provides role `gpu`")
        #expect(role.line == position(of: "role: gpu", in: yaml).line)
    }

    @Test func duplicateNames() throws {
        let yaml = edit(small, "  - name: api\n", "  - name: web\n")
        let d = try #require(Fixtures.diagnostic(yaml, path: "services[1].name"))
        #expect(d.message.hasPrefix("duplicate service name `web`"))
        #expect(d.line == position(of: "name: web", in: yaml, occurrence: 2).line)
    }

    @Test func impossibleValuesAreAllReported() {
        var yaml = edit(small, "duration: 1h", "duration: 1h\nwarmup: 2h")
        yaml = edit(yaml, "machines: 2", "machines: 0")
        yaml = edit(yaml, "rate: 50/s", "rate: 0/s")
        yaml = edit(yaml, "api: 0.2", "api: 0.1")
        yaml = edit(yaml, "replicas: 2", "replicas: -1")
        yaml = edit(
            yaml, "memory: 512Mi } }\n    work: { cpu: { constant",
            "memory: 512Mi }, limits: { cpu: 250m } }\n    work: { cpu: { constant")
        yaml = edit(yaml, "    traffic:", "    healthCheck: { interval: 0s, unhealthyThreshold: 0 }\n    traffic:")
        yaml += "\n    slo: { availability: 150% }\n"
        let paths = Set(Fixtures.diagnostics(yaml).map(\.path))
        for expected in [
            "warmup", "racks[0].machines", "loadBalancers[0].traffic.rate", "loadBalancers[0].routes",
            "services[0].replicas", "services[1].resources.limits.cpu", "loadBalancers[0].healthCheck.interval",
            "loadBalancers[0].healthCheck.unhealthyThreshold", "services[1].slo.availability",
        ] {
            #expect(paths.contains(expected), "no diagnostic at \(expected)")
        }
        let sum = Fixtures.diagnostic(yaml, path: "loadBalancers[0].routes")
        #expect(sum?.message.contains("sum to 0.9") == true)
    }

    @Test func callCyclesAreErrors() throws {
        let yaml = edit(small, "work: { cpu: { constant: 2ms } }", "work: { cpu: { constant: 2ms } }\n    calls: [ web ]")
        let d = try #require(Fixtures.diagnostic(yaml, path: "services[1].calls[0]"))
        #expect(d.message == "call cycle: web → api → web")
    }

    @Test func unreachedServiceIsAWarning() throws {
        let yaml = edit(small, "routes: { web: 0.8, api: 0.2 }", "routes: { api: 1.0 }")
        let s = try ScenarioLoader.parse(yaml: yaml)
        #expect(s.warnings.count == 1)
        #expect(s.warnings.first?.severity == .warning)
        #expect(s.warnings.first?.path == "services[0].name")
    }

    @Test func bareNumberDurationGetsHint() throws {
        let yaml = edit(small, "duration: 1h", "duration: 3600")
        let d = try #require(Fixtures.diagnostic(yaml, path: "duration"))
        #expect(d.hint == "add a unit, e.g. 30s")
        #expect(d.line == 2 && d.column == 11)
    }

    @Test func distributionParametersAreValidated() throws {
        var yaml = edit(small, "{ exponential: { mean: 5ms } }", "{ gamma: { shape: 0, scale: 1ms } }")
        yaml = edit(yaml, "{ constant: 2ms }", "{ lognormall: { mean: 2ms, cv: 1 } }")
        let shape = try #require(Fixtures.diagnostic(yaml, path: "services[0].work.cpu.gamma.shape"))
        #expect(shape.message == "shape must be > 0, found 0.0")
        let kind = try #require(Fixtures.diagnostic(yaml, path: "services[1].work.cpu.lognormall"))
        #expect(kind.hint == "did you mean `lognormal`?")
    }

    @Test(arguments: [
        ("{ uniform: { min: 3ms, max: 1ms } }", "services[1].work.cpu.uniform.max"),
        ("{ normal: { mean: 5ms, sd: -1ms } }", "services[1].work.cpu.normal.sd"),
        ("{ lognormal: { mean: 5ms, cv: -1 } }", "services[1].work.cpu.lognormal.cv"),
        ("{ boundedPareto: { shape: 1.1, lower: 1s, upper: 1ms } }", "services[1].work.cpu.boundedPareto.upper"),
        ("{ empirical: { cdf: [[1ms, 0.5], [4ms, 0.9]] } }", "services[1].work.cpu.empirical.cdf"),
        ("{ empirical: { cdf: [[4ms, 0.5], [1ms, 1.0]] } }", "services[1].work.cpu.empirical.cdf[1]"),
        ("{ weibull: { shape: 1.5 } }", "services[1].work.cpu.weibull.scale"),
        ("{ pareto: { shape: 2.5, scale: 1ms, mean: 1 } }", "services[1].work.cpu.pareto.mean"),
    ])
    func badDistributions(distribution: String, path: String) {
        let yaml = edit(small, "{ constant: 2ms }", distribution)
        #expect(Fixtures.diagnostic(yaml, path: path) != nil, "\(Fixtures.diagnostics(yaml))")
    }

    @Test(arguments: [
        ("{ constant: { value: 5ms } }", DistributionSpec.constant(0.005)),
        ("{ lognormal: { median: 5ms, sigma: 0.8 } }", .lognormalMedian(median: 0.005, sigma: 0.8)),
        ("{ weibull: { shape: 1.5, scale: 10ms } }", .weibull(shape: 1.5, scale: 0.01)),
        ("{ pareto: { shape: 2.5, scale: 1ms } }", .pareto(shape: 2.5, scale: 0.001)),
        ("{ boundedPareto: { shape: 1.1, lower: 1ms, upper: 1s } }", .boundedPareto(shape: 1.1, lower: 0.001, upper: 1)),
        ("{ empirical: { samples: [1ms, 2ms, 5ms] } }", .empirical(samples: [0.001, 0.002, 0.005])),
        (
            "{ empirical: { cdf: [[1ms, 0.5], [4ms, 1.0]] } }",
            .empiricalCDF(points: [CDFPoint(value: 0.001, p: 0.5), CDFPoint(value: 0.004, p: 1)])
        ),
        ("{ normal: { mean: 5ms, sd: 1ms } }", .normal(mean: 0.005, sd: 0.001)),
        ("{ uniform: { min: 1ms, max: 3ms } }", .uniform(min: 0.001, max: 0.003)),
        ("{ gamma: { shape: 2, scale: 0.004 } }", .gamma(shape: 2, scale: 0.004)),
    ])
    func goodDistributions(distribution: String, expected: DistributionSpec) throws {
        let yaml = edit(small, "{ constant: 2ms }", distribution)
        let s = try ScenarioLoader.parse(yaml: yaml)
        #expect(s.services[1].work.cpu == expected)
    }

    @Test func errorDescriptionHasOneLinePerDiagnostic() {
        let yaml = edit(edit(small, "machines: 2", "machines: 0"), "rate: 50/s", "rate: 50")
        do {
            _ = try ScenarioLoader.parse(yaml: yaml, file: "s.yaml")
            Issue.record("expected failure")
        } catch {
            #expect(error.diagnostics.count == 2)
            let lines = error.description.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(
                lines[1] == "s.yaml:9:22: loadBalancers[0].traffic.rate: \"50\" has no time unit — write it as a rate, e.g. 50/s")
        }
    }
}
