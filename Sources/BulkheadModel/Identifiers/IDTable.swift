import BulkheadKernel

/// A `StateTable` indexed by one kind of identifier: `IDTable<ContainerID, CPU.Group>` can only
/// be read with a `ContainerID`. Same storage and the same in-place access through a pointer (no
/// copy-on-write check), so it costs nothing over the table it wraps; indices are checked with
/// `assert` (debug builds and `./test.sh`).
struct IDTable<ID: ModelID, Element> {
    var rows: StateTable<Element>

    /// An empty table with room for `capacity` rows before it grows.
    init(reservingCapacity capacity: Int = 16) { rows = StateTable(reservingCapacity: capacity) }
    init(_ elements: some Sequence<Element>) { rows = StateTable(elements) }
    /// `count` copies of `element`.
    init(repeating element: Element, count: Int) { rows = StateTable(repeating: element, count: count) }

    @inline(__always) var count: Int { rows.count }
    /// Every identifier of the table, in order.
    @inline(__always) var ids: IDRange<ID> { IDRange(count: rows.count) }

    subscript(id: ID) -> Element {
        @inline(__always) unsafeAddress {
            assert(id.index >= 0 && id.index < rows.count, "IDTable: \(ID.self) \(id.raw) out of 0..<\(rows.count)")
            return UnsafePointer(rows.buffer.baseAddress.unsafelyUnwrapped + id.index)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(id.index >= 0 && id.index < rows.count, "IDTable: \(ID.self) \(id.raw) out of 0..<\(rows.count)")
            return rows.buffer.baseAddress.unsafelyUnwrapped + id.index
        }
    }

    /// Appends a row and returns its identifier.
    /// - Complexity: O(1) amortised.
    @discardableResult @inline(__always) mutating func append(_ element: Element) -> ID {
        rows.append(element)
        return ID(rows.count - 1)
    }

    /// The rows as a buffer (valid until the next `append`), for tight loops.
    @inline(__always) var buffer: UnsafeMutableBufferPointer<Element> { rows.buffer }

    /// The rows mapped in order.
    /// - Complexity: O(count).
    func map<T>(_ transform: (Element) throws -> T) rethrows -> [T] { try rows.map(transform) }
}
