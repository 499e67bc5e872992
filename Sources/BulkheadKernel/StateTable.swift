/// A growable table of simulation state (machines, containers, requests, per-machine lists,
/// metric counters) read and written in place through a pointer, without copy-on-write.
///
/// Why not `Array`: every store into an array element (`containers[c].rate = r`) first checks
/// that the buffer is uniquely referenced — a call into the Swift runtime — and the bounds. The
/// request path makes ~80 such stores per request; on gilt-japan the runtime's
/// `swift_isUniquelyReferenced_nonNull_native` alone was 8% of all instructions (cachegrind).
/// A table's storage is a class that owns a raw buffer, so element access is a plain pointer
/// offset. It lives in the kernel because both the model and the metrics observers run in the
/// hot loop; it knows nothing of the domain.
///
/// Semantics: a *reference* type in value clothing. Copies of a table share its elements (as
/// copies of a `Simulation` already share its random streams and observer: a simulation is run
/// once, never copied to be run twice). Indices are checked with `assert` (debug builds and
/// the test suite), not in release builds.
public struct StateTable<Element>: RandomAccessCollection {
    /// Owns the buffer: `count` initialised elements out of `capacity`.
    @usableFromInline final class Storage {
        @usableFromInline let base: UnsafeMutablePointer<Element>
        @usableFromInline let capacity: Int
        /// Unchecked: only the table's mutating methods write it, and reads are plain loads (a
        /// checked class property would cost a runtime call per `count`).
        @exclusivity(unchecked) @usableFromInline var count = 0

        @usableFromInline init(capacity: Int) {
            self.capacity = Swift.max(1, capacity)
            base = .allocate(capacity: self.capacity)
        }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    @usableFromInline var storage: Storage

    /// An empty table with room for `capacity` elements before it grows.
    @inlinable public init(reservingCapacity capacity: Int = 16) { storage = Storage(capacity: capacity) }

    @inlinable public init(_ elements: some Sequence<Element>) {
        let array = Array(elements)
        storage = Storage(capacity: array.count)
        for e in array { append(e) }
    }

    /// `count` copies of `element`.
    @inlinable public init(repeating element: Element, count: Int) {
        storage = Storage(capacity: count)
        for _ in 0..<count { append(element) }
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { storage.count }
    @inlinable public var count: Int { storage.count }

    @inlinable public subscript(i: Int) -> Element {
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
    @inlinable public var buffer: UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: storage.base, count: storage.count)
    }

    /// Removes and returns the last element.
    @inlinable @discardableResult public mutating func removeLast() -> Element {
        precondition(storage.count > 0, "StateTable: removeLast on an empty table")
        storage.count -= 1
        return (storage.base + storage.count).move()
    }

    /// Removes and returns the last element, if any.
    @inlinable @inline(__always) public mutating func popLast() -> Element? {
        storage.count > 0 ? removeLast() : nil
    }

    /// Removes every element; the capacity stays.
    @inlinable public mutating func removeAll() {
        storage.base.deinitialize(count: storage.count)
        storage.count = 0
    }

    /// Appends `element`, doubling the capacity when full (elements are moved, not copied).
    /// - Complexity: O(1) amortised.
    @inlinable @inline(__always) public mutating func append(_ element: Element) {
        if storage.count == storage.capacity { grow() }
        (storage.base + storage.count).initialize(to: element)
        storage.count += 1
    }

    @inlinable @inline(never) mutating func grow() {
        let bigger = Storage(capacity: storage.capacity * 2)
        bigger.base.moveInitialize(from: storage.base, count: storage.count)
        bigger.count = storage.count
        storage.count = 0
        storage = bigger
    }
}
