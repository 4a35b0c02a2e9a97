import Foundation

/// An allergen's name as a report or a person writes it, read for recording: numbering and the test concentration
/// left out, and refused when it could mean something else than it says.
///
/// Refused: a name holding a reading or its note (`Linalool (pos., D4)`, `wool alcohols: ++`), a plus sign of any
/// script or another mathematical symbol, a character no allergen's name has (`*`, `✓`, `²`, digits other than
/// 0–9), and a concentration followed by more than its vehicle. A number that may end the name rather than start
/// the concentration ("Fragrance mix 2.14% pet": Fragrance mix at 2.14 %, or Fragrance mix 2 at 14 %?) is kept in
/// ``alternatives``, for the resolver to refuse the name when they name different allergens.
public struct AllergenName: Sendable, Hashable {
    /// The name, without numbering or concentration.
    public var name: String
    /// The other names the text can be read as (the name with the start of its concentration's number).
    public var alternatives: [String]

    /// Why a name cannot be read.
    public struct Problem: Error, Hashable {
        /// What is wrong and what to write instead.
        public var text: String

        public init(text: String) {
            self.text = text
        }
    }

    /// Reads `text` as one allergen's name.
    public static func read(_ text: String) -> Result<AllergenName, Problem> {
        let written = TextHygiene.singleLine(text).trimmingWhitespace()
        // The longest test-allergen names run to some 60 characters; brackets nest once at most ("… (MCI/MI)").
        guard written.count <= maxLength else {
            return .failure(Problem(text: "the allergen name runs to \(written.count) characters; an allergen's name has at most \(maxLength)"))
        }
        guard bracketDepth(written) <= 2 else {
            return .failure(Problem(text: "'\(written)' nests brackets more than twice; write the allergen's name alone"))
        }
        let cut: AllergenName
        switch cutConcentration(from: withoutNumbering(written)) {
        case .success(let value): cut = value
        case .failure(let problem): return .failure(problem)
        }
        guard !cut.name.isEmpty else { return .failure(Problem(text: "the allergen name is empty")) }
        // "Fragrance mix,2", "Fragrance mix (2)", "Fragrance mix, 2.": a number set apart at the end may end the name
        // (Fragrance mix 2, FM II) or be a concentration without its unit.
        let end = cut.name.reversed().drop { $0.isWhitespace || ".)]".contains($0) }
        let digits = end.prefix(while: \.isASCIIDigit)
        if !digits.isEmpty, let mark = end.dropFirst(digits.count).first(where: { !$0.isWhitespace }), ",([".contains(mark) {
            return .failure(Problem(
                text: "'\(written)' ends in a number set apart: part of the name, or a concentration without its unit? "
                    + "Write the name as the series prints it ('Fragrance mix II') and the concentration with its unit ('14% pet')"
            ))
        }
        // "Methylchloroisothiazolinone/": a part around a slash is missing — the rest of a mix's name?
        if cut.name.hasPrefix("/") || cut.name.hasSuffix("/") || cut.name.contains("//") || cut.name.contains("/ /") {
            return .failure(Problem(text: "'\(written)' has an empty part beside '/'; write the whole name, as in 'MCI/MI'"))
        }
        // A name that ends in a dash, as a reading would ("Nickel sulfate -").
        if let last = cut.name.last, "-–—‐‑".contains(last) {
            return .failure(Problem(text: "'\(written)' ends in '\(last)', a reading's sign; write the allergen's name alone, with one reading a line"))
        }
        if let word = readingInside(cut.name) {
            let mix = word.unicodeScalars.allSatisfy(isPlusOrMathSymbol) && cut.name.contains(" \(word) ")
            return .failure(Problem(
                text: "'\(written)' holds a reading or a note of one ('\(word)'); write the allergen's name alone, with one reading a line"
                    + (mix ? ", and the parts of a mix joined by '/' (as in 'MCI/MI')" : "")
            ))
        }
        if let odd = cut.name.first(where: { !isNameCharacter($0) }) {
            return .failure(Problem(
                text: "'\(written)' holds '\(odd)', which no allergen's name has; write the name in letters, digits 0–9 and - ( ) / , ."
            ))
        }
        return .success(cut)
    }

    /// The most characters an allergen's name may have.
    static let maxLength = 200

    /// How deep brackets nest in `text`.
    static func bracketDepth(_ text: String) -> Int {
        var depth = 0
        var deepest = 0
        for character in text {
            if "([{".contains(character) {
                depth += 1
                deepest = max(deepest, depth)
            } else if ")]}".contains(character) {
                depth = max(0, depth - 1)
            }
        }
        return deepest
    }

