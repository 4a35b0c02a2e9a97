import Mustache

/// HTML escaping that looks at every Unicode scalar, never at whole characters.
///
/// swift-mustache's own HTML escaper compares each `Character` (an extended grapheme cluster) with `"<"`. A Prepend
/// character before `<` (U+0600 ARABIC NUMBER SIGN, U+110BD KAITHI NUMBER SIGN…) or a combining mark or ZWJ after
/// `"` joins it into one cluster that is not `"<"` or `"\""`, and the markup character was written raw: supplier text
/// could open a `<style>` element or close an attribute. Here the five markup characters are replaced wherever they
/// occur in the UTF-8 bytes, whatever surrounds them (they are ASCII, so they never occur inside a multi-byte scalar).
public enum HTMLEscaping {
    /// The content type every template selects with `{{% CONTENT_TYPE: OILCAT_HTML}}` on its first line.
    static let contentTypeName = "OILCAT_HTML"
    /// The first line every template must have.
    static let pragma = "{{% CONTENT_TYPE: \(contentTypeName)}}"

    /// Registers the escaper with swift-mustache; templates naming it fail to parse before this runs.
    static func register() {
        MustacheContentTypes.register(ScalarHTMLContentType(), named: contentTypeName)
    }

    /// `text` with `<`, `>`, `&`, `"` and `'` replaced by character references, scalar by scalar.
    public static func escape(_ text: String) -> String {
        var needs = false
        for byte in text.utf8 where byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        {
            needs = true
            break
        }
        guard needs else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The content type behind ``HTMLEscaping/contentTypeName``.
struct ScalarHTMLContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { HTMLEscaping.escape(text) }
}
