/// Splits ingredient-list text as suppliers write it into entries.
///
/// Handles the messy cases of real labels: a leading "Ingredients:" or "INCI:", commas inside parentheses,
/// asterisk footnotes, "May contain" and "[+/- …]", percentages, no-break spaces, trailing full stops and
/// sentences. Nothing that could be a name is dropped: prose stays as an entry and fails to resolve.
public enum IngredientListParser {
    /// Splits `text` into entries and footnotes.
    public static func parse(_ text: String) -> ParsedIngredientList {
        var result = ParsedIngredientList(entries: [], footnotes: [])
        var mayContain = false
        collect(segments(of: LabelText.normalisingSpaces(text)), into: &result, mayContain: &mayContain)
        return result
    }

    private static let headings: Set<String> = [
        "ingredients", "ingredient", "inci", "inci name", "inci names", "ingredients inci", "inci ingredients",
        "inhaltsstoffe", "ingredienti", "ingredientes", "composition", "contains", "full ingredients",
        "ingredient list", "full ingredient list", "ingredients list",
    ]
    private static let mayContainHeadings: Set<String> = ["may contain", "may also contain", "peut contenir"]
    private static let markerCharacters: Set<Character> = ["*", "†", "‡", "°", "^", "¹", "²", "³", "⁴", "#"]

    private static func collect(_ parts: [Substring], into result: inout ParsedIngredientList, mayContain: inout Bool) {
        for raw in parts {
            var text = trimmed(raw)
            guard !text.isEmpty else { continue }
            if let first = text.first, markerCharacters.contains(first) {
                result.footnotes.append(String(text))
                continue
            }
            if let colon = text.firstIndex(of: ":") {
                let heading = LabelText.key(text[..<colon])
                if headings.contains(heading) {
                    text = trimmed(text[text.index(after: colon)...])
                } else if mayContainHeadings.contains(heading) {
                    mayContain = true
                    text = trimmed(text[text.index(after: colon)...])
                }
            }
            if let rest = strippingMayContain(text) {
                mayContain = true
                text = rest
            }
            if (text.hasPrefix("[") && text.hasSuffix("]")) || (text.hasPrefix("(") && text.hasSuffix(")")),
                text.count > 2
            {
                let inner = text.dropFirst().dropLast()
                let innerKey = LabelText.key(inner.prefix(16))
                if inner.hasPrefix("+/-") || inner.hasPrefix("±") || innerKey.hasPrefix("may contain") {
                    var bracketMode = true
                    collect(segments(of: String(inner)), into: &result, mayContain: &bracketMode)
                    continue
                }
            }
            guard !text.isEmpty else { continue }
            if let entry = entry(from: text, mayContain: mayContain) { result.entries.append(entry) }
        }
    }

    /// "May contain X", "+/- X", "± X" → "X".
    private static func strippingMayContain(_ text: Substring) -> Substring? {
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

    private static func entry(from text: Substring, mayContain: Bool) -> LabelEntry? {
        var name = String(text)
        var markers = ""
        while let last = name.last, markerCharacters.contains(last) || last == " " {
            if last != " " { markers.insert(last, at: markers.startIndex) }
            name.removeLast()
        }
        var percent: Double?
        if name.contains("%") { (name, percent) = extractingPercent(name) }
        name = String(trimmed(Substring(name)))
        guard !LabelText.key(name).isEmpty else { return nil }
        return LabelEntry(
            text: String(text), name: name, percent: percent, mayContain: mayContain, markers: markers
        )
    }

    /// Removes the first "70%", "0,5 %" or "(70%)" from `name` and returns its value.
    static func extractingPercent(_ name: String) -> (String, Double?) {
        let characters = Array(name)
        guard let percentIndex = characters.firstIndex(of: "%") else { return (name, nil) }
        var start = percentIndex
        while start > 0, characters[start - 1] == " " { start -= 1 }
        let numberEnd = start
        while start > 0, characters[start - 1].isNumber || characters[start - 1] == "." || characters[start - 1] == ","
        {
            start -= 1
        }
        guard start < numberEnd,
            let value = Double(String(characters[start..<numberEnd]).replacingOccurrences(of: ",", with: "."))
        else { return (name, nil) }
        var end = percentIndex + 1
        var open = start
        while open > 0, characters[open - 1] == " " { open -= 1 }
        if open > 0, characters[open - 1] == "(" {
            var close = end
            while close < characters.count, characters[close] == " " { close += 1 }
            if close < characters.count, characters[close] == ")" {
                start = open - 1
                end = close + 1
            }
        }
        let rest = String(characters[..<start]) + " " + String(characters[end...])
        return (rest, value)
    }

    /// Splits at separators outside parentheses: commas, semicolons, line breaks, bullets, and full stops that end
    /// a sentence. Unbalanced parentheses fall back to splitting everywhere, so one stray "(" cannot swallow a list.
    static func segments(of text: String) -> [Substring] {
        if let balanced = split(text, respectingParentheses: true) { return balanced }
        return split(text, respectingParentheses: false) ?? [Substring(text)]
    }

    private static func split(_ text: String, respectingParentheses: Bool) -> [Substring]? {
        var out: [Substring] = []
        var depth = 0
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            var separates = false
            switch character {
            case "(", "[", "{": if respectingParentheses { depth += 1 }
            case ")", "]", "}": if respectingParentheses { depth = max(0, depth - 1) }
            case ",":
                // "0,5%" and "1,2-Hexanediol" keep their comma: a digit on both sides is not a separator.
                let between = index > text.startIndex && next < text.endIndex
                    && text[text.index(before: index)].isNumber && text[next].isNumber
                separates = depth == 0 && !between
            case ";", "\n", "\r", "•", "·", "|", "●", "▪":
                separates = depth == 0
            case ".":
                // A full stop ends a sentence when white space or the end follows; "0.5" is a number.
                separates = depth == 0 && (next == text.endIndex || text[next].isWhitespace)
            default: break
            }
            if separates {
                out.append(text[start..<index])
                start = next
            }
            index = next
        }
        out.append(text[start..<text.endIndex])
        return respectingParentheses && depth != 0 ? nil : out
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var slice = text
        while let first = slice.first, first.isWhitespace || first == "-" || first == "–" { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace || last == "." || last == ":" { slice = slice.dropLast() }
        return slice
    }
}