    /// The name without a leading number: `12.`, `12)`, `12 `, `12 - `, `(12)`, `[12]`. "4-tert-butylphenol" keeps its
    /// number.
    static func withoutNumbering(_ text: String) -> Substring {
        var text = Substring(text)
        if let open = text.first, open == "(" || open == "[" {
            let digits = text.dropFirst().prefix(while: \.isNumber)
            let rest = text.dropFirst(1 + digits.count)
            if !digits.isEmpty, let close = rest.first, close == (open == "(" ? ")" : "]") {
                return rest.dropFirst().drop(while: \.isWhitespace)
            }
            return text
        }
        guard let first = text.first, first.isNumber else { return text }
        let digits = text.prefix(while: \.isNumber)
        let rest = text.dropFirst(digits.count)
        if let mark = rest.first, mark == "." || mark == ")" || mark.isWhitespace {
            text = rest.dropFirst().drop(while: \.isWhitespace)
            if text.hasPrefix("- ") || text.hasPrefix("– ") { text = text.dropFirst(2) }
            return text
        }
        return text
    }

    /// Whether a CSV field is a vehicle alone: `pet`, `aq.`, `in pet`.
    static func isVehicle(_ field: String) -> Bool {
        let words = field.lowercased().split { " .()[],;".contains($0) }
        return !words.isEmpty && words.allSatisfy { vehicleWords.contains(String($0)) }
    }

    /// Whether a CSV field numbers the line: `1`, `1.`, `1)`, `(1)`.
    static func isNumbering(_ field: String) -> Bool {
        let digits = field.drop { $0 == "(" || $0 == "[" }.prefix(while: \.isASCIIDigit)
        guard !digits.isEmpty else { return false }
        let rest = field.drop { $0 == "(" || $0 == "[" }.dropFirst(digits.count)
        return rest.isEmpty || [".", ")", "]"].contains(rest)
    }

    /// Whether a CSV field is a concentration alone: `14% pet`, `0.2 % aq`, `200 ppm`.
    static func isConcentration(_ field: String) -> Bool {
        guard field.count <= maxLength, field.first?.isASCIIDigit == true, case .success(let cut) = cutConcentration(from: Substring(field)) else { return false }
        return cut.name.isEmpty
    }

    /// The name without its test concentration: a number, `%` or `ppm`, and a vehicle (`pet`, `aq`, …). The number may
    /// follow a space, a comma, a bracket or a slash.
    static func cutConcentration(from text: Substring) -> Result<AllergenName, Problem> {
        guard let unit = unitRange(in: text) else {
            // Only a separator left before a tab ("Nickel sulfate:<TAB>++"); a trailing "-" or "/" stays, to be refused.
            let name = String(text.reversed().drop { $0.isWhitespace || $0 == ":" || $0 == "=" }.reversed())
            return .success(AllergenName(name: name, alternatives: []))
        }
        // The number before the unit: digits with one decimal point or comma ("0.2", "0,5").
        var start = unit.lowerBound
        while start > text.startIndex, text[text.index(before: start)].isWhitespace { start = text.index(before: start) }
        let numberEnd = start
        while start > text.startIndex, text[text.index(before: start)].isASCIIDigit { start = text.index(before: start) }
        if start < numberEnd, start > text.startIndex, ".,".contains(text[text.index(before: start)]) {
            let mark = text.index(before: start)
            if mark > text.startIndex, text[text.index(before: mark)].isASCIIDigit {
                start = mark
                while start > text.startIndex, text[text.index(before: start)].isASCIIDigit { start = text.index(before: start) }
            }
        }
        let number = text[start..<numberEnd]
        guard !number.isEmpty else {
            return .failure(Problem(text: "'\(text)' has a percent sign without a number; write the allergen name alone"))
        }
        if text[unit] == "%", let value = Double(number.replacing(",", with: ".")), value > 100 {
            return .failure(Problem(
                text: "'\(text)': \(number) % is no concentration; put a space or a comma between the name and the concentration"
            ))
        }
        let vehicle = text[unit.upperBound...].lowercased().split { " .()[],;".contains($0) }
        guard vehicle.allSatisfy({ vehicleWords.contains(String($0)) }) else {
            return .failure(Problem(
                text: "'\(text)' goes on after its concentration ('\(text[start...].trimmingWhitespace())'); write the allergen name, then the concentration and vehicle (pet, aq, eth, …) last"
            ))
        }
        let name = trimmedEnd(text[..<start])
        // The number's first digits may end the name: "Fragrance mix 2.14%", "Fragrance mix 214%", "… 2,14%" — unless
        // a comma, bracket or slash already parts them ("Fragrance mix, 2.14% pet").
        var alternatives: [String] = []
        let parted = text[..<start].last { !$0.isWhitespace }.map { ",;(/[:".contains($0) } ?? true
        // A name ends in three digits at most ("Disperse blue 106").
        var index = parted ? number.endIndex : number.index(after: number.startIndex)
        let lastCut = number.index(number.startIndex, offsetBy: min(number.count, 4))
        while index < number.endIndex, index < lastCut {
            if number[number.index(before: index)].isASCIIDigit {
                let alternative = trimmedEnd(text[..<index])
                if alternative != name, !alternatives.contains(alternative) { alternatives.append(alternative) }
            }
            index = number.index(after: index)
        }
        return .success(AllergenName(name: name, alternatives: alternatives))
    }

