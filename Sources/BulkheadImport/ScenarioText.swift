import Foundation

/// Writes an `ImportedCluster` as a readable scenario (docs/scenarios.md): provenance and the
/// import's account as comments, machine types, racks as fleet templates of `machinesPerRack`
/// machines (plus one rack for the remainder), services with their requests. Imports describe
/// capacity, not traffic: one nominal balancer (1 request/s) routes to every service in
/// proportion to its replicas, so that the scenario is complete and `place` and `run` accept it.
public enum ScenarioText {
    /// The scenario text. Deterministic: same cluster, same bytes.
    /// - Complexity: O(machine types + services).
    public static func yaml(_ c: ImportedCluster) -> String {
        var out = ""
        for line in c.provenance { out += "# \(line)\n" }
        func section(_ title: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            out += "#\n# \(title):\n"
            for l in lines { out += "#   - \(l)\n" }
        }
        section("Kept", c.kept)
        section("Dropped", c.dropped)
        section("Assumed", c.assumed)
        out += "name: \(c.name)\nseed: 1\nduration: 1h\n\nmachineTypes:\n"
        for t in c.machineTypes {
            var fields = ["cpu: \(number(t.cpu))", "memory: \(memory(t.memory))"]
            if t.gpus > 0 { fields.append("gpu: \(t.gpus)") }
            let named = zip(c.extendedNames, t.extended).filter { $0.1 > 0 }
            if !named.isEmpty {
                fields.append("extended: { " + named.map { "\(quoted($0.0)): \(number($0.1))" }.joined(separator: ", ") + " }")
            }
            out += "  \(quoted(t.name)): { \(fields.joined(separator: ", ")) }\n"
        }
        out += "\n# \(c.machineCount) machines, in racks of up to \(c.machinesPerRack).\nracks:\n"
        let per = max(1, c.machinesPerRack)  // machine k (from 1) of a type: `machineName(type:k:per:)`
        for t in c.machineTypes where t.count > 0 {
            var extra = ""
            if let r = t.role { extra += ", role: \(quoted(r))" }
            if let z = t.zone { extra += ", zone: \(quoted(z))" }
            let full = t.count / per
            let rest = t.count % per
            if full == 1 {
                out += "  - { name: \(quoted("\(t.name)-1")), type: \(quoted(t.name)), machines: \(per)\(extra) }\n"
            } else if full > 1 {
                out +=
                    "  - { name: \(quoted("\(t.name)-{i}")), count: \(full), type: \(quoted(t.name)), machines: \(per)\(extra) }\n"
            }
            if rest > 0 {
                out += "  - { name: \(quoted("\(t.name)-\(full + 1)")), type: \(quoted(t.name)), machines: \(rest)\(extra) }\n"
            }
        }
        out += "\nplacement: { policy: \(c.policy) }\n\n"
        out += "# Imports describe capacity, not traffic: a nominal 1 request/s, split in proportion to replicas.\n"
        out += "loadBalancers:\n  - name: nominal\n    traffic: { rate: 1/s }\n    routes:\n"
        let total = Double(max(1, c.containerCount))
        for s in c.services where s.replicas > 0 {
            var w = String(format: "%.9f", Double(s.replicas) / total)
            while w.hasSuffix("0") { w.removeLast() }
            if w.hasSuffix(".") { w.removeLast() }
            out += "      \(quoted(s.name)): \(w)\n"
        }
        out += "\nservices:\n"
        for s in c.services {
            var req = ["cpu: \(cpu(s.cpu))", "memory: \(memory(s.memory))"]
            if s.gpu > 0 { req.append("gpu: \(gpu(s.gpu))") }
            let named = zip(c.extendedNames, s.extended).filter { $0.1 > 0 }
            if !named.isEmpty {
                req.append("extended: { " + named.map { "\(quoted($0.0)): \(number($0.1))" }.joined(separator: ", ") + " }")
            }
            out += "  - name: \(quoted(s.name))\n    tenant: \(quoted(s.tenant))\n    replicas: \(s.replicas)\n"
            out += "    resources: { requests: { \(req.joined(separator: ", ")) } }\n"
            out += "    work: { cpu: { constant: 1ms } }\n"
            if let m = s.maxPerMachine { out += "    antiAffinity: { maxPerMachine: \(m) }\n" }
            if s.minZones != nil { out += "    topologySpread: { key: zone, maxSkew: 1, whenUnsatisfiable: allow }\n" }
            if let pins = s.pinnedTo { out += "    pinnedTo: [" + pins.map(quoted).joined(separator: ", ") + "]\n" }
        }
        return out
    }

    /// The name the scenario gives machine `k` (from 1) of machine type `type` when racks hold
    /// `per` machines: rack `<type>-<⌈k/per⌉>`, machine `<rack>-<k within the rack>`.
    public static func machineName(type: String, k: Int, per: Int) -> String {
        let per = max(1, per)
        return "\(type)-\((k - 1) / per + 1)-\((k - 1) % per + 1)"
    }

    /// A YAML plain scalar when safe, else double-quoted.
    static func quoted(_ s: String) -> String {
        let plain =
            s.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) } && !s.isEmpty
            && s.first.map { $0.isLetter } == true
        return plain ? s : "\"\(s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
    }

    /// Shortest decimal that reads back as `v` (at most 6 significant digits beyond integers).
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        var s = String(format: "%.6f", v)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// Cores: whole cores, else millicores (`6500m`).
    static func cpu(_ v: Double) -> String {
        if v == v.rounded() { return String(Int64(v)) }
        let m = (v * 1000).rounded()
        return m == v * 1000 || abs(m - v * 1000) < 1e-6 ? "\(Int64(m))m" : number(v)
    }

    /// GPUs: a share as milli (`460m`), whole GPUs as integers.
    static func gpu(_ v: Double) -> String { v < 1 ? "\(Int((v * 1000).rounded()))m" : String(Int(v)) }

    /// Bytes in the largest binary unit that divides them (Gi, Mi, Ki), else bytes.
    static func memory(_ v: Double) -> String {
        let b = Int64(v.rounded())
        for (unit, size) in [("Gi", Int64(1) << 30), ("Mi", Int64(1) << 20), ("Ki", Int64(1) << 10)] where b % size == 0 {
            return "\(b / size)\(unit)"
        }
        return String(b)
    }
}
