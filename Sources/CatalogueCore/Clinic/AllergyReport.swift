import Foundation

/// A dermatologist's patch-test report as text: one allergen a line with its reading.
///
/// Accepted lines (Docs/Suitability.md, "Recording a patch-test report"):
/// - `fragrance mix I: ++`, `nickel sulfate = +`, `wool alcohols - negative`
/// - CSV: `"fragrance mix I",++` (a first line `allergen,reading` is a header), or tab-separated
/// - a leading number (`12.`, `12)`) and a trailing test concentration (`0.2% aq`) are ignored
/// - blank lines and lines starting with `#` are skipped
///
/// Readings: `-`, `neg`, `negative`, `0`; `?+`, `?`, `doubtful`; `+`, `1+`, `positive`, `weak`; `++`, `2+`, `strong`;
/// `+++`, `3+`, `extreme`; `IR`, `irritant`; `NT`, `not tested` (the line is read and nothing is recorded for it).
public struct AllergyReport: Sendable, Hashable {
    /// One allergen line.
    public struct Line: Sendable, Hashable {
        /// The 1-based line number in the text.
        public var number: Int
        /// The allergen as written, without numbering or concentration.
        public var name: String
        /// The reading, or `nil` for "not tested".
        public var reading: PatchTestResult?
    }

    /// A line that cannot be read.
    public struct LineError: CodedError, Hashable {
        public var source: String
        public var line: Int
        public var problem: String

        public init(source: String, line: Int, problem: String) {
            self.source = source
            self.line = line
            self.problem = problem
        }

        public var code: String { "CLINIC-REPORT-LINE" }
        public var message: String { "\(source):\(line): \(problem)" }
    }

    /// The readable allergen lines, in order.
    public var lines: [Line]
    /// The lines that cannot be read: a report with any is recorded in no part.
    public var errors: [LineError]

