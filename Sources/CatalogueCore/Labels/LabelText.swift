import Foundation

/// Text normalisation shared by the name index and the resolver, so that a label spelling and a taxonomy name
/// meet on the same key.
enum LabelText {
    /// The matching key of a name: case and accents folded, every run of non-alphanumerics one space.
    ///
    /// "Simmondsia Chinensis (Jojoba) Seed Oil" → "simmondsia chinensis jojoba seed oil";
    /// "Lavandula Oil/Extract" → "lavandula oil extract".
    static func key<S: StringProtocol>(_ text: S) -> String {
        if let ascii = asciiKey(text.utf8) { return ascii }
        var folded = String(text)
        if !folded.utf8.allSatisfy({ $0 < 0x80 }) {
            folded = folded.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                pendingSpace = true
            }
        }
        return String(out)
    }

    /// The key of ASCII text, byte by byte (the common case); `nil` when the text has non-ASCII bytes.
    private static func asciiKey<U: Collection<UInt8>>(_ utf8: U) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var pendingSpace = false
        for byte in utf8 {
            guard byte < 0x80 else { return nil }
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(lower)
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the text has a letter or digit (cheaper than computing its key).
    static func hasAlphanumeric<S: StringProtocol>(_ text: S) -> Bool {
        text.unicodeScalars.contains { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// The text with every parenthesised or bracketed part removed: "Aqua (Water)" → "Aqua ", "Citral <18907>" →
    /// "Citral ".
    static func removingParentheticals(_ text: String) -> String {
        var depth = 0
        var out = ""
        for character in text {
            switch character {
            case "(", "[", "{", "<": depth += 1
            case ")", "]", "}", ">": depth = max(0, depth - 1)
            default: if depth == 0 { out.append(character) }
            }
        }
        return out
    }

    /// The top-level contents of a name's brackets, in order: "Helianthus Annuus Seed Oil (infused with Arnica
    /// Montana Flower Extract)" → ["infused with Arnica Montana Flower Extract"].
    static func parentheticals(in text: String) -> [String] {
        var depth = 0
        var parts: [String] = []
        var current = ""
        for character in text {
            switch character {
            case "(", "[", "{", "<":
                if depth > 0 { current.append(character) }
                depth += 1
            case ")", "]", "}", ">":
                guard depth > 0 else { continue }
                depth -= 1
                if depth == 0 {
                    parts.append(current)
                    current = ""
                } else {
                    current.append(character)
                }
            default:
                if depth > 0 { current.append(character) }
            }
        }
        if depth > 0, !current.isEmpty { parts.append(current) }
        return parts
    }

    /// Words that describe how an oil was made or sold, not what it is ("organic", "cold-pressed", "virgin").
    static let qualifierWords: Set<String> = [
        "organic", "certified", "bio", "biologique", "cold", "pressed", "coldpressed", "virgin", "extra",
        "unrefined", "refined", "pure", "100", "natural", "wild", "wildcrafted", "harvested", "deodorised",
        "deodorized", "premium", "raw", "fair", "trade", "filtered", "unfiltered", "nano",
    ]

    /// The key with qualifier words removed: "organic cold pressed jojoba oil" → "jojoba oil".
    static func removingQualifiers(_ key: String) -> String {
        key.split(separator: " ").filter { !qualifierWords.contains(String($0)) }.joined(separator: " ")
    }

    /// Whether `id` is a valid reference id: lower-case letters, digits and single hyphens.
    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, let last = id.unicodeScalars.last,
            first != "-", last != "-", !id.contains("--")
        else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Replaces the white-space characters labels carry (no-break, figure and thin spaces, tabs) with spaces.
    static func normalisingSpaces(_ text: String) -> String {
        // Byte check first: most lists are plain ASCII with no tab.
        var copy = text
        let plain = copy.withUTF8 { bytes in
            for byte in bytes where byte > 0x7F || byte == 0x09 { return false }
            return true
        }
        guard !plain else { return text }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    switch scalar.value {
                    case 0x09, 0xA0, 0x2007, 0x202F, 0x2000...0x200A, 0x3000: " "
                    case 0x200B, 0xFEFF: " "
                    default: scalar
                    }
                }
            )
        )
    }
}
