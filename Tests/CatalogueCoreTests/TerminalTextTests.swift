import CatalogueCore
import Testing

/// What a line shows for text that could act on a terminal or a log file instead of being read.
@Suite("Terminal text")
struct TerminalTextTests {
    @Test("controls and format characters show as escapes; an escape the text itself spells out is told apart")
    func escapes() {
        #expect(TerminalText.visible("Lavender \u{1B}[2J\u{202E}lio") == #"Lavender \u{1B}[2J\u{202E}lio"#)
        // The text "\u{1B}" as typed, not the character: its backslash is shown as an escape too, so every escape
        // shown reads back to one character (a backslash before a real escape character stays told apart).
        #expect(TerminalText.visible(#"SKU \u{1B} and C:\users\u"#) == #"SKU \u{5C}u{1B} and C:\users\u"#)
        #expect(TerminalText.visible("\\\u{1B}") == #"\\u{1B}"#)
        #expect(TerminalText.visible(#"\\u{1B}"#) == #"\\u{5C}u{1B}"#)
        #expect(TerminalText.visible("two\nlines\tand a tab") == "two\nlines\tand a tab")
        #expect(TerminalText.visible("two\nlines\tand a tab", keepingLineBreaks: false) == #"two\u{A}lines\u{9}and a tab"#)
        // Joiners inside a word (emoji, Persian) stay; a joiner on its own does not.
        #expect(TerminalText.visible("👩🏽‍⚕️ می‌خواهم") == "👩🏽‍⚕️ می‌خواهم")
        #expect(TerminalText.visible("a \u{200D} b") == #"a \u{200D} b"#)
        #expect(TerminalText.visible("Jojoba Öl ✓") == "Jojoba Öl ✓")
    }
}
