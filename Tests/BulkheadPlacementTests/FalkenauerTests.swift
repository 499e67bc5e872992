import BulkheadModel
import BulkheadPlacement
import BulkheadTestSupport
import Foundation
import Testing

/// OR-Library binpack1–8 (Falkenauer 1996) with the proven optima of ../shared/data/README.md §1.1
/// (BPPLIB bounds; four file headers are not optimal and are not used).
enum Falkenauer {
    static let optima: [Int: [Int]] = [
        1: [48, 49, 46, 49, 50, 48, 48, 49, 50, 46, 52, 49, 48, 49, 50, 48, 52, 52, 49, 49],
        2: [99, 100, 102, 100, 101, 101, 102, 103, 105, 101, 105, 101, 105, 103, 100, 105, 97, 100, 100, 102],
        3: [198, 201, 202, 204, 206, 206, 207, 204, 196, 202, 200, 200, 199, 196, 204, 201, 202, 198, 202, 196],
        4: [399, 406, 411, 411, 397, 399, 395, 404, 399, 397, 400, 401, 393, 396, 394, 402, 404, 404, 399, 400],
        5: Array(repeating: 20, count: 20), 6: Array(repeating: 40, count: 20),
        7: Array(repeating: 83, count: 20), 8: Array(repeating: 167, count: 20),
    ]

    struct Instance {
        var name: String
        var capacity: Double
        var items: [Double]
        var fileBest: Int
    }

    /// binpack1–8 in the shared data sets (`SharedData`).
    static var directory: URL {
        URL(fileURLWithPath: SharedData.path).appendingPathComponent("orlib-falkenauer-binpack")
    }

    static func load(_ file: Int) throws -> [Instance] {
        let text = try String(contentsOf: directory.appendingPathComponent("binpack\(file).txt"), encoding: .utf8)
        var tok = text.split(whereSeparator: \.isWhitespace).map(String.init)[...]
        func next() throws -> String {
            guard let t = tok.popFirst() else { throw CocoaError(.fileReadCorruptFile) }
            return t
        }
        let p = Int(try next())!
        return try (0..<p).map { _ in
            let name = try next()
            let cap = Double(try next())!
            let n = Int(try next())!
            let best = Int(try next())!
            return Instance(name: name, capacity: cap, items: try (0..<n).map { _ in Double(try next())! }, fileBest: best)
        }
    }

    /// Independent reference: textbook FFD / BFD (Johnson 1974) in integer arithmetic
    /// (sizes × 10 are exact integers), returning the number of bins.
    static func reference(_ i: Instance, bestFit: Bool) -> Int {
        let cap = Int((i.capacity * 10).rounded())
        var bins: [Int] = []
        for x in i.items.map({ Int(($0 * 10).rounded()) }).sorted(by: >) {
            var chosen: Int?
            for k in bins.indices where bins[k] + x <= cap {
                if !bestFit {
                    chosen = k
                    break
                }
                if chosen == nil || bins[k] > bins[chosen!] { chosen = k }
            }
            if let k = chosen { bins[k] += x } else { bins.append(x) }
        }
        return bins.count
    }

    /// One machine per item (cpu = bin capacity, memory effectively unlimited), one single-replica service per item.
    static func config(_ i: Instance) -> ClusterConfig {
        cluster(
            (0..<i.items.count).map { machine("bin\($0)", cpu: i.capacity, memory: 1e18) },
            i.items.enumerated().map { service("item\($0)", replicas: 1, cpu: $1, memory: 0) },
            maxContainers: i.items.count)
    }
}

@Suite("Bin packing vs proven optima (OR-Library / Falkenauer)")
struct FalkenauerTests {
    @Test("FFD and BFD within 11/9·OPT + 6/9", arguments: 1...8)
    func file(_ f: Int) throws {
        let instances = try Falkenauer.load(f)
        let opt = try #require(Falkenauer.optima[f])
        #expect(instances.count == 20)
        for policy in ["first-fit-decreasing", "best-fit-decreasing"] {
            var gaps: [Int] = []
            for (k, inst) in instances.enumerated() {
                let r = try Placer.place(.init(config: Falkenauer.config(inst), policy: policy))
                #expect(r.unschedulable.isEmpty)
                #expect(r.placement.containers.count == inst.items.count)
                #expect(violations(r, Falkenauer.config(inst), failed: []).isEmpty)
                let used = Set(r.placement.containers.map(\.machine)).count
                #expect(used >= opt[k], "\(inst.name): \(used) < OPT \(opt[k])?")
                #expect(
                    Double(used) <= 11.0 / 9.0 * Double(opt[k]) + 6.0 / 9.0 + 1e-9, "\(inst.name) \(policy): \(used) vs \(opt[k])"
                )
                #expect(used == Falkenauer.reference(inst, bestFit: policy == "best-fit-decreasing"), "\(inst.name) \(policy)")
                gaps.append(used - opt[k])
            }
            let mean = Double(gaps.reduce(0, +)) / Double(gaps.count)
            print(
                "VALIDATION binpack\(f) \(instances[0].name.prefix { $0 != "_" }) \(policy): mean gap \(mean), max gap \(gaps.max()!), gaps \(gaps)"
            )
        }
    }
}
