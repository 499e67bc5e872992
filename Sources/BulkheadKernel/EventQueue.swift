/// The discrete-event kernel: a clock and a queue of pending events, nothing else.
///
/// Events are plain data (`Payload` is typically an enum the model switches on), ordered by the
/// total order (time, priority, insertion sequence), so simultaneous events run in a deterministic
/// order. The queue is a value type: a model keeps it in a local variable during its run loop,
/// which avoids the exclusivity checks a class-stored heap pays on every access (measured 20–30%).
///
/// The heap is hand-written rather than `swift-collections`' `Heap` because the hot loop needs
/// the sift operations to move one hole instead of swapping, and to compare a packed
/// (time, priority|sequence) key pair; see `docs/model.md` for the measurements.
public struct EventQueue<Payload> {
    /// One scheduled event.
    public struct Entry {
        public var time: SimInstant
        /// `priority` in the top 8 bits, insertion sequence in the low 56: one integer compare
        /// orders simultaneous events.
        @usableFromInline var order: UInt64
        public var payload: Payload
        /// Lower priority values run first among events at the same instant.
        @inlinable public var priority: UInt8 { UInt8(truncatingIfNeeded: order >> 56) }
        /// The handle `schedule` returned for this event.
        @inlinable public var handle: EventHandle { EventHandle(sequence: order & EventQueue.sequenceMask) }

        @inlinable init(time: SimInstant, order: UInt64, payload: Payload) {
            self.time = time
            self.order = order
            self.payload = payload
        }
    }

    @usableFromInline static var sequenceMask: UInt64 { (1 << 56) - 1 }

    @usableFromInline var heap: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []
    @usableFromInline var _now: SimInstant = .zero
    @usableFromInline var _processed: Int = 0
    /// `heap[0]` is the event `next` last returned: logically gone, physically still the root.
    /// Its removal is deferred because the handler usually schedules a follow-up event at once,
    /// and replacing the root costs one short sift-down instead of a full-depth sift-down (pop)
    /// plus a sift-up (push). The order of events taken is unchanged: it is the total order
    /// (time, priority, sequence), whatever the heap's shape.
    @usableFromInline var rootTaken = false
    /// The current simulated time: the time of the last event taken from the queue.
    @inlinable public var now: SimInstant { _now }
    /// Number of events taken from the queue (cancelled ones excluded).
    @inlinable public var processed: Int { _processed }

    public init(reservingCapacity capacity: Int = 0) {
        heap.reserveCapacity(capacity)
    }

    /// Number of pending events, including cancelled ones not yet discarded.
    @inlinable public var count: Int { heap.count &- (rootTaken ? 1 : 0) }
    @inlinable public var isEmpty: Bool { count == 0 }

    /// Schedules `payload` at `time` (not earlier than `now`).
    /// - Complexity: O(log n).
    @inlinable @discardableResult
    public mutating func schedule(at time: SimInstant, priority: UInt8 = 128, _ payload: Payload) -> EventHandle {
        precondition(time >= now, "EventQueue: cannot schedule at \(time), before now (\(now))")
        let seq = nextSequence
        nextSequence &+= 1
        push(Entry(time: time, order: (UInt64(priority) << 56) | seq, payload: payload))
        return EventHandle(sequence: seq)
    }

    /// Schedules `payload` after `delay` from now.
    /// - Complexity: O(log n).
    @inlinable @discardableResult
    public mutating func schedule(after delay: SimDuration, priority: UInt8 = 128, _ payload: Payload) -> EventHandle {
        schedule(at: now + delay, priority: priority, payload)
    }

    /// Cancels a pending event. Lazy deletion: the entry stays in the heap and is skipped when it
    /// reaches the top. Cancelling an event that already ran or was cancelled has no effect.
    /// - Complexity: O(1) amortised.
    public mutating func cancel(_ handle: EventHandle) {
        if handle.sequence < nextSequence { cancelled.insert(handle.sequence) }
    }

    /// The time of the earliest pending event that is not cancelled, if any.
    /// - Complexity: O(log n) amortised (discards cancelled entries at the top).
    public mutating func peekTime() -> SimInstant? {
        settle()
        dropCancelledTop()
        return heap.first?.time
    }

    /// Takes the earliest event with time ≤ `limit`, advancing the clock to it.
    /// Returns nil (and leaves the clock alone) when there is none.
    /// - Complexity: O(log n).
    @inlinable
    public mutating func next(until limit: SimInstant = .distantFuture) -> Entry? {
        settle()
        while let top = heap.first, top.time <= limit {
            if !cancelled.isEmpty, cancelled.remove(top.order & Self.sequenceMask) != nil {
                _ = popTop()
                continue
            }
            rootTaken = true
            _now = top.time
            _processed &+= 1
            return top
        }
        return nil
    }

