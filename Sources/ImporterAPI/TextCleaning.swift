/// Small text helpers every plugin needs, so each one cleans text the same way.
public enum TextCleaning {
    /// Trims white space; `nil` when nothing is left.
    public static func trimmed(_ text: String?) -> String? {
        guard let text else { return nil }
        // Fast path: ASCII ends that are not white space (most values) are returned as they are.
        let clean = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80
        }
        if clean == true { return text }
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return slice.isEmpty ? nil : String(slice)
    }

    /// Turns HTML into plain text: tags become spaces (block tags line breaks), common entities decoded,
    /// white space collapsed per line.
    public static func plainText(fromHTML html: String) -> String {
        // Most descriptions are plain text on one line: nothing to do but trim.
        var previousSpace = false
        var plain = true
        for byte in html.utf8 {
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") || byte == 0x0A || byte == 0x0D || byte == 0x09
                || (byte == 0x20 && previousSpace)
            {
                plain = false
                break
            }
            previousSpace = byte == 0x20
        }
        if plain {
            return trimmed(html) ?? ""
        }
        var out = ""
        var index = html.startIndex
        // One pass: a "<" after the last ">" is text, found without scanning the rest again (a feed of "<"s would
        // otherwise take quadratic time); a "<" before it finds its ">" and jumps past it, so no byte is scanned twice.
        let lastClose = html.lastIndex(of: ">")
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let lastClose, index < lastClose, let close = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<close].lowercased()
                let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
                out += ["p", "br", "li", "div", "tr", "h1", "h2", "h3", "h4", "ul", "ol"].contains(String(name)) ? "\n" : " "
                index = html.index(after: close)
            } else if character == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";") {
                let entity = String(html[html.index(after: index)..<semicolon])
                if let decoded = decode(entity: entity) {
                    out += decoded
                    index = html.index(after: semicolon)
                } else {
                    out.append(character)
                    index = html.index(after: index)
                }
            } else {
                out.append(character)
                index = html.index(after: index)
            }
        }
        return out.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }

    private static func decode(entity: String) -> String? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        case "nbsp": return " "
        case "ndash": return "–"
        case "mdash": return "—"
        case "reg": return "®"
        case "trade": return "™"
        case "deg": return "°"
        default:
            if let named = namedEntities[entity] { return named }
            if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let code = UInt32(entity.dropFirst(2), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                return String(scalar)
            }
            if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                return String(scalar)
            }
            return nil
        }
    }

    /// Named HTML entities common in supplier descriptions (double-escaped ones arrive as text such as
    /// "mm&sup2;").
    private static let namedEntities: [String: String] = [
        "sup1": "¹", "sup2": "²", "sup3": "³", "micro": "µ", "frac12": "½", "frac14": "¼", "frac34": "¾",
        "euro": "€", "pound": "£", "copy": "©", "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“",
        "rdquo": "”", "times": "×", "middot": "·", "bull": "•", "auml": "ä", "ouml": "ö", "uuml": "ü",
        "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß", "eacute": "é", "egrave": "è", "ecirc": "ê",
        "aacute": "á", "agrave": "à", "acirc": "â", "iacute": "í", "oacute": "ó", "uacute": "ú", "ccedil": "ç",
        "ntilde": "ñ", "oslash": "ø", "aring": "å", "aelig": "æ",
    ]

    /// The ingredient list inside a description: the text after "Ingredients:" or "INCI:" up to the end of that
    /// paragraph, or `nil` when there is no such label.
    public static func ingredientList(in text: String) -> String? {
        let lower = text.lowercased()
        for label in ["ingredients (inci):", "inci:", "ingredients:", "inhaltsstoffe:", "ingrédients:", "ingredienti:"] {
            guard let range = lower.firstRange(of: label) else { continue }
            let offset = lower.distance(from: lower.startIndex, to: range.upperBound)
            let start = text.index(text.startIndex, offsetBy: offset)
            let rest = text[start...]
            let paragraph = rest.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first ?? rest
            return trimmed(String(paragraph))
        }
        return nil
    }
}
