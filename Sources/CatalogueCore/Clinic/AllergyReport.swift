import Foundation

/// A dermatologist's patch-test report as text: one allergen a line with its reading.
///
/// Accepted lines (Docs/Suitability.md, "Recording a patch-test report"):
/// - `fragrance mix I: ++`, `nickel sulfate = +`, `wool alcohols - negative`
/// - CSV: `"fragrance mix I",++` (a first line `allergen,reading` is a header), tab- or semicolon-separated
/// - a leading number (`12.`, `12)`, `(12)`, `#12`) and a test concentration (`0.2% aq`, `200 ppm`) are left out
/// - blank lines and comment lines starting with `#` are skipped
///
/// Readings: `-`, `neg`, `negative`, `0`; `?+`, `?`, `doubtful`; `+`, `1+`, `positive`, `weak`; `++`, `2+`, `strong`;
/// `+++`, `3+`, `extreme`; `IR`, `irritant`; `NT`, `not tested` (the line is read and nothing is recorded for it).
public struct AllergyReport: Sendable, Hashable {
    /// One allergen line.
    public struct Line: Sendable, Hashable {
        /// The 1-based line number in the text.
        public var number: Int
        /// The allergen as written, without numbering or concentration, and what else the text could name.
        public var allergen: AllergenName
        /// The reading, or `nil` for "not tested".
        public var reading: PatchTestResult?

        /// The allergen as written, without numbering or concentration.
        public var name: String { allergen.name }
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
    /// The `#` comment lines skipped, with their line numbers: a report whose comment names an allergen is refused
    /// (``AllergyReportImport`` looks the names up), so no result hides behind a '#'.
    public var comments: [Comment] = []

    /// A `#` comment line.
    public struct Comment: Sendable, Hashable {
        public var line: Int
        public var text: String
    }

    /// The longest line read: a line longer than any report's is refused before it is parsed.
    static let maxLineLength = 1_000
    /// The most lines a report may have (a baseline series has some 30, an extended one a few hundred).
    static let maxLines = 1_000

    /// Reads `text`; `source` names it in errors (a file name, "pasted report"). Unreadable lines are collected in
    /// ``errors``, so a caller can name them together with names that do not resolve.
    public init(text: String, source: String) {
        var lines: [Line] = []
        var errors: [LineError] = []
        var seenContent = false
        // Any line break: a browser submits a textarea's lines with CRLF, and "\r\n" is one Character, never "\n".
        let rawLines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard rawLines.count <= Self.maxLines else {
            self.lines = []
            self.errors = [LineError(
                source: source, line: Self.maxLines + 1,
                problem: "the report has \(rawLines.count) lines; a patch-test report has at most \(Self.maxLines): record it in parts"
            )]
            return
        }
        for (offset, raw) in rawLines.enumerated() {
            let number = offset + 1
            func refuse(_ problem: String) { errors.append(LineError(source: source, line: number, problem: problem)) }
            // Cleaned column by column: a tab separates columns, and cleaning alone would make it a space.
            var line = raw.split(separator: "\t", omittingEmptySubsequences: false)
                .map { TextHygiene.singleLine(String($0)) }.joined(separator: "\t").trimmingWhitespace()
            guard line.count <= Self.maxLineLength else {
                refuse("the line runs to \(line.count) characters; a report's line has at most \(Self.maxLineLength)")
                continue
            }
            if line.hasPrefix("#") {
                // A comment — unless it holds something that reads as a positive or doubtful reading. Then it is a
                // numbered line ("#12 Fragrance mix II: ++") when it reads as one, and refused otherwise: no positive
                // is ever lost to a stray '#'.
                let rest = String(line.dropFirst().drop(while: \.isWhitespace))
                guard Self.mentionsReading(rest) else {
                    comments.append(Comment(line: number, text: rest))
                    continue
                }
                guard rest.first?.isNumber == true, let parts = Self.split(rest), Self.reading(parts.reading) != nil else {
                    refuse("'\(line)' starts with '#', a comment, yet holds a reading; remove the '#' to record the line, or the reading to keep it a comment")
                    continue
                }
                line = rest
            }
            if line.isEmpty { continue }
            guard let parts = Self.split(line) else {
                refuse("'\(line)' has no reading; write the allergen, a colon and the reading, as in 'wool alcohols: +'")
                continue
            }
            let (name, readingText) = (parts.name, parts.reading)
            defer { seenContent = true }
            let firstColumn = name.split(separator: ",").first.map { String($0).trimmingWhitespace().lowercased() } ?? ""
            if Self.isHeading(readingText) || (Self.isDayHeading(readingText) && Self.nameHeadings.contains(firstColumn)) {
                if !seenContent { continue }
                refuse("'\(readingText)' is a column heading, not a reading; a heading line goes first, as in 'allergen,reading'")
                continue
            }
            var allergen: AllergenName
            switch AllergenName.read(name) {
            case .success(let value):
                allergen = value
                allergen.alternatives += parts.alternatives
            case .failure(let problem):
                refuse(problem.text)
                continue
            }
            switch Self.reading(readingText) {
            case .some(let reading):
                lines.append(Line(number: number, allergen: allergen, reading: reading))
            case .none:
                refuse("'\(readingText)' is not a reading; use -, ?+, +, ++, +++, IR or NT (or negative, doubtful, positive, irritant, not tested)")
            }
        }
        self.lines = lines
        self.errors = errors
    }