    /// Sets the clock to `limit` once `next(until: limit)` has returned nil (every event up to it
    /// was taken): the end of a run that stops at `limit`, not at its last event.
    @inlinable
    public mutating func finish(at limit: SimInstant) {
        if limit > _now && limit != .distantFuture { _now = limit }
    }

    /// Runs one event through `handler`. Returns false when the queue is empty.
    @inlinable @discardableResult
    public mutating func step(_ handler: (inout EventQueue, Entry) -> Void) -> Bool {
        guard let e = next() else { return false }
        handler(&self, e)
        return true
    }

    /// Runs every event with time ≤ `limit` (events exactly at `limit` **are** run), then sets the
    /// clock to `limit`. Events the handler schedules are run too if they fall within the limit.
    @inlinable
    public mutating func run(until limit: SimInstant, _ handler: (inout EventQueue, Entry) -> Void) {
        while let e = next(until: limit) { handler(&self, e) }
        if limit > _now && limit != .distantFuture { _now = limit }
    }

    /// Removes the root if `next` returned it and nothing replaced it since.
    @inlinable @inline(__always) mutating func settle() {
        if rootTaken {
            rootTaken = false
            _ = popTop()
        }
    }

    @usableFromInline mutating func dropCancelledTop() {
        while let top = heap.first, !cancelled.isEmpty, cancelled.contains(top.order & Self.sequenceMask) {
            cancelled.remove(top.order & Self.sequenceMask)
            _ = popTop()
        }
    }

    // MARK: heap

    /// Whether `a` runs before `b`: (time, order) compared as one 128-bit unsigned number
    /// (time with its sign bit flipped, so that signed order is kept), with a subtract-with-borrow
    /// chain and no branch. Choosing the smaller child while sifting down is a coin flip the
    /// branch predictor gets wrong half the time; the branchless form lets the compiler use
    /// conditional moves (measured on gilt-japan: see `docs/model.md`, "Performance").
    @inlinable @inline(__always) static func before(_ a: Entry, _ b: Entry) -> Bool {
        let signBit: UInt64 = 1 << 63
        let aHigh = UInt64(bitPattern: a.time.nanoseconds) ^ signBit
        let bHigh = UInt64(bitPattern: b.time.nanoseconds) ^ signBit
        let (_, lowBorrow) = a.order.subtractingReportingOverflow(b.order)
        let (high, highBorrow) = aHigh.subtractingReportingOverflow(bHigh)
        let (_, carryBorrow) = high.subtractingReportingOverflow(lowBorrow ? 1 : 0)
        return highBorrow || carryBorrow
    }

    /// Whether `a` runs after `b` (entries are never equal: sequences are unique), for the exit
    /// test of a sift, which must be a branch. Times first: the compiler splits the 128-bit
    /// `before` into a branch on the orders, which is a coin flip, then one on the times; here
    /// the first branch is the essential one and the tie test is almost never taken (cachegrind
    /// branch simulation, gilt-japan at 400 requests/s: sift-down mispredictions 8.40 M → 7.37 M).
    @inlinable @inline(__always) static func after(_ a: Entry, _ b: Entry) -> Bool {
        let at = a.time.nanoseconds
        let bt = b.time.nanoseconds
        if at != bt { return at > bt }
        return a.order > b.order
    }

    @inlinable mutating func push(_ entry: Entry) {
        if rootTaken {
            rootTaken = false
            replaceRoot(entry)
            return
        }
        heap.append(entry)
        heap.withUnsafeMutableBufferPointer { h in
            var i = h.count - 1
            while i > 0 {
                let parent = (i - 1) >> 1
                if Self.after(entry, h[parent]) { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = entry
        }
    }

    /// Puts `entry` in place of the root and sifts it down (the root's old entry is dropped).
    @inlinable mutating func replaceRoot(_ entry: Entry) {
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var i = 0
            while true {
                var child = 2 &* i &+ 1
                if child >= n { break }
                // `&+ (0 or 1)` rather than `if … { child += 1 }`: no branch to mispredict.
                if child &+ 1 < n { child &+= Self.before(h[child &+ 1], h[child]) ? 1 : 0 }
                if Self.after(h[child], entry) { break }
                h[i] = h[child]
                i = child
            }
            h[i] = entry
        }
    }

    /// Removes and returns the root: the last entry takes its place and sifts down.
    @inlinable mutating func popTop() -> Entry {
        let last = heap.removeLast()
        if heap.isEmpty { return last }
        let top = heap[0]
        replaceRoot(last)
        return top
    }
}

/// Identifies a scheduled event so it can be cancelled.
public struct EventHandle: Hashable, Sendable {
    public let sequence: UInt64
    @inlinable public init(sequence: UInt64) { self.sequence = sequence }
}
