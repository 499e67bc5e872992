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
        encoder.outputFormatting =
            Self.escapesSlashes ? [.sortedKeys, .prettyPrinted] : [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Decodes a document from the bytes of its file.
    /// - Parameter file: the name errors give the file (usually its path).
    /// - Throws: ``ResultFileError`` saying what is wrong: not JSON, a missing key or an
    ///   unexpected value, with its key path (`services.web.latency`).
    public init(jsonData: Data, file: String = Self.fileName) throws(ResultFileError) {
        do {
            self = try JSONDecoder().decode(Self.self, from: jsonData)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ResultFileError(file: file, message: "missing key \"\(Self.keyPath(context.codingPath + [key]))\"")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ResultFileError(file: file, message: "unexpected value at \"\(Self.keyPath(context.codingPath))\"")
        } catch {
            throw ResultFileError(file: file, message: "is not valid JSON")
        }
    }

    private static func keyPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
