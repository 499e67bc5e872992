import BulkheadModel

/// Keeps the `CapacityIndex` marks in step with the anti-affinity and topology-spread constraints
/// of the service being placed, so that an indexed query only sees machines those constraints
/// allow. A zone (rack, machine) is marked *hard* when the service's count there reaches
/// `min(maxPerRack, min_eligible + maxSkew over refuse constraints)`, and *soft* when it reaches
/// `min_eligible + maxSkew` of an `allow` constraint — exactly where `AntiAffinityFilter` and
/// `TopologySpreadFilter` start rejecting. The global minima are maintained incrementally (count of
/// domains at the minimum).
///
/// - Complexity: per assignment O(R log m · shapes) to (un)mark its rack and machine; when a
///   minimum rises, O(domains) plus the (un)marks that change; O(marks) on a change of service.
struct ConstraintMarks {
    typealias Key = ClusterConfig.TopologySpread.Key
    /// Per service: the indices it may use (its role's shapes).
    let trees: [[CapacityIndex]]
    let all: [CapacityIndex]
    let treeOf: [Int]
    let leafOf: [Int]
    let extra: [ClusterConfig.TopologySpread]

    private(set) var service = -1
    /// Whether soft marks are applied (off during the fallback query).
    private(set) var softActive = true
    private var maxPerRack = Int.max, maxPerMachine = Int.max
    private var hardSkew: [Key: Int] = [:], softSkew: [Key: Int] = [:]
    private var minCount: [Key: Int] = [:], atMin: [Key: Int] = [:]
    private var rackMark: [Int: (hard: Bool, soft: Bool)] = [:]
    private var zoneMark: [Int: (hard: Bool, soft: Bool)] = [:]
    private var machineMark: [Int: (hard: Bool, soft: Bool)] = [:]
    /// Per service: machines it has been assigned to (with repeats).
    private var machinesOf: [[Int]]

    init(
        trees: [[CapacityIndex]], all: [CapacityIndex], treeOf: [Int], leafOf: [Int],
        extra: [ClusterConfig.TopologySpread], services: Int
    ) {
        self.trees = trees
        self.all = all
        self.treeOf = treeOf
        self.leafOf = leafOf
        self.extra = extra
        machinesOf = Array(repeating: [], count: services)
    }

    /// Whether service `s` has preferred (`allow`) constraints.
    func hasSoft(_ s: Int, _ snap: ClusterSnapshot) -> Bool {
        (snap.spread[s] + extra).contains { $0.whenUnsatisfiable == .allow }
    }

    private func threshold(_ key: Key, hard: Bool) -> Int {
        var t =
            switch key {
            case .rack: hard ? maxPerRack : Int.max
            case .machine: hard ? maxPerMachine : Int.max
            case .zone: Int.max
            }
        if let k = (hard ? hardSkew : softSkew)[key] { t = min(t, minCount[key, default: 0] + k) }
        return t
    }

    /// Switches to service `s` (no-op if current): removes the previous service's marks, applies `s`'s.
    mutating func begin(_ s: Int, _ snap: ClusterSnapshot) {
        guard s != service else { return }
        clear(snap)
        service = s
        let a = snap.antiAffinity[s]
        maxPerRack = a.maxPerRack ?? .max
        maxPerMachine = a.maxPerMachine ?? .max
        hardSkew = [:]
        softSkew = [:]
        for t in snap.spread[s] + extra {
            if t.whenUnsatisfiable == .refuse {
                hardSkew[t.key] = min(hardSkew[t.key] ?? .max, t.maxSkew)
            } else {
                softSkew[t.key] = min(softSkew[t.key] ?? .max, t.maxSkew)
            }
        }
        for key in Key.allCases where hardSkew[key] != nil || softSkew[key] != nil { recomputeMin(key, snap) }
        refreshAll(snap)
    }

    private func domains(_ key: Key, _ snap: ClusterSnapshot) -> [Int] {
        switch key {
        case .rack: snap.eligibleRacks[snap.roleGroup[service]]
        case .machine: snap.eligibleMachines[snap.roleGroup[service]]
        case .zone: snap.eligibleZones[snap.roleGroup[service]]
        }
    }

    private func count(_ key: Key, _ d: Int, _ snap: ClusterSnapshot) -> Int {
        switch key {
        case .rack: snap.count(service: service, rack: d)
        case .machine: snap.count(service: service, machine: d)
        case .zone: snap.count(service: service, zone: d)
        }
    }

    private func domain(_ key: Key, of m: Int, _ snap: ClusterSnapshot) -> Int {
        switch key {
        case .rack: snap.rack[m]
        case .machine: m
        case .zone: snap.zone[m]
        }
    }

    private mutating func recomputeMin(_ key: Key, _ snap: ClusterSnapshot) {
        var lo = Int.max
        var n = 0
        for d in domains(key, snap) {
            let c = count(key, d, snap)
            if c < lo {
                lo = c
                n = 1
            } else if c == lo {
                n += 1
            }
        }
        minCount[key] = lo == .max ? 0 : lo
        atMin[key] = n
    }

