import BulkheadKernel

/// FIFO of (deadline, request, generation) for one service: deadlines of one service are
/// non-decreasing in creation order (constant timeout), so a ring buffer replaces a timer per
/// request; completed requests are discarded lazily, when their deadline reaches the head.
///
/// A ring (power-of-two capacity, doubled when full) in a `StateTable`: it spans only the live
/// window (rate × timeout entries), where an append-and-compact array cycled through several
/// times that and missed the cache, and an `Array` append paid a uniqueness check (perf).
struct DeadlineQueue {
    struct Entry {
        var deadline: Int64
        var request: RequestID
        var generation: UInt32
    }
    /// `ring.count` (a power of two) slots; entry k (counting appends from 0) is at `k & mask`.
    private var ring = StateTable(repeating: Entry(deadline: 0, request: .none, generation: 0), count: 64)
    /// Appends so far, and removals so far: the queue holds entries `head ..< tail`.
    private var head = 0
    private var tail = 0
    /// A `deadline` event is pending for the queue's service.
    var armed = false

    var isEmpty: Bool { head == tail }

    /// The oldest entry (the queue must not be empty).
    var first: Entry { ring[head & (ring.count &- 1)] }

    /// Drops the oldest entry.
    mutating func removeFirst() {
        assert(head < tail, "DeadlineQueue: removeFirst on an empty queue")
        head &+= 1
    }

    /// Appends an entry (its deadline not before the last one's).
    /// - Complexity: O(1) amortised.
    mutating func append(_ d: Int64, _ r: RequestID, _ g: UInt32) {
        if tail &- head == ring.count { grow() }
        ring[tail & (ring.count &- 1)] = Entry(deadline: d, request: r, generation: g)
        tail &+= 1
    }

    /// Doubles the ring, the live entries first in order.
    @inline(never) private mutating func grow() {
        let mask = ring.count &- 1
        let bigger = StateTable(repeating: Entry(deadline: 0, request: .none, generation: 0), count: ring.count * 2)
        for k in head..<tail { bigger[k - head] = ring[k & mask] }
        tail -= head
        head = 0
        ring = bigger
    }
}
