/// Splits ingredient-list text as suppliers write it into entries.
///
/// Handles the messy cases of real labels: a leading "Ingredients:" or "INCI:", commas inside parentheses,
/// asterisk footnotes, "May contain" and "[+/- …]", percentages, no-break spaces, trailing full stops and
/// sentences, full stops that run names together ("Citral. Limonene.*Plant origin"), a bracketed run of declared
/// allergens ("(*Hexyl Cinnamal. Limonene]"), "(and)" trade mixtures (one entry per part), kit sections ("Product
/// variation 1: …", "Step 2: …"), "Active Ingredients:" headings. Marketing prose and notes ("Please refer to the
/// packaging…", "Avocado Oil: known to improve…") are kept as footnotes, never as names. Nothing that could be a
/// name is dropped: anything else stays an entry and, when it is not a name, fails to resolve.
public enum IngredientListParser {
    /// Splits `text` into entries and footnotes.
    public static func parse(_ text: String) -> ParsedIngredientList {
        var result = ParsedIngredientList(entries: [], footnotes: [])
        var state = State()
        var parts = segments(of: LabelText.normalisingSpaces(text))
        let code = trailingBatchCode(&parts)
        collect(parts, into: &result, state: &state)
        if let code { result.footnotes.append(String(trimmed(code))) }
        return result
    }

    /// Removes and returns the list's last non-empty segment when it is a batch code (``isBatchCode(_:)``) and
    /// something comes before it.
    /// Footnotes after it ("2209 *Naturally derived fragrance") do not count. A code must follow a full stop
    /// ("Phenoxyethanol. 2209") unless it is bracketed or labelled ("(F.I.L. B260371/2)", "Lot 2209"). A lone letter
    /// is never taken for one: "Aqua, Vitamin C. E" may name vitamin E.
    static func trailingBatchCode(_ parts: inout [Substring]) -> Substring? {
        var last = parts.count - 1
        while last > 0 {
            let text = trimmed(parts[last])
            guard text.isEmpty || startsWithMarker(text) else { break }
            last -= 1
        }
        guard last > 0, isBatchCode(parts[last]) else { return nil }
        let segment = parts[last]
        let text = trimmed(segment)
        let marked = text.hasPrefix("(") || text.hasPrefix("[") || text.contains(" ")
        let base = segment.base
        let afterFullStop = segment.startIndex > base.startIndex && base[base.index(before: segment.startIndex)] == "."
        guard marked || afterFullStop else { return nil }
        return parts.remove(at: last)
    }

    private static let headings: Set<String> = [
        "ingredients", "ingredient", "inci", "inci name", "inci names", "ingredients inci", "inci ingredients",
        "inhaltsstoffe", "ingredienti", "ingredientes", "composition", "contains", "full ingredients",
        "ingredient list", "full ingredient list", "ingredients list",
    ]
    private static let mayContainHeadings: Set<String> = ["may contain", "may also contain", "peut contenir"]
    private static let markerCharacters: Set<Character> = ["*", "†", "‡", "°", "^", "¹", "²", "³", "⁴", "#"]

    /// What the segments read so far say about the next one.
    struct State: Sendable {
        /// Entries are listed under "May contain".
        var mayContain = false
        /// The last segment was a sentence, not a name: a fragment in lower case that follows is more of it
        /// ("Locks in lasting hydration, relieves dryness, and helps…").
        var afterProse = false

        /// The state as a number from 0 to 3, for tables kept per state.
        var slot: Int { (mayContain ? 1 : 0) | (afterProse ? 2 : 0) }
    }

    private static func collect(_ parts: [Substring], into result: inout ParsedIngredientList, state: inout State) {
        for raw in parts { step(raw, into: &result, state: &state) }
    }

