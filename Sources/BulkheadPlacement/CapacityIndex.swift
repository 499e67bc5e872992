/// A segment tree over the healthy machines of one *shape* — one role and one capacity vector —
/// in rank order ((zone, rack, machine index), see `ClusterSnapshot.rank`), answering "the best machine
/// that fits" without scanning every machine. `Placer.place` keeps one per shape (real clusters have
/// few shapes) and takes the best over them.
///
/// Each node keeps, per resource r, the largest headroom below it (−∞ for machines at
/// `maxContainersPerMachine`), and the largest and smallest `utilisation` below it. A search
/// prunes a subtree when no machine in it can fit (some max headroom < request — the
/// `FitsRequests` / `MaxContainers` filters), or when the score at its extreme utilisation cannot
/// beat the best machine found so far (branch and bound). Within a shape the score
/// `(utilisation + v(request)) / R` is a monotone function of utilisation even in floating point
/// (IEEE +, / are monotone), so the bound is exact and the result is bit-identical to the naive
/// scan (`Placer.placeNaive`), ties (lowest rank) included.
///
/// Per-service constraints (anti-affinity, topology spread) are applied as *marks*: a node with a
/// positive mark count behaves as empty. Because a rack's (and a zone's) machines are a contiguous
/// leaf range, blocking a rack or a zone marks its O(log m) canonical nodes; blocking a machine
/// marks its leaf.
///
/// - Complexity: O(m·R) to build, O(R log m) per update or per rack (un)block. First-fit is
///   O(R log m) for one resource; with several resources, and for best/worst fit, a query is
///   output-sensitive (a subtree can pass the per-resource headroom test without any machine
///   fitting): worst case O(m·R), in practice O(R log m) times a small factor.
final class CapacityIndex {
    private static let resourceCount = Resources.count
    /// Leaf position → machine index (in rank order).
    let machines: [Int]
    /// Leaf position → rank (ascending).
    let ranks: [Int]
    /// Rack index → its contiguous leaf range.
    let rackRange: [Int: Range<Int>]
    /// Zone index → its contiguous leaf range.
    let zoneRange: [Int: Range<Int>]
    let capacity: Resources
    private let leafCount: Int
    private let head: UnsafeMutablePointer<Double>
    private let hiU: UnsafeMutablePointer<Double>
    private let loU: UnsafeMutablePointer<Double>
    private let marks: UnsafeMutablePointer<Int32>

    /// - Parameter machines: healthy machines of one shape, in rank order.
    init(machines: [Int], snapshot s: ClusterSnapshot) {
        self.machines = machines
        ranks = machines.map { s.rank[$0] }
        var ranges: [Int: Range<Int>] = [:]
        var p = 0
        while p < machines.count {
            let r = s.rack[machines[p]]
            var q = p + 1
            while q < machines.count && s.rack[machines[q]] == r { q += 1 }
            ranges[r] = p..<q
            p = q
        }
        rackRange = ranges
        var zr: [Int: Range<Int>] = [:]
        p = 0
        while p < machines.count {
            let z = s.zone[machines[p]]
            var q = p + 1
            while q < machines.count && s.zone[machines[q]] == z { q += 1 }
            zr[z] = p..<q
            p = q
        }
        zoneRange = zr
        capacity = machines.first.map { s.capacity[$0] } ?? .zero
        var n = 1
        while n < max(1, machines.count) { n <<= 1 }
        leafCount = n
        head = .allocate(capacity: 2 * n * Self.resourceCount)
        head.initialize(repeating: -.infinity, count: 2 * n * Self.resourceCount)
        hiU = .allocate(capacity: 2 * n)
        hiU.initialize(repeating: -.infinity, count: 2 * n)
        loU = .allocate(capacity: 2 * n)
        loU.initialize(repeating: .infinity, count: 2 * n)
        marks = .allocate(capacity: 2 * n)
        marks.initialize(repeating: 0, count: 2 * n)
        for pos in machines.indices { setLeaf(pos, s) }
        var node = n - 1
        while node >= 1 {
            pull(node)
            node -= 1
        }
    }

    deinit {
        head.deallocate()
        hiU.deallocate()
        loU.deallocate()
        marks.deallocate()
    }

    @inline(__always) private func clear(_ node: Int) {
        let b = node * Self.resourceCount
        for r in 0..<Self.resourceCount { head[b + r] = -.infinity }
        hiU[node] = -.infinity
        loU[node] = .infinity
    }

    @inline(__always) private func setLeaf(_ pos: Int, _ s: ClusterSnapshot) {
        let m = machines[pos]
        let node = leafCount + pos
        let b = node * Self.resourceCount
        if marks[node] > 0 {
            clear(node)
            return
        }
        let open = s.containerCount[m] < s.maxContainersPerMachine
        for r in 0..<Self.resourceCount { head[b + r] = open ? s.headroom(m, r) : -.infinity }
        hiU[node] = s.utilisation[m]
        loU[node] = s.utilisation[m]
    }

