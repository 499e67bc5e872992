/// Cross-reference checks over a decoded scenario: names that must exist, names that must be unique,
/// roles that must be provided, and call graphs that must be acyclic.
///
/// Positions come from the paths the decoder recorded. A service that no route or call reaches is a
/// *warning*, not an error: background tenants (agents, batch jobs) legitimately take resources
/// without serving traffic.
struct ScenarioValidator {
    let ctx: DecodeContext

    /// Every `pinnedTo` name is a machine of the racks (`<rack>-<k>`, k = 1…machines).
    /// - Complexity: O(machines + pins).
    func pins(_ s: Scenario) {
        guard s.services.contains(where: { $0.pinnedTo != nil }) else { return }
        var machines: Set<String> = []
        for rack in s.racks where rack.machines >= 1 { for k in 1...rack.machines { machines.insert("\(rack.name)-\(k)") } }
        for (i, svc) in s.services.enumerated() {
            for (j, name) in (svc.pinnedTo ?? []).enumerated() where !machines.contains(name) {
                ctx.error(
                    "machine `\(name)` does not exist", path: "services[\(i)].pinnedTo[\(j)]",
                    hint: "machines are named `<rack>-<k>` (k = 1…machines of the rack)"
                        + (EditDistance.suggestion(for: name, among: Array(machines).sorted()).map { "; did you mean `\($0)`?" }
                            ?? ""))
            }
        }
    }

    func validate(_ s: Scenario) {
        let typeNames = s.machineTypes.map(\.name)
        let serviceNames = s.services.map(\.name)
        let serviceSet = Set(serviceNames)
        duplicates(s.racks.map(\.name), "racks", what: "rack")
        duplicates(s.loadBalancers.map(\.name), "loadBalancers", what: "load balancer")
        duplicates(serviceNames, "services", what: "service")

        for (i, rack) in s.racks.enumerated() where !rack.type.isEmpty && !typeNames.contains(rack.type) {
            ctx.error(
                "machine type `\(rack.type)` is not defined in machineTypes", path: "racks[\(i)].type",
                hint: EditDistance.hint(for: rack.type, among: typeNames))
        }
        for (b, lb) in s.loadBalancers.enumerated() {
            for (r, route) in lb.routes.enumerated() where !serviceSet.contains(route.service) {
                let keyed = "loadBalancers[\(b)].routes.\(route.service)"
                ctx.error(
                    "route to undefined service `\(route.service)`",
                    path: ctx.locations[keyed] != nil
                        ? keyed
                        : "loadBalancers[\(b)].routes[\(r)]",
                    hint: EditDistance.hint(for: route.service, among: serviceNames))
            }
        }
        extendedResources(s)
        pins(s)
        let rackRoles = Set(s.racks.compactMap(\.role))
        for (i, svc) in s.services.enumerated() {
            for (c, call) in svc.calls.enumerated() where !call.service.isEmpty && !serviceSet.contains(call.service) {
                ctx.error(
                    "call to undefined service `\(call.service)`", path: "services[\(i)].calls[\(c)]",
                    hint: EditDistance.hint(for: call.service, among: serviceNames))
            }
            if let role = svc.role, !rackRoles.contains(role) {
                ctx.error(
                    "no rack provides role `\(role)`", path: "services[\(i)].role",
                    hint: EditDistance.hint(for: role, among: Array(rackRoles))
                        ?? "add `role: \(role)` to a rack")
            }
        }
        let tenantNames = Array(Set(s.services.map(\.tenant))).sorted()
        for t in s.tenants {
            if !tenantNames.contains(t.name) {
                ctx.error(
                    "tenant `\(t.name)` is not used by any service", path: "tenants.\(t.name)",
                    hint: EditDistance.hint(for: t.name, among: tenantNames))
            }
            for (k, other) in t.avoidTenants.enumerated() where !tenantNames.contains(other) {
                ctx.error(
                    "tenant `\(other)` is not used by any service", path: "tenants.\(t.name).avoidTenants[\(k)]",
                    hint: EditDistance.hint(for: other, among: tenantNames))
            }
        }
        for (i, release) in s.releases.enumerated() where !release.service.isEmpty && !serviceNames.contains(release.service) {
            ctx.error(
                "release of undefined service `\(release.service)`", path: "releases[\(i)].service",
                hint: EditDistance.hint(for: release.service, among: serviceNames))
        }
        // Blue-green brings up a second set of the service's fixed replica count: an autoscaled
        // service's count moves under it, which the model does not represent.
        for (i, release) in s.releases.enumerated() where release.isBlueGreen {
            guard let k = s.services.firstIndex(where: { $0.name == release.service }), s.services[k].autoscaling != nil else {
                continue
            }
            ctx.error(
                "a blue-green release of an autoscaled service is not supported", path: "releases[\(i)].stages",
                hint: "release `\(release.service)` with a rolling update (`{ release: { batch, interval } }`) instead")
        }
        for (i, hog) in s.hogs.enumerated() where !hog.service.isEmpty && !serviceNames.contains(hog.service) {
            ctx.error(
                "hog targets undefined service `\(hog.service)`", path: "hogs[\(i)].service",
                hint: EditDistance.hint(for: hog.service, among: serviceNames))
        }
        for entry in s.interference where !serviceNames.contains(entry.service) {
            ctx.error(
                "interference names undefined service `\(entry.service)`", path: "interference.\(entry.service)",
                hint: EditDistance.hint(for: entry.service, among: serviceNames))
        }
        zones(s)
        cycles(s)
        unreached(s)
    }

