import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file of an output folder: its name and how its bytes are produced — from memory, or
/// streamed (a long run's `timeseries.csv` is hundreds of MB; it is encoded row by row into the
/// file instead of into memory first).
public struct OutputFile {
    public var name: String
    let produce: (FileSink) throws -> Void

    /// A file whose bytes are already in memory.
    public init(_ name: String, data: Data) {
        self.name = name
        produce = { try $0.write(data) }
    }

    /// A file written by `produce` through a buffered sink.
    public init(_ name: String, stream produce: @escaping (FileSink) throws -> Void) {
        self.name = name
        self.produce = produce
    }
}

/// A buffered writer to one open file descriptor (64 KiB buffer; `flush` before closing).
public final class FileSink {
    let fd: Int32
    let path: String
    private var buffer: [UInt8] = []
    static let capacity = 1 << 16

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
        buffer.reserveCapacity(Self.capacity)
    }

    /// Appends `text` as UTF-8.
    public func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.capacity { try flush() }
    }

    /// Appends the bytes `body` adds to the buffer.
    public func write(_ body: (inout [UInt8]) -> Void) throws {
        body(&buffer)
        if buffer.count >= Self.capacity { try flush() }
    }

    /// Appends `bytes`.
    public func write(bytes: [UInt8]) throws {
        try flush()
        try bytes.withUnsafeBytes { try writeAll($0) }
    }

    /// Appends `data`.
    public func write(_ data: Data) throws {
        try flush()
        try data.withUnsafeBytes { try writeAll($0) }
    }

    /// Writes the buffered bytes to the file.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = posixWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw AtomicFileError(operation: "write", path: path, errno: errno)
            }
            offset += n
        }
    }
}

@inline(__always)
func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
    #elseif canImport(Musl)
        Musl.write(fd, buffer, count)
    #else
        Darwin.write(fd, buffer, count)
    #endif
}
