/// The bytes behind one reader: a prefetched head (to read the encoding declaration) and then the source,
/// counted against the size limit. libxml2 calls ``fill(_:)`` through a C callback.
final class ReaderInput {
    private let source: any XMLByteSource
    private let limit: Int?
    private let documentName: String
    private var head: [UInt8] = []
    private var headOffset = 0
    private(set) var total = 0
    /// The first failure of the source or the limit; libxml2 only sees -1.
    /// Read after every node by the reader that owns this input, on its one thread: no run-time exclusivity checks.
    @exclusivity(unchecked) private(set) var failure: XMLStreamError?

    init(source: any XMLByteSource, limit: Int?, documentName: String) {
        self.source = source
        self.limit = limit
        self.documentName = documentName
    }

    /// Reads up to 1 KiB ahead so the encoding declaration can be seen before libxml2 starts.
    func prefetch() throws(XMLStreamError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 1)
        defer { buffer.deallocate() }
        var filled = 0
        while filled < buffer.count {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if count == 0 { break }
            filled += count
        }
        head = Array(buffer[..<filled])
    }

    /// Whether the XML declaration names ISO-8859-1 (or an alias).
    var declaresLatin1: Bool {
        guard let declaration = declaredEncoding?.lowercased() else { return false }
        return ["iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1"].contains(declaration)
    }

    /// The `encoding` pseudo-attribute of the XML declaration, if any.
    var declaredEncoding: String? {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard bytes.starts(with: Array("<?xml".utf8)), let end = bytes.firstIndex(of: UInt8(ascii: ">")) else {
            return nil
        }
        let declaration = Array(bytes[..<end])
        let keyword = Array("encoding".utf8)
        guard let start = declaration.indices.first(where: { declaration[$0...].starts(with: keyword) }) else {
            return nil
        }
        let rest = String(decoding: declaration[(start + keyword.count)...], as: UTF8.self)
            .drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    /// Fills `buffer`; returns the count, 0 at the end, or -1 after recording a failure.
    func fill(_ buffer: UnsafeMutableRawBufferPointer) -> Int32 {
        guard failure == nil else { return -1 }
        var count = 0
        if headOffset < head.count {
            count = min(buffer.count, head.count - headOffset)
            head.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[headOffset..<headOffset + count]))
            }
            headOffset += count
            if headOffset == head.count { head = [] }
        } else {
            do {
                count = try source.read(into: buffer)
            } catch {
                failure = error
                return -1
            }
        }
        total += count
        if let limit, total > limit {
            failure = XMLStreamError(
                kind: .inputTooLarge, document: documentName,
                detail: "the document is larger than the limit of \(limit) bytes"
            )
            return -1
        }
        return Int32(count)
    }
}
