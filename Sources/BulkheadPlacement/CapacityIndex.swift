/// A segment tree over the machines of one role group (healthy machines only, in index order)
/// that answers "the best machine that fits" without scanning every machine.
///
/// Each node keeps, per resource r: the largest headroom below it (−∞ for machines at
/// `maxContainersPerMachine`), the largest and smallest allocation, and the smallest positive and
/// largest capacity. A search prunes a subtree when no machine in it can fit (some max headroom <
/// request) — exactly the `FitsRequests`/`MaxContainers` filters — or when a bound on its
/// `allocatedFraction` cannot beat the best machine found so far (branch and bound).
/// The bounds use the same floating-point expression as the exact score with per-resource
/// extremes substituted, and IEEE +, / are monotone, so they are valid in floating point: the
/// result is bit-identical to the naive scan (`Placer.placeNaive`), ties included.
///
/// - Complexity: O(m·R) to build, O(R log m) per update. A first-fit query is O(R log m) for
///   one resource; with several resources, and for best/worst fit, it is output-sensitive
///   (pruning), worst case O(m·R) but typically close to O(R log m).
final class CapacityIndex {
    private static let R = Resources.count
    /// Leaf position → machine index (ascending).
    let machines: [Int]
    private let leafCount: Int
    private var head: [Double]
    private var hiAlloc: [Double]
    private var loAlloc: [Double]
    private let loPosCap: [Double]
    private let hiCap: [Double]
    private let zeroCap: [Bool]

    init(machines: [Int], snapshot s: ClusterSnapshot) {
        let R = Self.R
        self.machines = machines
        var n = 1
        while n < max(1, machines.count) { n <<= 1 }
        leafCount = n
        var head = [Double](repeating: -.infinity, count: 2 * n * R)
        var hiA = [Double](repeating: -.infinity, count: 2 * n * R)
        var loA = [Double](repeating: .infinity, count: 2 * n * R)
        var loC = [Double](repeating: .infinity, count: 2 * n * R)
        var hiC = [Double](repeating: 0, count: 2 * n * R)
        var zc = [Bool](repeating: false, count: 2 * n * R)
        for (pos, m) in machines.enumerated() {
            let base = (n + pos) * R
            let open = s.containerCount[m] < s.maxContainersPerMachine
            for r in 0..<R {
                let c = s.capacity[m][r]
                head[base + r] = open ? s.headroom(m, r) : -.infinity
                hiA[base + r] = s.allocated[m][r]
                loA[base + r] = s.allocated[m][r]
                if c > 0 { loC[base + r] = c } else { zc[base + r] = true }
                hiC[base + r] = c
            }
        }
        var node = n - 1
        while node >= 1 {
            let b = node * R, l = 2 * node * R, rr = (2 * node + 1) * R
            for r in 0..<R {
                head[b + r] = max(head[l + r], head[rr + r])
                hiA[b + r] = max(hiA[l + r], hiA[rr + r])
                loA[b + r] = min(loA[l + r], loA[rr + r])
                loC[b + r] = min(loC[l + r], loC[rr + r])
                hiC[b + r] = max(hiC[l + r], hiC[rr + r])
                zc[b + r] = zc[l + r] || zc[rr + r]
            }
            node -= 1
        }
        self.head = head; hiAlloc = hiA; loAlloc = loA; loPosCap = loC; hiCap = hiC; zeroCap = zc
    }

    /// Re-reads leaf `pos` from the snapshot (after an assignment) and fixes its ancestors.
    func update(leaf pos: Int, snapshot s: ClusterSnapshot) {
        let R = Self.R
        let m = machines[pos]
        var node = leafCount + pos
        let open = s.containerCount[m] < s.maxContainersPerMachine
        for r in 0..<R {
            head[node * R + r] = open ? s.headroom(m, r) : -.infinity
            hiAlloc[node * R + r] = s.allocated[m][r]
            loAlloc[node * R + r] = s.allocated[m][r]
        }
        node >>= 1
        while node >= 1 {
            let b = node * R, l = 2 * node * R, rr = (2 * node + 1) * R
            for r in 0..<R {
                head[b + r] = max(head[l + r], head[rr + r])
                hiAlloc[b + r] = max(hiAlloc[l + r], hiAlloc[rr + r])
                loAlloc[b + r] = min(loAlloc[l + r], loAlloc[rr + r])
            }
            node >>= 1
        }
    }