    /// Reads `text`; `source` names it in errors (a file name, "pasted report"). Unreadable lines are collected in
    /// ``errors``, so a caller can name them together with names that do not resolve.
    public init(text: String, source: String) {
        var lines: [Line] = []
        var errors: [LineError] = []
        // Any line break: a browser submits a textarea's lines with CRLF, and "\r\n" is one Character, never "\n".
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = offset + 1
            var line = TextHygiene.singleLine(String(raw)).trimmingWhitespace()
            if line.hasPrefix("#") {
                // "#12 Fragrance mix II: ++" is a numbered line, not a comment: a comment never starts with a number.
                let rest = line.dropFirst().drop { $0 == " " }
                guard rest.first?.isASCIIDigit == true else { continue }
                line = String(rest)
            }
            if line.isEmpty { continue }
            guard let (name, readingText) = Self.split(line) else {
                errors.append(LineError(
                    source: source, line: number,
                    problem: "'\(line)' has no reading; write the allergen, a colon and the reading, as in 'wool alcohols: +'"
                ))
                continue
            }
            if lines.isEmpty, errors.isEmpty, ["allergen", "name", "test allergen"].contains(name.lowercased()) { continue }
            let cleaned: String
            switch Self.cleanName(name) {
            case .success(let name): cleaned = name
            case .failure(let problem):
                errors.append(LineError(source: source, line: number, problem: problem.text))
                continue
            }
            guard !cleaned.isEmpty else {
                errors.append(LineError(source: source, line: number, problem: "the allergen name is empty"))
                continue
            }
            if let second = Self.readingInside(cleaned) {
                errors.append(LineError(
                    source: source, line: number,
                    problem: "'\(line)' holds a second reading ('\(second)') beside '\(readingText)'; write one allergen and one reading a line"
                ))
                continue
            }
            switch Self.reading(readingText) {
            case .some(let reading):
                lines.append(Line(number: number, name: cleaned, reading: reading))
            case .none:
                errors.append(LineError(
                    source: source, line: number,
                    problem: "'\(readingText)' is not a reading; use -, ?+, +, ++, +++, IR or NT (or negative, doubtful, positive, irritant, not tested)"
                ))
            }
        }
        self.lines = lines
        self.errors = errors
    }

    /// Splits a line into the allergen and the reading text.
    static func split(_ line: String) -> (String, String)? {
        if line.contains(",") || line.contains("\t") || line.hasPrefix("\"") {
            // The last field is the reading when it reads as one: a name may hold commas ("…-1,3-diol").
            var fields = csvFields(line)
            if fields.count >= 2, let last = fields.last, reading(last) != nil || ["reading", "result"].contains(last.lowercased()) {
                fields.removeLast()
                // A concentration in a field of its own ("Fragrance mix 2,14% pet,++") goes before the fields are
                // joined again: joined, "2,14%" would read as a decimal and cut the name's "2".
                while fields.count > 1, let concentration = fields.last, case .success("") = cleanName(concentration) {
                    fields.removeLast()
                }
                return (fields.joined(separator: ","), last)
            }
        }
        for separator in [":", "=", " - ", " – "] {
            if let range = line.range(of: separator, options: .backwards) {
                let name = line[..<range.lowerBound].trimmingWhitespace()
                let reading = line[range.upperBound...].trimmingWhitespace()
                if !name.isEmpty, !reading.isEmpty { return (name, reading) }
            }
        }
        // "wool alcohols ++": a reading as the last word.
        if let space = line.lastIndex(of: " ") {
            let reading = String(line[line.index(after: space)...])
            if reading.first.map({ "+-?".contains($0) }) == true || ["neg", "negative", "ir", "nt"].contains(reading.lowercased()) {
                return (line[..<space].trimmingWhitespace(), reading)
            }
        }
        return nil
    }

    /// The fields of a CSV or tab-separated line, quotes removed.
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" { quoted = false } else { field.append(character) }
            } else if character == "\"" {
                quoted = true
            } else if character == "," || character == "\t" {
                fields.append(field.trimmingWhitespace())
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field.trimmingWhitespace())
        return fields
    }

    /// Why a name cannot be cleaned.
    struct NameProblem: Error {
        var text: String
    }

    /// The name without a leading number ("12. ") and a trailing test concentration ("0.2% aq", "1 % pet.",
    /// ",14% pet", "(30% pet)", "/14%"). A concentration followed by anything but a vehicle is refused: cutting
    /// there could leave another allergen's name.
    static func cleanName(_ name: String) -> Result<String, NameProblem> {
        var text = Substring(name)
        if let first = text.first, first.isNumber {
            let digits = text.prefix { $0.isNumber }
            let rest = text.dropFirst(digits.count)
            if let mark = rest.first, mark == "." || mark == ")" || mark == " " {
                // "4-tert-butylphenol" keeps its number: only "12." "12)" "12 " are numbering.
                text = rest.dropFirst()
            }
        }
        guard let percent = text.firstIndex(of: "%") else { return .success(text.trimmingWhitespace()) }
        // The number before the percent sign: digits with one decimal point or comma ("0.2", "0,5").
        var start = percent
        while start > text.startIndex, text[text.index(before: start)] == " " { start = text.index(before: start) }
        let numberEnd = start
        while start > text.startIndex, text[text.index(before: start)].isASCIIDigit { start = text.index(before: start) }
        if start < numberEnd, start > text.startIndex, ".,".contains(text[text.index(before: start)]) {
            let mark = text.index(before: start)
            if mark > text.startIndex, text[text.index(before: mark)].isASCIIDigit {
                start = mark
                while start > text.startIndex, text[text.index(before: start)].isASCIIDigit { start = text.index(before: start) }
                // "0,2 %" is a decimal comma; in "Fragrance mix 2,14 %" the comma may as well end the name
                // (Fragrance mix II at 14 %) as be a decimal (Fragrance mix at 2.14 %): only a point or a zero
                // before the comma decides.
                if text[mark] == ",", text[start..<mark] != "0" {
                    return .failure(NameProblem(
                        text: "'\(name)' is ambiguous: '\(text[start..<numberEnd])' may be a decimal or a number ending the name; "
                            + "write the decimal with a point (2.5%), or put the concentration in a column of its own"
                    ))
                }
            }
        }
        guard start < numberEnd else {
            return .failure(NameProblem(text: "'\(name)' has a percent sign without a number; write the allergen name alone"))
        }
        let vehicle = text[text.index(after: percent)...]
            .filter { !" .()[]/,;".contains($0) }
            .lowercased()
        guard Self.vehicles.contains(vehicle) else {
            return .failure(NameProblem(
                text: "'\(name)' goes on after its concentration ('\(text[start...].trimmingWhitespace())'); write the allergen name, then the concentration and vehicle (pet, aq, eth, …) last"
            ))
        }
        let cleaned = text[..<start].reversed().drop { " ,;(/[:-".contains($0) }.reversed()
        return .success(String(cleaned).trimmingWhitespace())
    }

    /// What a test substance is dissolved in, as reports abbreviate it after the concentration (spaces and
    /// punctuation removed): petrolatum, water, ethanol, acetone, olive oil, methyl ethyl ketone, DMSO.
    static let vehicles: Set<String> = [
        "", "pet", "petrolatum", "aq", "aqua", "water", "eth", "ethanol", "alc", "alcohol", "ace", "acetone",
        "oo", "oliveoil", "mek", "dmso", "petaq", "aqpet", "w/w", "ww",
    ]

    /// A reading written inside a name — `wool alcohols: ++` left before a second reading, or a note such as
    /// `Linalool (pos., D4)` before a negative: any word with a plus sign of any script (`+`, `＋`, `⁺`, `➕`) or
    /// another mathematical symbol, a reading word anywhere (`positive`, `neg`, `strong`, `reaction`, a reading day
    /// `D4`), or a name that ends in a reading (`-`, `?`, `0`). No allergen's name holds any of these.
    static func readingInside(_ name: String) -> String? {
        if let symbol = name.unicodeScalars.first(where: { Self.isPlusOrMathSymbol($0) }) {
            let word = name.split(whereSeparator: \.isWhitespace).first { $0.unicodeScalars.contains(symbol) }
            return word.map(String.init) ?? String(symbol)
        }
        let words = name.split { $0.isWhitespace || ",;:=\"()[]{}/.".contains($0) }
        if let word = words.first(where: { Self.readingWords.contains($0.lowercased()) || Self.isReadingDay($0) }) {
            return String(word)
        }
        if let last = words.last, reading(String(last)) != nil { return String(last) }
        return nil
    }

    /// Words a reading or its note is written with, never part of an allergen's name.
    static let readingWords: Set<String> = [
        "pos", "positive", "neg", "negative", "doubtful", "irritant", "ir", "nt", "weak", "strong", "extreme",
        "reaction", "reacted", "relevant", "relevance", "?+", "+?",
    ]

    /// `D2`, `D3`, `D4`, `D7`, `D10`: the day a reading was taken.
    static func isReadingDay(_ word: Substring) -> Bool {
        guard word.count >= 2, word.count <= 3, word.first == "D" || word.first == "d" else { return false }
        return word.dropFirst().allSatisfy(\.isASCIIDigit)
    }

    /// A plus sign of any form, or any other mathematical symbol (Unicode category Sm: `−`, `±`, `⁺`, `＋`).
    static func isPlusOrMathSymbol(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.generalCategory == .mathSymbol { return true }
        // Pluses outside category Sm: heavy plus, Greek and heavy Greek crosses, small and fullwidth forms.
        return ["\u{2795}", "\u{271A}", "\u{2719}", "\u{FE62}", "\u{02D6}", "\u{1F7A1}", "\u{1F7A2}", "\u{1F7A3}", "\u{1F7A4}"].contains(scalar)
            || String(scalar).precomposedStringWithCompatibilityMapping.contains("+")
    }

    /// A reading as a report or a person writes it; `.some(nil)` for not tested, `nil` for text that is no reading.
    public static func reading(named text: String) -> PatchTestResult?? { reading(text) }

    /// A reading; `.some(nil)` for not tested, `nil` for text that is no reading.
    static func reading(_ text: String) -> PatchTestResult?? {
        switch text.lowercased().replacing(" ", with: "") {
        case "-", "neg", "negative", "0", "–": .some(.negative)
        case "?+", "?", "+?", "doubtful": .some(.doubtful)
        case "+", "1+", "positive", "pos", "weak", "weakpositive": .some(.weakPositive)
        case "++", "2+", "strong", "strongpositive": .some(.strongPositive)
        case "+++", "3+", "extreme", "extremepositive": .some(.extremePositive)
        case "ir", "irritant": .some(.irritant)
        case "nt", "nottested", "n/t": .some(nil)
        default: nil
        }
    }
}

/// Every unreadable or unknown line of a report, each with its file:line; nothing of the report was recorded.
public struct AllergyReportErrors: CodedError, Hashable {
    public var errors: [AllergyReport.LineError]

    public init(errors: [AllergyReport.LineError]) {
        self.errors = errors
    }

    public var code: String { errors.first?.code ?? "CLINIC-REPORT-LINE" }
    public var message: String {
        errors.map(\.message).joined(separator: "\n") + "\nnothing of the report was recorded; correct these lines and run it again"
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