    @inline(__always) private func pull(_ node: Int) {
        if marks[node] > 0 {
            clear(node)
            return
        }
        let b = node * Self.resourceCount
        let l = 2 * node * Self.resourceCount
        let rr = l + Self.resourceCount
        for r in 0..<Self.resourceCount { head[b + r] = max(head[l + r], head[rr + r]) }
        hiU[node] = max(hiU[2 * node], hiU[2 * node + 1])
        loU[node] = min(loU[2 * node], loU[2 * node + 1])
    }

    /// Re-reads leaf `pos` from the snapshot (after an assignment) and fixes its ancestors.
    func update(leaf pos: Int, snapshot s: ClusterSnapshot) {
        setLeaf(pos, s)
        var node = (leafCount + pos) >> 1
        while node >= 1 {
            pull(node)
            node >>= 1
        }
    }

    /// Adds `delta` (+1 block, −1 unblock) to the marks of leaves `range`.
    /// - Complexity: O(R log m).
    func mark(_ range: Range<Int>, _ delta: Int32, snapshot s: ClusterSnapshot) {
        guard !range.isEmpty else { return }
        var l = range.lowerBound + leafCount
        var r = range.upperBound + leafCount
        while l < r {
            if l & 1 == 1 {
                apply(l, delta, s)
                l += 1
            }
            if r & 1 == 1 {
                r -= 1
                apply(r, delta, s)
            }
            l >>= 1
            r >>= 1
        }
        for leaf in [range.lowerBound, range.upperBound - 1] {
            var node = (leaf + leafCount) >> 1
            while node >= 1 {
                pull(node)
                node >>= 1
            }
        }
    }

    @inline(__always) private func apply(_ node: Int, _ delta: Int32, _ s: ClusterSnapshot) {
        marks[node] += delta
        precondition(marks[node] >= 0, "CapacityIndex: unbalanced unblock of node \(node)")
        if node >= leafCount { setLeaf(node - leafCount, s) } else { pull(node) }
    }

    @inline(__always) private func feasible(_ node: Int, _ q: Resources) -> Bool {
        let b = node * Self.resourceCount
        for r in 0..<Self.resourceCount where head[b + r] < q[r] { return false }
        return true
    }

    /// Leaf position of the lowest-rank machine that fits, if any.
    func firstFit(_ q: Resources) -> Int? {
        guard !machines.isEmpty, feasible(1, q) else { return nil }
        var node = 1
        // Descend left-first; on a dead end (possible with several resources), climb to the nearest
        // unexplored feasible right sibling.
        while true {
            if node >= leafCount { return node - leafCount }
            if feasible(2 * node, q) {
                node = 2 * node
                continue
            }
            if feasible(2 * node + 1, q) {
                node = 2 * node + 1
                continue
            }
            while true {
                if node == 1 { return nil }
                if node & 1 == 0, feasible(node + 1, q) {
                    node += 1
                    break
                }
                node >>= 1
            }
        }
    }

    /// Improves (`bestKey`, `bestRank`) with the machine of this shape that has the largest
    /// (`most`) or smallest `allocatedFraction` after adding `q`, among those that fit; ties go to
    /// the lowest rank.
    func best(_ q: Resources, most: Bool, bestKey: inout Double, bestRank: inout Int) {
        guard !machines.isEmpty, feasible(1, q) else { return }
        let v = ClusterSnapshot.share(q, of: capacity)
        search(node: 1, lo: 0, width: leafCount, q: q, v: v, most: most, bestKey: &bestKey, bestRank: &bestRank)
    }

    /// Precondition: `node` is feasible.
    private func search(
        node: Int, lo: Int, width: Int, q: Resources, v: Double, most: Bool,
        bestKey: inout Double, bestRank: inout Int
    ) {
        if width == 1 {
            let k = ranks[lo]
            let key = ClusterSnapshot.fraction(utilisation: hiU[node], request: v)  // == allocatedFraction(m, q)
            if most
                ? (key > bestKey || (key == bestKey && k < bestRank))
                : (key < bestKey || (key == bestKey && k < bestRank))
            {
                bestKey = key
                bestRank = k
            }
            return
        }
        let half = width / 2
        let l = 2 * node
        let r = l + 1
        let fl = feasible(l, q)
        let fr = feasible(r, q)
        let bl = fl ? ClusterSnapshot.fraction(utilisation: most ? hiU[l] : loU[l], request: v) : 0
        let br = fr ? ClusterSnapshot.fraction(utilisation: most ? hiU[r] : loU[r], request: v) : 0
        // Visit the more promising child first; on equal bounds, the left one.
        let rightFirst = fl && fr && (most ? br > bl : br < bl)
        for pass in 0..<2 {
            let goRight = (pass == 0) == rightFirst
            let (child, cLo, ok, b) = goRight ? (r, lo + half, fr, br) : (l, lo, fl, bl)
            guard ok else { continue }
            if most ? b < bestKey : b > bestKey { continue }
            if b == bestKey && ranks[cLo] > bestRank { continue }
            search(node: child, lo: cLo, width: half, q: q, v: v, most: most, bestKey: &bestKey, bestRank: &bestRank)
        }
    }
}