    /// Where the concentration's unit is: the first `%`, or `ppm` after a digit.
    static func unitRange(in text: Substring) -> Range<Substring.Index>? {
        let percent = text.firstIndex(of: "%").map { $0..<text.index(after: $0) }
        var ppm: Range<Substring.Index>?
        var searchFrom = text.startIndex
        while let found = text[searchFrom...].range(of: "ppm", options: .caseInsensitive) {
            var before = found.lowerBound
            while before > text.startIndex, text[text.index(before: before)].isWhitespace { before = text.index(before: before) }
            let endsWord = found.upperBound == text.endIndex || !text[found.upperBound].isLetter
            if before > text.startIndex, text[text.index(before: before)].isASCIIDigit, endsWord {
                ppm = found
                break
            }
            searchFrom = found.upperBound
        }
        switch (percent, ppm) {
        case (let p?, let q?): return p.lowerBound < q.lowerBound ? p : q
        case (let p?, nil): return p
        case (nil, let q?): return q
        case (nil, nil): return nil
        }
    }

    /// The text without what joins a name to its concentration: spaces, `,` `;` `(` `[` `/` `:` and dashes.
    static func trimmedEnd(_ text: Substring) -> String {
        String(text.reversed().drop { $0.isWhitespace || ",;(/[:-–—‐‑~".contains($0) }.reversed()).trimmingWhitespace()
    }

    /// The words a report writes after a concentration: the vehicle the substance is dissolved in (petrolatum,
    /// vaseline, water, ethanol, acetone, olive oil — `o.o.`, methyl ethyl ketone, DMSO) and how the share is
    /// measured (`w/w`, `w/v`, `in`).
    static let vehicleWords: Set<String> = [
        "pet", "petrolatum", "vas", "vaseline", "aq", "aqua", "water", "eth", "ethanol", "alc", "alcohol", "ace",
        "acetone", "o", "oo", "olive", "oil", "mek", "dmso", "sol", "solution", "in", "w/w", "w/v", "v/v", "ww", "wv",
        "vv", "pet/aq", "aq/pet",
    ]

    /// A reading or its note written inside a name — `wool alcohols: ++` left before a second reading, or
    /// `Linalool (pos., D4)` before a negative: a plus sign of any script (`+`, `＋`, `⁺`, `➕`) or another
    /// mathematical symbol, a reading word anywhere (`positive`, `neg`, `strong`, `reaction`, a reading day `D4`), or
    /// a name that ends in a reading (`-`, `?`, `0`). No allergen's name holds any of these.
    static func readingInside(_ name: String) -> String? {
        if let symbol = name.unicodeScalars.first(where: { isPlusOrMathSymbol($0) }) {
            let word = name.split(whereSeparator: \.isWhitespace).first { $0.unicodeScalars.contains(symbol) }
            return word.map(String.init) ?? String(symbol)
        }
        let words = name.split { $0.isWhitespace || ",;:=\"()[]{}/.".contains($0) }
        if let word = words.first(where: { readingWords.contains($0.lowercased()) || isReadingDay($0) }) {
            return String(word)
        }
        if let last = words.last, AllergyReport.reading(String(last)) != nil { return String(last) }
        return nil
    }

    /// Words a reading or its note is written with, in the languages reports come in, never part of an allergen's
    /// name.
    static let readingWords: Set<String> = [
        "pos", "positive", "positiv", "positivo", "positif", "positieve", "neg", "negative", "negativ", "negativo",
        "négatif", "negatif", "doubtful", "irritant", "ir", "nt", "weak", "strong", "extreme", "reaction", "reacted",
        "reacting", "relevant", "relevance", "allergic", "erythema", "vesicles", "papules", "?+", "+?",
    ]

    /// `D2`, `D3`, `D4`, `D7`, `J4`, `T3`: the day a reading was taken (day, jour, Tag).
    static func isReadingDay(_ word: Substring) -> Bool {
        guard word.count >= 2, word.count <= 3, let first = word.first, "DdJjTt".contains(first) else { return false }
        return word.dropFirst().allSatisfy(\.isASCIIDigit)
    }

    /// Letters that look like a plus sign: CJK ten, Canadian syllabics final plus.
    static let plusLookalikes: Set<Unicode.Scalar> = ["\u{5341}", "\u{1429}", "\u{16ED}"]

    /// A plus sign of any form, or any other mathematical symbol (Unicode category Sm: `−`, `±`, `⁺`, `＋`).
    static func isPlusOrMathSymbol(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.generalCategory == .mathSymbol || plusLookalikes.contains(scalar) { return true }
        // Pluses outside category Sm: heavy plus, Greek and heavy Greek crosses, small and fullwidth forms.
        return ["\u{2795}", "\u{271A}", "\u{2719}", "\u{FE62}", "\u{02D6}", "\u{1F7A1}", "\u{1F7A2}", "\u{1F7A3}", "\u{1F7A4}"].contains(scalar)
            || String(scalar).precomposedStringWithCompatibilityMapping.contains("+")
    }

    /// Letters and their marks, digits 0–9, spaces, and the punctuation of chemical and botanical names.
    static func isNameCharacter(_ character: Character) -> Bool {
        if character.isASCIIDigit || character.isWhitespace || "-‐‑–,'’().[]/&".contains(character) { return true }
        return character.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .nonspacingMark, .spacingMark, .enclosingMark:
                true
            default:
                false
            }
        }
    }
}