    @inline(__always) private func feasible(_ node: Int, _ q: Resources) -> Bool {
        let b = node * Self.R
        for r in 0..<Self.R where head[b + r] < q[r] { return false }
        return true
    }

    /// Upper bound of `allocatedFraction` over the subtree (same expression as the exact score).
    @inline(__always) private func upper(_ node: Int, _ q: Resources) -> Double {
        let b = node * Self.R
        var sum = 0.0
        for r in 0..<Self.R { let c = loPosCap[b + r]; sum += c < .infinity ? (hiAlloc[b + r] + q[r]) / c : 0 }
        return sum / Double(Self.R)
    }

    /// Lower bound of `allocatedFraction` over the subtree.
    @inline(__always) private func lower(_ node: Int, _ q: Resources) -> Double {
        let b = node * Self.R
        var sum = 0.0
        for r in 0..<Self.R { sum += zeroCap[b + r] ? 0 : (loAlloc[b + r] + q[r]) / hiCap[b + r] }
        return sum / Double(Self.R)
    }

    /// Leaf position of the lowest-index machine that fits, if any.
    func firstFit(_ q: Resources) -> Int? {
        guard feasible(1, q) else { return nil }
        var node = 1
        // Descend left-first; on a dead end, climb to the nearest unexplored right sibling.
        while true {
            if node >= leafCount { return node - leafCount }
            if feasible(2 * node, q) { node = 2 * node; continue }
            if feasible(2 * node + 1, q) { node = 2 * node + 1; continue }
            // Cannot happen for one resource; with several, max per resource may come from different leaves.
            while true {
                if node == 1 { return nil }
                if node & 1 == 0, feasible(node + 1, q) { node += 1; break }
                node >>= 1
            }
        }
    }

    /// Leaf position of the machine with the largest (`mostAllocated`) or smallest allocated fraction
    /// after adding `q`, among those that fit; ties to the lowest position.
    func best(_ q: Resources, most: Bool, snapshot s: ClusterSnapshot) -> Int? {
        guard feasible(1, q) else { return nil }
        var bestPos = Int.max
        var bestKey = most ? -Double.infinity : Double.infinity
        search(node: 1, lo: 0, width: leafCount, q: q, most: most, s: s, bestPos: &bestPos, bestKey: &bestKey)
        return bestPos == Int.max ? nil : bestPos
    }

    private func search(node: Int, lo: Int, width: Int, q: Resources, most: Bool, s: ClusterSnapshot,
                        bestPos: inout Int, bestKey: inout Double) {
        if width == 1 {
            let key = s.allocatedFraction(machines[lo], q)
            if most ? (key > bestKey || (key == bestKey && lo < bestPos)) : (key < bestKey || (key == bestKey && lo < bestPos)) {
                bestKey = key; bestPos = lo
            }
            return
        }
        let half = width / 2
        let l = 2 * node, r = l + 1
        let fl = feasible(l, q), fr = feasible(r, q)
        let bl = fl ? (most ? upper(l, q) : lower(l, q)) : 0
        let br = fr ? (most ? upper(r, q) : lower(r, q)) : 0
        // Visit the more promising child first; on equal bounds, the left one.
        let rightFirst = fl && fr && (most ? br > bl : br < bl)
        for pass in 0..<2 {
            let goRight = (pass == 0) == rightFirst
            let (child, cLo, ok, bound) = goRight ? (r, lo + half, fr, br) : (l, lo, fl, bl)
            guard ok else { continue }
            if most ? bound < bestKey : bound > bestKey { continue }
            if bound == bestKey && cLo > bestPos { continue }
            search(node: child, lo: cLo, width: half, q: q, most: most, s: s, bestPos: &bestPos, bestKey: &bestKey)
        }
    }
}
