/// Text made safe to print on a terminal: every character that could act instead of being read is shown as an
/// escape (`\u{1B}`, `\u{202E}`).
///
/// Names are cleaned when they are stored, but a line also carries what was never cleaned: a supplier's SKU, a feed's
/// rejected value, a file name, a database that another version wrote. An escape character there could move the
/// cursor, rewrite the line above or set the window title; a bidirectional override could make "blocked" print
/// reversed and a name read as another. Line breaks and tabs are kept; so are the zero-width joiners inside a word,
/// which some scripts and emoji need. A log line (`keepingLineBreaks: false`) shows line feeds and tabs as escapes
/// too, so that one entry is one line and a value cannot forge the next. A backslash that the text itself has before
/// `u{` is shown as `\u{5C}`, so every `\u{…}` shown was made here and reads back to exactly one character.
public enum TerminalText {
    /// `text` with controls (other than line feed and tab, unless `keepingLineBreaks` is false), format characters,
    /// line and paragraph separators written as `\u{…}`.
    public static func visible(_ text: String, keepingLineBreaks: Bool = true) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\\") }) else { return text }
        let scalars = Array(text.unicodeScalars)
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
            if scalar == "\n" || scalar == "\t" { return !keepingLineBreaks }
            return Self.needsEscape(scalar)
        }
        func looksLikeEscape(at index: Int) -> Bool {
            scalars[index] == "\\" && index + 2 < scalars.count && scalars[index + 1] == "u" && scalars[index + 2] == "{"
        }
        guard scalars.indices.contains(where: { needsEscape(scalars[$0]) || looksLikeEscape(at: $0) }) else { return text }
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if looksLikeEscape(at: index) {
                out.append(contentsOf: #"\u{5C}"#.unicodeScalars)
                continue
            }
            let joinsWord = (scalar == "\u{200D}" || scalar == "\u{200C}") && index > 0 && index + 1 < scalars.count
                && !needsEscape(scalars[index - 1]) && !needsEscape(scalars[index + 1])
                && scalars[index - 1] != " " && scalars[index + 1] != " "
            if needsEscape(scalar) && !joinsWord {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