    /// Whether a reading column's text is its heading: `reading`, `results`, `Reading D4`, `final reading` — and
    /// nothing more, so "result positive (++)" is never taken for one.
    static func isHeading(_ text: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace)
        let headings: Set<Substring> = ["reading", "readings", "result", "results"]
        switch words.count {
        case 1: return headings.contains(words[0])
        case 2: return (headings.contains(words[0]) && AllergenName.isReadingDay(words[1])) || (words[0] == "final" && headings.contains(words[1]))
        default: return false
        }
    }

    /// Whether a reading column's text reads as a heading of days and hours (`D4`, `Reading (D4)`, `Result D3/D4`,
    /// `Reading 96h`, `Reading day 4`): a heading only when the name column is headed too ("Allergen;D2;D4").
    static func isDayHeading(_ text: String) -> Bool {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }
        let allowed: Set<Substring> = ["reading", "readings", "result", "results", "final", "day", "h", "hours"]
        func isHours(_ word: Substring) -> Bool { word.count > 1 && word.hasSuffix("h") && word.dropLast().allSatisfy(\.isASCIIDigit) }
        // A bare number ("0", the "2" of "2+") is a reading, never a heading on its own.
        guard words.contains(where: { allowed.contains($0) || AllergenName.isReadingDay($0) || isHours($0) }) else { return false }
        return words.allSatisfy { allowed.contains($0) || AllergenName.isReadingDay($0) || $0.allSatisfy(\.isASCIIDigit) || isHours($0) }
    }

    /// Headings of the name column.
    static let nameHeadings: Set<String> = ["allergen", "allergens", "allergen name", "name", "test allergen", "substance", "hapten", "no", "no.", "position"]

    /// Whether a comment holds what reads as a reading other than a negative: a plus sign of any script, `?+`, or a
    /// reading word (`positive`, `doubtful`, `IR`, …).
    static func mentionsReading(_ text: String) -> Bool {
        // Signs and symbols: a plus of any script, '?', and any other symbol or emoji (🔴, ✓, ●).
        let plain: Set<Unicode.Scalar> = ["\u{00AE}", "\u{2122}", "\u{00A9}", "\u{00B0}", "\u{2192}", "\u{2013}", "\u{2014}"]
        if text.unicodeScalars.contains(where: { scalar in
            !plain.contains(scalar)
                && (AllergenName.isPlusOrMathSymbol(scalar) || scalar == "?" || scalar == "\u{2020}" || scalar == "\u{2021}"
                    || scalar.properties.generalCategory == .otherSymbol || AllergenName.plusLookalikes.contains(scalar))
        }) {
            return true
        }
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }
        return words.contains { word in
            let word = String(word)
            return (AllergenName.readingWords.contains(word) && !negativeWords.contains(word) && !["relevant", "relevance"].contains(word))
                || positiveWords.contains(word)
        }
    }

    /// Readings that lift nothing, so a comment may mention them.
    static let negativeWords: Set<String> = ["neg", "negative", "negativ", "negativo", "négatif", "negatif", "nt"]

    /// Positive and doubtful readings in the languages reports come in, beyond ``AllergenName/readingWords``.
    static let positiveWords: Set<String> = [
        "positief", "positivt", "positiva", "positivi", "pozitivní", "pozitivni", "pozytywny", "douteux", "fraglich",
        "dubious", "equivocal", "dubbio", "dudoso", "allergy", "allergie", "allergisch", "allergies", "positives",
        "reactions", "sensitised", "sensitized", "sensitisation", "sensitization", "irritation", "weakly", "strongly",
        "pozitif", "pozitív", "positiivinen", "dodatni", "положительный", "положительная", "陽性", "阳性", "θετικό",
        "réaction", "reaktion", "reacción", "reazione", "stark", "schwach", "yes", "plus",
    ]

    /// A line split into the allergen and the reading text, with the other names the allergen's columns can be read
    /// as.
    struct Split {
        var name: String
        var reading: String
        var alternatives: [String] = []
    }

    /// Splits a line into the allergen and the reading text.
    static func split(_ line: String) -> Split? {
        if line.contains(",") || line.contains("\t") || line.contains(";") || line.hasPrefix("\"") {
            // The last field is the reading when it reads as one: a name may hold commas ("…-1,3-diol").
            var fields = csvFields(line)
            while fields.count > 1, fields.last?.isEmpty == true { fields.removeLast() }
            if fields.count >= 2, let last = fields.last, reading(last) != nil || isHeading(last) || isDayHeading(last) {
                fields.removeLast()
                // Earlier day columns of a heading line ("Allergen;D2;D4"); a data row's are readings, kept to be refused.
                if reading(last) == nil, isDayHeading(last) {
                    while fields.count > 1, let field = fields.last, isDayHeading(field) { fields.removeLast() }
                }
                // A concentration in a column of its own ("Fragrance mix 2,14% pet,++") goes before the columns are
                // joined again: joined, "2,14%" would read as a decimal and cut the name's "2". So does a vehicle
                // after a concentration ("Benzophenone-3<TAB>10%<TAB>pet"), and a number without its unit before its
                // vehicle ("1;Nickel sulfate;5;pet") — which may also end the name ("Fragrance mix;2;pet").
                var unitless: String?
                var vehicle = false
                while fields.count > 1, let field = fields.last {
                    let before = fields.count >= 3 ? fields[fields.count - 2] : nil
                    if AllergenName.isConcentration(field) {
                        vehicle = false
                    } else if AllergenName.isVehicle(field), let before, AllergenName.isConcentration(before) || isBareNumber(before) {
                        vehicle = true
                    } else if vehicle, isBareNumber(field) {
                        vehicle = false
                        unitless = field
                    } else {
                        break
                    }
                    fields.removeLast()
                }
                // A number in a field of its own before the name ("1,Potassium dichromate,…", "1.<TAB>Nickel") numbers
                // the line.
                if fields.count > 1, let first = fields.first, AllergenName.isNumbering(first) { fields.removeFirst() }
                let name = fields.joined(separator: ",")
                return Split(name: name, reading: last, alternatives: unitless.map { [name + " " + $0] } ?? [])
            }
        }
        for separator in [":", "=", " - ", " – "] {
            if let range = line.range(of: separator, options: .backwards) {
                let name = line[..<range.lowerBound].trimmingWhitespace()
                let reading = line[range.upperBound...].trimmingWhitespace()
                if !name.isEmpty, !reading.isEmpty { return Split(name: name, reading: reading) }
            }
        }
        // "wool alcohols ++": a reading as the last word.
        if let space = line.lastIndex(where: \.isWhitespace) {
            let reading = String(line[line.index(after: space)...])
            if reading.first.map({ "+-?".contains($0) }) == true || ["neg", "negative", "ir", "nt"].contains(reading.lowercased()) {
                return Split(name: line[..<space].trimmingWhitespace(), reading: reading)
            }
        }
        return nil
    }

    /// A number alone: `5`, `0.5`, `0,5`.
    static func isBareNumber(_ field: String) -> Bool {
        field.first?.isASCIIDigit == true && field.allSatisfy { $0.isASCIIDigit || $0 == "." || $0 == "," }
    }

    /// The fields of a tab-, semicolon- or comma-separated line, quotes removed. One delimiter a line, in that order:
    /// a tab or semicolon export keeps decimal commas inside its cells ("Epoxy resin;1,0% pet;++").
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var unquoted = ""
        for character in line {
            if character == "\"" { quoted.toggle() } else if !quoted { unquoted.append(character) }
        }
        quoted = false
        let delimiter: Character = unquoted.contains("\t") ? "\t" : unquoted.contains(";") ? ";" : ","
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" { quoted = false } else { field.append(character) }
            } else if character == "\"" {
                quoted = true
            } else if character == delimiter {
                fields.append(field.trimmingWhitespace())
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field.trimmingWhitespace())
        return fields
    }

    /// A reading as a report or a person writes it; `.some(nil)` for not tested, `nil` for text that is no reading.
    public static func reading(named text: String) -> PatchTestResult?? { reading(text) }

    /// A reading; `.some(nil)` for not tested, `nil` for text that is no reading. Spaces join words ("not tested",
    /// "strong positive"), never signs: `+ ++` is two readings, not `+++`.
    static func reading(_ text: String) -> PatchTestResult?? {
        let lowered = text.lowercased()
        if lowered.contains(where: \.isWhitespace), lowered.contains(where: { "+-?–".contains($0) }) { return nil }
        return switch lowered.replacing(" ", with: "") {
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
    /// Without white space at either end.
    package func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
