/// A growable table of model state (machines, containers, requests, and the per-machine and
/// per-container lists the CPU model updates per event) read and written in place through a
/// pointer, without copy-on-write.
///
/// Why not `Array`: every store into an array element (`containers[c].inFlight += 1`) first
/// checks that the buffer is uniquely referenced — a call into the Swift runtime — and the
/// bounds. The request path makes ~80 such stores per request; on gilt-japan the runtime's
/// `swift_isUniquelyReferenced_nonNull_native` alone was 8% of all instructions (cachegrind).
/// A table's storage is a class that owns a raw buffer, so element access is a plain
/// pointer offset.
///
/// Semantics: a *reference* type in value clothing. Copies of a table share its elements (as
/// copies of a `Simulation` already share its random streams and observer: a simulation is run
/// once, never copied to be run twice). Indices are checked with `assert` (debug builds and
/// the test suite), not in release builds.
struct StateTable<Element>: RandomAccessCollection {
    /// Owns the buffer: `count` initialised elements out of `capacity`.
    final class Storage {
        let base: UnsafeMutablePointer<Element>
        let capacity: Int
        /// Unchecked: only `StateTable.append` writes it, and reads are plain loads (a checked
        /// class property would cost a runtime call per `count`).
        @exclusivity(unchecked) var count = 0

        init(capacity: Int) {
            self.capacity = Swift.max(1, capacity)
            base = .allocate(capacity: self.capacity)
        }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    private(set) var storage: Storage

    init(reservingCapacity capacity: Int = 16) { storage = Storage(capacity: capacity) }

    init(_ elements: some Sequence<Element>) {
        let array = Array(elements)
        storage = Storage(capacity: array.count)
        for e in array { append(e) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { storage.count }
    var count: Int { storage.count }

    subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            assert(i >= 0 && i < storage.count, "StateTable: index \(i) out of 0..<\(storage.count)")
            return UnsafePointer(storage.base + i)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(i >= 0 && i < storage.count, "StateTable: index \(i) out of 0..<\(storage.count)")
            return storage.base + i
        }
    }

    /// The elements as a buffer (valid until the next `append`), for tight loops.
    var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: storage.base, count: storage.count) }

    /// Removes and returns the last element.
    @discardableResult mutating func removeLast() -> Element {
        precondition(storage.count > 0, "StateTable: removeLast on an empty table")
        storage.count -= 1
        return (storage.base + storage.count).move()
    }

    /// Removes and returns the last element, if any.
    @inline(__always) mutating func popLast() -> Element? {
        storage.count > 0 ? removeLast() : nil
    }

    /// Removes the first `k` elements, moving the rest down; the capacity stays.
    /// - Complexity: O(count).
    mutating func removeFirst(_ k: Int) {
        precondition(k >= 0 && k <= storage.count, "StateTable: removeFirst(\(k)) of \(storage.count)")
        storage.base.deinitialize(count: k)
        (storage.base).moveInitialize(from: storage.base + k, count: storage.count - k)
        storage.count -= k
    }

    /// Removes every element; the capacity stays.
    mutating func removeAll() {
        storage.base.deinitialize(count: storage.count)
        storage.count = 0
    }

    /// Appends `element`, doubling the capacity when full (elements are moved, not copied).
    /// - Complexity: O(1) amortised.
    @inline(__always) mutating func append(_ element: Element) {
        if storage.count == storage.capacity { grow() }
        (storage.base + storage.count).initialize(to: element)
        storage.count += 1
    }

    @inline(never) mutating func grow() {
        let bigger = Storage(capacity: storage.capacity * 2)
        bigger.base.moveInitialize(from: storage.base, count: storage.count)
        bigger.count = storage.count
        storage.count = 0
        storage = bigger
    }
}
