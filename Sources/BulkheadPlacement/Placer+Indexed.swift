import BulkheadModel

extension Placer {
    /// The indexed path of `place` for first-fit and NodeResourcesFit presets: one `CapacityIndex`
    /// per machine shape (role, capacity), constraint marks from `ConstraintMarks`.
    static func placeIndexed(_ policy: PlacementPolicy, _ r: PlacementRequest) -> PlacementResult {
        var s = ClusterSnapshot(config: r.config, failedMachines: r.failedMachines)
        var shapes: [Shape: [Int]] = [:]
        for m in s.machinesInOrder where s.healthy[m] {
            shapes[Shape(role: s.roles[m], capacity: s.capacity[m]), default: []].append(m)
        }
        var byRole: [String?: [CapacityIndex]] = [:]
        var leafOf = [Int](repeating: -1, count: s.machineCount)
        var indexOf = [Int](repeating: -1, count: s.machineCount)
        var all: [CapacityIndex] = []
        let rank = s.rank
        for (shape, ms) in shapes.sorted(by: { rank[$0.value[0]] < rank[$1.value[0]] }) {
            let idx = CapacityIndex(machines: ms, snapshot: s)
            for (pos, m) in ms.enumerated() {
                leafOf[m] = pos
                indexOf[m] = all.count
            }
            all.append(idx)
            byRole[shape.role, default: []].append(idx)
        }
        let candidates = r.config.services.map { byRole[$0.role] ?? [] }  // per service
        var marks = ConstraintMarks(
            trees: candidates, all: all, treeOf: indexOf, leafOf: leafOf,
            extra: policy.spread, services: r.config.services.count)
        let hasSoft = r.config.services.indices.map { marks.hasSoft($0, s) }
        let hard = Filters.hard(for: policy)

        func search(_ c: ContainerRequest) -> Int? {
            var chosen = Int.max  // a rank
            switch policy.selection {
            case .score(let st):
                let most = st == .mostAllocated
                var key = most ? -Double.infinity : Double.infinity
                for idx in candidates[c.service] { idx.best(c.request, most: most, bestKey: &key, bestRank: &chosen) }
            default:
                for idx in candidates[c.service] where idx.ranks[0] < chosen {
                    if let pos = idx.firstFit(c.request), idx.ranks[pos] < chosen { chosen = idx.ranks[pos] }
                }
            }
            return chosen == Int.max ? nil : chosen
        }

        var epoch = 0
        var lastFailure: (service: Int, epoch: Int, explanation: (reason: String, counts: [String: Int]))?
        var result = run(policy, config: r.config, snapshot: &s) { c, s in
            if let f = lastFailure, f.service == c.service, f.epoch == epoch { return .failure(f.explanation) }
            marks.begin(c.service, s)
            var found = search(c)
            if found == nil && hasSoft[c.service] {
                marks.setSoft(false, s)
                found = search(c)
            }
            defer { marks.setSoft(true, s) }
            if let k = found {
                let m = s.machinesInOrder[k]
                s.assign(c.request, to: m, service: c.service)
                all[indexOf[m]].update(leaf: leafOf[m], snapshot: s)
                marks.afterAssign(m, s)
                epoch += 1
                return .success(m)
            }
            let e = Filters.explain(c, in: s, filters: hard)
            lastFailure = (c.service, epoch, e)
            return .failure(e)
        }
        // These presets draw nothing; re-placements with them do not either.
        result.generator = generator(seed: r.seed)
        return result
    }
}
