/// The first bytes of a feed, for recognising its format without reading it all.
public struct FeedHead: Sendable {
    /// Up to the first 4 KiB.
    public var bytes: [UInt8]
    /// The feed's file name or URL, when known (an extension is a hint, never proof).
    public var name: String?

    public init(bytes: [UInt8], name: String? = nil) {
        self.bytes = bytes
        self.name = name
    }

    /// The bytes after a UTF-8 byte-order mark and leading white space.
    private var content: ArraySlice<UInt8> {
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        return slice.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    }

    /// The first significant character when the feed looks like JSON (`{` or `[`), else `nil`.
    public var jsonStart: Character? {
        guard let first = content.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return nil }
        return Character(UnicodeScalar(first))
    }

    /// The content as text (lossy), for substring checks.
    public var text: String { String(decoding: content, as: UTF8.self) }

    /// The root element's local name when the feed looks like XML: the XML declaration, comments, processing
    /// instructions and the DOCTYPE are skipped.
    public var xmlRootElement: String? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "<" else {
                if scalars[index].properties.isWhitespace { index += 1; continue }
                return nil
            }
            let rest = String(String.UnicodeScalarView(scalars[index..<min(scalars.count, index + 9)]))
            if rest.hasPrefix("<?") || rest.hasPrefix("<!--") || rest.hasPrefix("<!DOCTYPE") || rest.hasPrefix("<!doctype") {
                let terminator: [Unicode.Scalar] = rest.hasPrefix("<!--") ? ["-", "-", ">"] : rest.hasPrefix("<?") ? ["?", ">"] : [">"]
                guard let end = Self.find(terminator, in: scalars, from: index + 2) else { return nil }
                index = end + terminator.count
                continue
            }
            var name = ""
            var cursor = index + 1
            while cursor < scalars.count, !scalars[cursor].properties.isWhitespace, scalars[cursor] != ">",
                scalars[cursor] != "/"
            {
                name.unicodeScalars.append(scalars[cursor])
                cursor += 1
            }
            if let colon = name.lastIndex(of: ":") { name = String(name[name.index(after: colon)...]) }
            return name.isEmpty ? nil : name
        }
        return nil
    }

    private static func find(_ needle: [Unicode.Scalar], in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard scalars.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= scalars.count {
            if Array(scalars[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