    /// Zones: every rack names one or none does; zone-outage faults and `key: zone` spreads need zones.
    private func zones(_ s: Scenario) {
        let zones = s.zones
        if !zones.isEmpty {
            for (i, rack) in s.racks.enumerated() where rack.zone == nil {
                ctx.error(
                    "rack `\(rack.name)` has no `zone`, but other racks do", path: "racks[\(i)]",
                    hint: "give every rack a zone (e.g. `zone: \(zones[0])`) or none")
            }
        }
        for (i, f) in s.faults.enumerated() where f.kind == .zoneOutage {
            guard let z = f.zone, !zones.contains(z) else { continue }
            ctx.error(
                "no zone `\(z)`", path: "faults[\(i)].zone",
                hint: EditDistance.hint(for: z, among: zones) ?? (zones.isEmpty ? "add `zone:` to the racks" : nil))
        }
        guard zones.isEmpty else { return }
        for (i, svc) in s.services.enumerated() where svc.topologySpread?.key == .zone {
            ctx.error(
                "topologySpread.key `zone` needs zones, but no rack names a `zone`", path: "services[\(i)].topologySpread.key",
                hint: "add `zone:` to the racks, or spread over `rack`")
        }
        for (i, sc) in (s.placement.scorers ?? []).enumerated() where sc.key == .zone {
            ctx.error(
                "scorer key `zone` needs zones, but no rack names a `zone`", path: "placement.scorers[\(i)].key",
                hint: "add `zone:` to the racks, or use key `rack`")
        }
    }

    /// Reports each repeated name at its second and later occurrences.
    private func duplicates(_ names: [String], _ path: String, what: String) {
        var seen: [String: Int] = [:]
        for (i, name) in names.enumerated() where !name.isEmpty {
            if let first = seen[name] {
                ctx.error("duplicate \(what) name `\(name)` (first used by \(path)[\(first)])", path: "\(path)[\(i)].name")
            } else {
                seen[name] = i
            }
        }
    }

    /// Depth-first search over calls; each cycle is reported once, at the call that closes it.
    private func cycles(_ s: Scenario) {
        let index = Dictionary(s.services.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var state = [Int](repeating: 0, count: s.services.count)  // 0 new, 1 on stack, 2 done
        var stack: [Int] = []
        func visit(_ i: Int) {
            state[i] = 1
            stack.append(i)
            for (c, call) in s.services[i].calls.enumerated() {
                guard let j = index[call.service] else { continue }
                if state[j] == 1 {
                    let loop = stack[stack.lastIndex(of: j)!...].map { s.services[$0].name } + [call.service]
                    ctx.error(
                        "call cycle: \(loop.joined(separator: " → "))", path: "services[\(i)].calls[\(c)]",
                        hint: "requests would never finish; remove one of these calls")
                } else if state[j] == 0 {
                    visit(j)
                }
            }
            stack.removeLast()
            state[i] = 2
        }
        for i in s.services.indices where state[i] == 0 { visit(i) }
    }

    /// Warns about services that receive no requests.
    private func unreached(_ s: Scenario) {
        var reached = Set(s.loadBalancers.flatMap { $0.routes.map(\.service) })
        var frontier = Array(reached)
        let index = Dictionary(s.services.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        while let name = frontier.popLast() {
            for call in index[name].map({ s.services[$0].calls }) ?? [] where reached.insert(call.service).inserted {
                frontier.append(call.service)
            }
        }
        for (i, svc) in s.services.enumerated() where !svc.name.isEmpty && !reached.contains(svc.name) {
            ctx.error(
                "service `\(svc.name)` receives no requests: no route or call reaches it",
                path: "services[\(i)].name", severity: .warning)
        }
    }

    /// A service that requests GPUs or a named extended resource that no machine type offers
    /// could never be placed: almost always a typo or a forgotten `gpu:` on a machine type.
    func extendedResources(_ s: Scenario) {
        let offered = Set(s.machineTypes.flatMap { ($0.extended ?? [:]).keys })
        let hasGPUs = s.machineTypes.contains { ($0.gpu ?? 0) > 0 }
        for (i, svc) in s.services.enumerated() {
            let p = "services[\(i)].resources.requests"
            if svc.resources.requestsGPU != nil, !hasGPUs {
                ctx.error(
                    "service `\(svc.name)` requests a GPU but no machine type has one", path: "\(p).gpu",
                    hint: "add `gpu: N` to a machine type, or remove the request")
            }
            for name in (svc.resources.requestsExtended ?? [:]).keys.sorted() where !offered.contains(name) {
                ctx.error(
                    "service `\(svc.name)` requests extended resource `\(name)`, which no machine type offers",
                    path: "\(p).extended.\(name)",
                    hint: EditDistance.hint(for: name, among: offered.sorted()) ?? "add it under a machine type's `extended:`")
            }
        }
    }
}