    /// Updates the marks after a replica of the current service went to machine `m`.
    mutating func afterAssign(_ m: Int, _ snap: ClusterSnapshot) {
        machinesOf[service].append(m)
        var raised: Set<Key> = []
        for key in Key.allCases where minCount[key] != nil {
            let d = domain(key, of: m, snap)
            if count(key, d, snap) - 1 == minCount[key]! {
                atMin[key]! -= 1
                if atMin[key]! == 0 {
                    recomputeMin(key, snap)
                    raised.insert(key)
                }
            }
        }
        if raised.contains(.rack) { refreshRacks(snap) } else { refreshRack(snap.rack[m], snap) }
        if minCount[.zone] != nil {
            if raised.contains(.zone) { refreshZones(snap) } else { refreshZone(snap.zone[m], snap) }
        }
        if raised.contains(.machine) { refreshMachines(snap) } else { refreshMachine(m, snap) }
    }

    /// Turns the soft marks off (for the fallback query) or back on.
    mutating func setSoft(_ on: Bool, _ snap: ClusterSnapshot) {
        guard on != softActive else { return }
        softActive = on
        refreshAll(snap)
    }

    private mutating func refreshAll(_ snap: ClusterSnapshot) {
        refreshZones(snap)
        refreshRacks(snap)
        refreshMachines(snap)
    }

    private mutating func refreshRacks(_ snap: ClusterSnapshot) {
        for r in Set(domains(.rack, snap)).union(rackMark.keys) { refreshRack(r, snap) }
    }

    private mutating func refreshZones(_ snap: ClusterSnapshot) {
        guard minCount[.zone] != nil || !zoneMark.isEmpty else { return }
        for z in Set(domains(.zone, snap)).union(zoneMark.keys) { refreshZone(z, snap) }
    }

    private mutating func refreshZone(_ z: Int, _ snap: ClusterSnapshot) {
        let c = snap.count(service: service, zone: z)
        let want = (hard: c >= threshold(.zone, hard: true), soft: softActive && c >= threshold(.zone, hard: false))
        let cur = zoneMark[z] ?? (false, false)
        let delta = Int32((want.hard ? 1 : 0) + (want.soft ? 1 : 0) - (cur.hard ? 1 : 0) - (cur.soft ? 1 : 0))
        if delta != 0 { markZone(z, delta, snap) }
        zoneMark[z] = want.hard || want.soft ? want : nil
    }

    private mutating func refreshMachines(_ snap: ClusterSnapshot) {
        var ms = Set(machinesOf[service]).union(machineMark.keys)
        if threshold(.machine, hard: true) <= 0 || threshold(.machine, hard: false) <= 0 {
            ms.formUnion(domains(.machine, snap))
        }
        for m in ms { refreshMachine(m, snap) }
    }

    private mutating func refreshRack(_ r: Int, _ snap: ClusterSnapshot) {
        let c = snap.count(service: service, rack: r)
        let want = (hard: c >= threshold(.rack, hard: true), soft: softActive && c >= threshold(.rack, hard: false))
        let cur = rackMark[r] ?? (false, false)
        let delta = Int32((want.hard ? 1 : 0) + (want.soft ? 1 : 0) - (cur.hard ? 1 : 0) - (cur.soft ? 1 : 0))
        if delta != 0 { markRack(r, delta, snap) }
        rackMark[r] = want.hard || want.soft ? want : nil
    }

    private mutating func refreshMachine(_ m: Int, _ snap: ClusterSnapshot) {
        guard treeOf[m] >= 0 else { return }
        let c = snap.count(service: service, machine: m)
        let want = (hard: c >= threshold(.machine, hard: true), soft: softActive && c >= threshold(.machine, hard: false))
        let cur = machineMark[m] ?? (false, false)
        let delta = Int32((want.hard ? 1 : 0) + (want.soft ? 1 : 0) - (cur.hard ? 1 : 0) - (cur.soft ? 1 : 0))
        if delta != 0 { all[treeOf[m]].mark(leafOf[m]..<leafOf[m] + 1, delta, snapshot: snap) }
        machineMark[m] = want.hard || want.soft ? want : nil
    }

    private func markZone(_ z: Int, _ delta: Int32, _ snap: ClusterSnapshot) {
        for t in trees[service] { if let range = t.zoneRange[z] { t.mark(range, delta, snapshot: snap) } }
    }

    private func markRack(_ r: Int, _ delta: Int32, _ snap: ClusterSnapshot) {
        for t in trees[service] { if let range = t.rackRange[r] { t.mark(range, delta, snapshot: snap) } }
    }

    /// Removes every mark of the current service.
    private mutating func clear(_ snap: ClusterSnapshot) {
        guard service >= 0 else { return }
        for (r, f) in rackMark {
            let d = Int32((f.hard ? 1 : 0) + (f.soft ? 1 : 0))
            if d > 0 { markRack(r, -d, snap) }
        }
        for (z, f) in zoneMark {
            let d = Int32((f.hard ? 1 : 0) + (f.soft ? 1 : 0))
            if d > 0 { markZone(z, -d, snap) }
        }
        for (m, f) in machineMark {
            let d = Int32((f.hard ? 1 : 0) + (f.soft ? 1 : 0))
            if d > 0 { all[treeOf[m]].mark(leafOf[m]..<leafOf[m] + 1, -d, snapshot: snap) }
        }
        rackMark = [:]
        zoneMark = [:]
        machineMark = [:]
        minCount = [:]
        atMin = [:]
    }
}