    /// Processes one segment. What it adds to `result` and how it leaves `state` depend on nothing but the segment
    /// and the state it was met in (``IngredientResolver/resolveFormulation(list:memo:)`` remembers them so).
    static func step(_ raw: Substring, into result: inout ParsedIngredientList, state: inout State) {
        var text = trimmed(raw)
        guard !text.isEmpty else { return }
        if startsWithMarker(text) {
            result.footnotes.append(String(text))
            state.afterProse = false
            return
        }
        if state.afterProse, continuesSentence(text) {
            result.footnotes.append(String(text))
            return
        }
        state.afterProse = false
        if LabelProse.isProse(text) {
            result.footnotes.append(String(text))
            state.afterProse = true
            return
        }
        while let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")) {
            let before = text[..<colon]
            let heading = LabelText.key(before)
            let after = trimmed(text[text.index(after: colon)...])
            if headings.contains(heading) || LabelProse.isHeading(heading) {
                text = after
            } else if mayContainHeadings.contains(heading) {
                state.mayContain = true
                text = after
            } else if let name = LabelProse.nameBeforeHeading(before) {
                // "Zinc Oxide Inactive Ingredients: Water": the name is an entry, the heading goes.
                if let entry = entry(from: name, mayContain: state.mayContain) { result.entries.append(contentsOf: entry) }
                text = after
            } else if let (name, section) = LabelProse.nameBeforeSection(before) {
                // "Potassium Sorbate (*exfoliant) Step 2: Water": the last name of one list, then the next list.
                if let entry = entry(from: name, mayContain: state.mayContain) { result.entries.append(contentsOf: entry) }
                result.footnotes.append(String(section) + ":")
                state.mayContain = false
                text = after
            } else if LabelProse.isProse(after) {
                // "Avocado Oil: known to improve the look of skin": a note about a name, not a list.
                result.footnotes.append(String(text))
                state.afterProse = true
                return
            } else if !after.isEmpty && before.utf8.count <= 40 && !before.contains("(") {
                // A kit section or product part ("Product variation 2", "Magnetic Liner", "Step 2"): a new list
                // starts, its own may-contain mode with it.
                result.footnotes.append(String(before) + ":")
                state.mayContain = false
                text = after
            } else {
                break
            }
        }
        if let rest = strippingMayContain(text) {
            state.mayContain = true
            text = rest
        }
        let firstByte = text.utf8.first
        let lastByte = text.utf8.last
        if firstByte == UInt8(ascii: "[") || firstByte == UInt8(ascii: "("),
            lastByte == UInt8(ascii: "]") || lastByte == UInt8(ascii: ")"), text.utf8.count > 2
        {
            let inner = trimmed(text.dropFirst().dropLast().drop { markerCharacters.contains($0) || $0 == " " })
            let innerKey = LabelText.key(inner.prefix(16))
            if inner.hasPrefix("+/-") || inner.hasPrefix("±") || innerKey.hasPrefix("may contain") {
                var bracketState = State(mayContain: true)
                collect(segments(of: String(inner)), into: &result, state: &bracketState)
                return
            }
            let parts = segments(of: String(inner))
            if parts.count > 1 || text.dropFirst().first.map(markerCharacters.contains) == true {
                // A bracketed run of names ("(*Hexyl Cinnamal. Limonene. Linalool]"): each is an entry.
                var innerState = State(mayContain: state.mayContain)
                collect(parts, into: &result, state: &innerState)
                return
            }
        }
        guard !text.isEmpty else { return }
        if let entries = entry(from: text, mayContain: state.mayContain) { result.entries.append(contentsOf: entries) }
    }

    /// Whether a segment after a sentence is more of it: it starts with a lower-case letter and has two words or
    /// more ("relieves dryness", "helping skin stay supple", "pKa implies acid availability"). Names start with a
    /// capital or a digit, except on labels printed all in lower case, which rarely run on from a sentence.
    private static func continuesSentence(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, isLower(first), text.utf8.contains(0x20) else { return false }
        // It must read as a sentence too: a word of one, never only names ("sweet almond oil, arachis hypogaea oil"
        // after a sentence are names printed in lower case).
        return LabelProse.hasSentenceWord(text)
    }

    /// "May contain X", "+/- X", "± X" → "X".
    private static func strippingMayContain(_ text: Substring) -> Substring? {
        guard let first = text.utf8.first, first == UInt8(ascii: "m") || first == UInt8(ascii: "M")
            || first == UInt8(ascii: "+") || first == 0xC2
        else { return nil }
        for prefix in ["+/-", "±"] where text.hasPrefix(prefix) {
            return trimmed(text.dropFirst(prefix.count).drop { $0 == ":" || $0 == " " })
        }
        let lower = text.prefix(20).lowercased()
        for prefix in ["may contain", "may also contain"] where lower.hasPrefix(prefix) {
            var rest = text.dropFirst(prefix.count)
            rest = rest.drop { $0 == " " || $0 == ":" }
            if rest.hasPrefix("(+/-)") { rest = rest.dropFirst(5) }
            return trimmed(rest.drop { $0 == " " || $0 == ":" })
        }
        return nil
    }

    /// The entries of one segment: one, or one per part of an "(and)" trade mixture.
    private static func entry(from text: Substring, mayContain: Bool) -> [LabelEntry]? {
        let parts = LabelProse.tradeMixtureParts(text)
        let entries = parts.compactMap { singleEntry(from: trimmed($0), mayContain: mayContain) }
        return entries.isEmpty ? nil : entries
    }

    private static func singleEntry(from text: Substring, mayContain: Bool) -> LabelEntry? {
        var name = String(text)
        // Collected from the end and reversed once: inserting each at the front would take quadratic time.
        var reversedMarkers = ""
        while let lastByte = name.utf8.last, lastByte == 0x20 || lastByte >= 0x80 || asciiMarkers.contains(lastByte) {
            guard let last = name.last, markerCharacters.contains(last) || last == " " else { break }
            if last != " " { reversedMarkers.append(last) }
            name.removeLast()
        }
        let markers = String(reversedMarkers.reversed())
        var percent: Double?
        if containsPercentWord(name), let word = name.range(of: " percent", options: .caseInsensitive),
            word.lowerBound > name.startIndex,
            name[name.index(before: word.lowerBound)].isNumber,
            word.upperBound == name.endIndex || !name[word.upperBound].isLetter
        {
            // "Colloidal Oatmeal 0.5 Percent", as US drug-facts panels print it.
            name.replaceSubrange(word, with: "%")
        }
        if name.utf8.contains(UInt8(ascii: "%")) { (name, percent) = extractingPercent(name) }
        name = String(trimmed(Substring(name)))
        guard LabelText.hasAlphanumeric(name) else { return nil }
        return LabelEntry(
            text: String(text), name: name, percent: percent, mayContain: mayContain, markers: markers
        )
    }

    /// Whether `name` has " percent" in any case: a byte scan, so the common name pays no Foundation search.
    private static func containsPercentWord(_ name: String) -> Bool {
        let word: [UInt8] = Array(" percent".utf8)
        var matched = 0
        for byte in name.utf8 {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            if lower == word[matched] {
                matched += 1
                if matched == word.count { return true }
            } else {
                matched = lower == word[0] ? 1 : 0
            }
        }
        return false
    }

    /// Removes the first "70%", "0,5 %" or "(70%)" from `name` and returns its value.
    static func extractingPercent(_ name: String) -> (String, Double?) {
        let bytes = Array(name.utf8)
        guard let percentIndex = bytes.firstIndex(of: UInt8(ascii: "%")) else { return (name, nil) }
        var start = percentIndex
        while start > 0, bytes[start - 1] == 0x20 { start -= 1 }
        let numberEnd = start
        while start > 0, isDigit(bytes[start - 1]) || bytes[start - 1] == UInt8(ascii: ".") || bytes[start - 1] == UInt8(ascii: ",") {
            start -= 1
        }
        let number = bytes[start..<numberEnd].map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }
        guard start < numberEnd, let value = Double(String(decoding: number, as: UTF8.self)) else { return (name, nil) }
        var end = percentIndex + 1
        var open = start
        while open > 0, bytes[open - 1] == 0x20 { open -= 1 }
        if open > 0, bytes[open - 1] == UInt8(ascii: "(") {
            var close = end
            while close < bytes.count, bytes[close] == 0x20 { close += 1 }
            if close < bytes.count, bytes[close] == UInt8(ascii: ")") {
                start = open - 1
                end = close + 1
            }
        }
        let rest = bytes[..<start] + [0x20] + bytes[end...]
        return (String(decoding: rest, as: UTF8.self), value)
    }

    /// Splits at separators outside parentheses: commas, semicolons, line breaks, bullets, and full stops that end
    /// a sentence. Unbalanced parentheses fall back to splitting everywhere, so one stray "(" cannot swallow a list.
    static func segments(of text: String) -> [Substring] {
        if let balanced = split(text, respectingParentheses: true) { return balanced }
        return split(text, respectingParentheses: false) ?? [Substring(text)]
    }

    private static func split(_ text: String, respectingParentheses: Bool) -> [Substring]? {
        // Byte by byte, over the string's own storage: every separator and bracket is ASCII or a fixed UTF-8
        // sequence, so byte offsets are always character boundaries.
        var storage = text
        return storage.withUTF8 { split(text, bytes: $0, respectingParentheses: respectingParentheses) }
    }

    private static func split(_ text: String, bytes: UnsafeBufferPointer<UInt8>, respectingParentheses: Bool) -> [Substring]? {
        var out: [Substring] = []
        out.reserveCapacity(16)
        var depth = 0
        var start = 0
        var index = 0
        func cut(_ end: Int, next: Int) {
            let from = text.utf8.index(text.startIndex, offsetBy: start)
            let to = text.utf8.index(from, offsetBy: end - start)
            out.append(text[from..<to])
            start = next
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                if respectingParentheses { depth += 1 }
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if respectingParentheses { depth = max(0, depth - 1) }
            case UInt8(ascii: ","):
                // "0,5%" and "1,2-Hexanediol" keep their comma: a digit on both sides is not a separator.
                let between = index > 0 && index + 1 < bytes.count && isDigit(bytes[index - 1]) && isDigit(bytes[index + 1])
                if depth == 0 && !between && !isLocantComma(bytes, start: start, comma: index) { cut(index, next: index + 1) }
            case UInt8(ascii: "*"):
                // "Neral* *Naturally present in essential oils": a footnote glued to the last name starts here.
                if depth == 0, index > start + 1, bytes[index - 1] == 0x20, startsFootnote(bytes, at: index + 1) {
                    cut(index - 1, next: index)
                }
            case UInt8(ascii: ";"), 0x0A, 0x0D, UInt8(ascii: "|"):
                if depth == 0 { cut(index, next: index + 1) }
            case UInt8(ascii: "."):
                // A full stop ends a sentence when white space, the end or a footnote mark follows ("Coumarin.*Plant
                // origin"), or when it joins two words ("Citral.Limonene"); "0.5" is a number.
                let next = index + 1
                let ends = next == bytes.count || bytes[next] == 0x20 || bytes[next] == 0x09 || bytes[next] == 0x0A
                    || bytes[next] == 0x0D || bytes[next] == UInt8(ascii: "*")
                let joinsWords = next < bytes.count && index > 0 && isLower(bytes[index - 1]) && isUpper(bytes[next])
                if depth == 0 && (ends || joinsWords) && !isNumberAbbreviation(bytes, fullStop: index) {
                    cut(index, next: next)
                }
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xB7:  // ·
                if depth == 0 { cut(index, next: index + 2) }
                index += 1
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA2:  // •
                if depth == 0 { cut(index, next: index + 3) }
                index += 2
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x97 && bytes[index + 2] == 0x8F:  // ●
                if depth == 0 { cut(index, next: index + 3) }
                index += 2
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x96 && bytes[index + 2] == 0xAA:  // ▪
                if depth == 0 { cut(index, next: index + 3) }
                index += 2
            default:
                break
            }
            index += 1
        }
        cut(bytes.count, next: bytes.count)
        return respectingParentheses && depth != 0 ? nil : out
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// "FD&C Yellow No. 5": the full stop of "No." before a number abbreviates "number", it ends no sentence.
    private static func isNumberAbbreviation(_ bytes: UnsafeBufferPointer<UInt8>, fullStop: Int) -> Bool {
        guard fullStop >= 2, bytes[fullStop - 2] | 0x20 == UInt8(ascii: "n"), bytes[fullStop - 1] | 0x20 == UInt8(ascii: "o")
        else { return false }
        if fullStop >= 3, bytes[fullStop - 3] != 0x20 { return false }
        var next = fullStop + 1
        while next < bytes.count, bytes[next] == 0x20 { next += 1 }
        return next < bytes.count && isDigit(bytes[next])
    }

    /// Whether a list's last segment is a batch or formula code rather than a name: "2209", "B/051022",
    /// "MOLBVD01", "(251/036)", "(F.I.L. B260371/2)" (the French perfumers' formula identification). One token of
    /// capitals, digits, "/", "." and "-" with at least two digits; not shaped like a name ("PEG-8", "C12-15").
    static func isBatchCode(_ segment: Substring) -> Bool {
        // Every code has two digits or a slash: most last segments ("Tocopherol") are refused by one byte scan.
        var digitCount = 0
        var slash = false
        for byte in segment.utf8 {
            if isDigit(byte) { digitCount += 1 } else if byte == UInt8(ascii: "/") { slash = true }
        }
        guard digitCount >= 2 || slash else { return false }
        var text = trimmed(segment)
        if text.hasPrefix("(") && text.hasSuffix(")") || text.hasPrefix("[") && text.hasSuffix("]") {
            text = trimmed(text.dropFirst().dropLast())
        }
        for prefix in ["F.I.L.", "F.I.L", "FIL", "Lot", "LOT", "Batch", "BATCH"] where text.hasPrefix(prefix + " ") {
            text = trimmed(text.dropFirst(prefix.count))
            break
        }
        let bytes = Array(text.utf8)
        guard bytes.count >= 4, bytes.count <= 20 else { return false }
        var digits = 0
        for byte in bytes {
            if isDigit(byte) {
                digits += 1
            } else if !(isUpper(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")) {
                return false
            }
        }
        // Long enough not to be a name with a number: "2209", "B/051022", "MOLBVD01" — never "B12", "COQ10", "E120".
        guard digits >= 4 || bytes.contains(UInt8(ascii: "/")) || (digits >= 2 && bytes.count >= 6) else { return false }
        // Names with digits: "PEG-8", "PPG-3", "C12-15", "CI75470" (carmine), "E120"; "CI 77491" is two tokens.
        if let dash = bytes.firstIndex(of: UInt8(ascii: "-")), dash >= 1, bytes[..<dash].allSatisfy(isUpper) { return false }
        if isDigit(bytes[1]), bytes[0] == UInt8(ascii: "C") || bytes[0] == UInt8(ascii: "E") { return false }
        if bytes[0] == UInt8(ascii: "C"), bytes[1] == UInt8(ascii: "I"), isDigit(bytes[2]) { return false }
        return true
    }

    /// "1, 2-Hexanediol": a lone digit, a comma and a space before "2-…" are one chemical locant, not two names.
    private static func isLocantComma(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, comma: Int) -> Bool {
        var first = start
        while first < comma, bytes[first] == 0x20 { first += 1 }
        guard comma - first == 1, isDigit(bytes[first]) else { return false }
        var next = comma + 1
        while next < bytes.count, bytes[next] == 0x20 { next += 1 }
        return next + 1 < bytes.count && isDigit(bytes[next]) && bytes[next + 1] == UInt8(ascii: "-")
    }

    /// Words that open a footnote ("*Naturally occurring", "*Certified organic", "*From essential oils").
    private static let footnoteOpeners: Set<String> = [
        "naturally", "natural", "certified", "derived", "occurring", "present", "from", "plant", "ingredient",
        "ingredients", "organically", "component", "components", "constituent", "constituents", "contains",
    ]

    /// Whether the word at `index` opens a footnote.
    private static func startsFootnote(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var end = index
        while end < bytes.count, (bytes[end] | 0x20) >= 0x61, (bytes[end] | 0x20) <= 0x7A { end += 1 }
        guard end > index else { return false }
        return footnoteOpeners.contains(String(decoding: bytes[index..<end], as: UTF8.self).lowercased())
    }
    private static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }

    /// Footnote markers that are ASCII, checked byte by byte.
    private static let asciiMarkers: Set<UInt8> = [UInt8(ascii: "*"), UInt8(ascii: "^"), UInt8(ascii: "#")]

    private static func startsWithMarker(_ text: Substring) -> Bool {
        guard let byte = text.utf8.first else { return false }
        if byte < 0x80 { return asciiMarkers.contains(byte) }
        return text.first.map(markerCharacters.contains) ?? false
    }

    private static func trimmed(_ text: Substring) -> Substring {
        // Fast path: plain spaces dropped byte by byte (a segment after ", " starts with one), then ends that are
        // ASCII and need no more trimming. An ASCII byte after the spaces is never a combining mark, so no
        // character is split.
        var bytes = text.utf8
        while bytes.first == 0x20 { bytes = bytes.dropFirst() }
        while bytes.last == 0x20 { bytes = bytes.dropLast() }
        if let first = bytes.first, let last = bytes.last, first > 0x20, first < 0x80,
            first != UInt8(ascii: "-"), last > 0x20, last < 0x80, last != UInt8(ascii: "."), last != UInt8(ascii: ":")
        {
            return Substring(bytes)
        }
        var slice = text
        while let first = slice.first, first.isWhitespace || first == "-" || first == "–" { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace || last == "." || last == ":" { slice = slice.dropLast() }
        return slice
    }
}
