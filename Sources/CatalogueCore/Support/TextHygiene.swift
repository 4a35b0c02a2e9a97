import Foundation

/// What text from a feed or a person is turned into before it is stored: Unicode NFC, without control characters
/// (category Cc) or invisible format characters (category Cf).
///
/// Format characters (bidirectional overrides, zero-width spaces, the Arabic number sign U+0600 and other
/// prepended marks) change how text looks or joins without being seen; control characters have no place in a
/// name. The one exception is ZWJ and ZWNJ *inside a word* (between two letters or marks), which scripts such as
/// Persian, Hindi and Sinhala need to spell words. NFC makes "Zoë" typed composed and decomposed one spelling.
public enum TextHygiene {
    /// A one-line value (a name, a brand, a user name): line breaks and tabs become spaces, other controls and
    /// format characters are removed, the result is NFC.
    public static func singleLine(_ text: String) -> String {
        clean(text, keepLineBreaks: false)
    }

    /// A multi-line value (a note, a description, an ingredient list): line breaks are kept (CR LF and CR become
    /// LF), tabs become spaces, other controls and format characters are removed, the result is NFC.
    public static func multiLine(_ text: String) -> String {
        clean(text, keepLineBreaks: true)
    }

    /// NFC alone: for search text and comparisons.
    public static func nfc(_ text: String) -> String {
        isPlainASCII(text, allowLineBreaks: true) ? text : text.precomposedStringWithCanonicalMapping
    }

    /// Whether `text` says nothing a person can read: no letter or digit, once the letters that draw as blank
    /// (the Hangul fillers U+115F, U+1160, U+3164, U+FFA0 and the blank Braille pattern U+2800) are left out. A
    /// reason that is only punctuation, marks or invisible characters is no reason.
    public static func isBlank(_ text: String) -> Bool {
        !text.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .decimalNumber, .letterNumber, .otherNumber:
                !["\u{115F}", "\u{1160}", "\u{3164}", "\u{FFA0}"].contains(scalar)
            default:
                false
            }
        }
    }

    /// Whether `text` is already clean: printable ASCII only (and LF when line breaks are kept). Such text comes
    /// back from ``singleLine(_:)`` and ``multiLine(_:)`` unchanged.
    public static func isPlainASCII(_ text: String, allowLineBreaks: Bool) -> Bool {
        var text = text
        return text.withUTF8 { isPlainASCII($0, allowLineBreaks: allowLineBreaks) }
    }

    /// ``isPlainASCII(_:allowLineBreaks:)`` over bytes, eight at a time: a word with no byte of 0x80 or more, none
    /// below 0x20 and none equal to 0x7F is plain; a word that may hold one is checked byte by byte. (The importer
    /// asks this of every field of every record.)
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>, allowLineBreaks: Bool) -> Bool {
        func plain(_ byte: UInt8) -> Bool { byte < 0x7F && (byte >= 0x20 || (allowLineBreaks && byte == 0x0A)) }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                // Some byte ≥ 0x80; some byte < 0x20 (it borrows on subtracting 0x20); some byte 0x7F (it is zero
                // after the exclusive or). Either test may flag a word that holds none; the bytes then decide.
                let deleted = word ^ (ones &* 0x7F)
                let suspect = (word & highBits) | ((word &- ones &* 0x20) & ~word & highBits)
                    | ((deleted &- ones) & ~deleted & highBits)
                if suspect != 0 {
                    for offset in index..<(index + 8) where !plain(bytes[offset]) { return false }
                }
                index += 8
            }
        }
        while index < bytes.count {
            if !plain(bytes[index]) { return false }
            index += 1
        }
        return true
    }

    private static func clean(_ text: String, keepLineBreaks: Bool) -> String {
        if isPlainASCII(text, allowLineBreaks: keepLineBreaks) { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            defer { index += 1 }
            switch scalar.properties.generalCategory {
            case .control:
                if scalar == "\r" {
                    if keepLineBreaks {
                        out.append("\n")
                        if index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                    } else {
                        out.append(" ")
                    }
                } else if scalar == "\n" {
                    out.append(keepLineBreaks ? "\n" : " ")
                } else if scalar == "\t" || scalar == "\u{0B}" || scalar == "\u{0C}" || scalar == "\u{85}" {
                    out.append(" ")
                }
            case .format:
                if (scalar == "\u{200D}" || scalar == "\u{200C}"), index > 0, index + 1 < scalars.count,
                    isWordPart(scalars[index - 1]), isWordPart(scalars[index + 1])
                {
                    out.append(scalar)
                }
            case .lineSeparator, .paragraphSeparator:
                out.append(keepLineBreaks ? "\n" : " ")
            default:
                out.append(scalar)
            }
        }
        return String(out).precomposedStringWithCanonicalMapping
    }

    private static func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark, .spacingMark, .enclosingMark:
            true
        default:
            false
        }
    }
}
