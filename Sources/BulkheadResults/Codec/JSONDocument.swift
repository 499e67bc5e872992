import Foundation

/// A JSON output file: a `Codable` value whose encoding *is* the file, written and read through
/// the same type.
///
/// Every document is written by `JSONEncoder` with sorted keys and pretty printing, plus a final
/// newline, so the same value always gives the same bytes. Optionals written as `null` are marked
/// ``Nullable``; the others are left out when nil.
public protocol JSONDocument: Codable, Sendable {
    /// The file name the document is written under (`summary.json`).
    static var fileName: String { get }
    /// Whether `/` is written as `\/` (`JSONEncoder`'s default; the sweep and plan documents
    /// write paths and turn it off).
    static var escapesSlashes: Bool { get }
}

extension JSONDocument {
    public static var escapesSlashes: Bool { true }

    /// The file's bytes: sorted keys, pretty-printed, a final newline.
    /// - Throws: `EncodingError` for a non-finite number (documents hold none).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = Self.escapesSlashes ? [.sortedKeys, .prettyPrinted] : [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Decodes a document from the bytes of its file.
    /// - Throws: `DecodingError` naming the key path at fault.
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(Self.self, from: jsonData)
    }
}
