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
            let line = TextHygiene.singleLine(String(raw)).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let (name, readingText) = Self.split(line) else {
                errors.append(LineError(
                    source: source, line: number,
                    problem: "'\(line)' has no reading; write the allergen, a colon and the reading, as in 'wool alcohols: +'"
                ))
                continue
            }
            if lines.isEmpty, errors.isEmpty, ["allergen", "name", "test allergen"].contains(name.lowercased()) { continue }
            let cleaned = Self.cleanName(name)
            guard !cleaned.isEmpty else {
                errors.append(LineError(source: source, line: number, problem: "the allergen name is empty"))
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
            let fields = csvFields(line)
            if fields.count >= 2, let last = fields.last, reading(last) != nil || ["reading", "result"].contains(last.lowercased()) {
                return (fields.dropLast().joined(separator: ","), last)
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

    /// The name without a leading number ("12. ") and a trailing concentration ("0.2% aq", "1 % pet.").
    static func cleanName(_ name: String) -> String {
        var text = Substring(name)
        if let first = text.first, first.isNumber {
            let digits = text.prefix { $0.isNumber }
            let rest = text.dropFirst(digits.count)
            if let mark = rest.first, mark == "." || mark == ")" || mark == " " {
                // "4-tert-butylphenol" keeps its number: only "12." "12)" "12 " are numbering.
                text = rest.dropFirst()
            }
        }
        var words = text.split(separator: " ")
        if let percent = words.firstIndex(where: { $0.hasSuffix("%") || $0 == "%" }), percent > 0 {
            var cut = percent
            if words[percent] == "%", cut > 0 { cut -= 1 }
            if cut > 0 { words = Array(words[..<cut]) }
        }
        return words.joined(separator: " ").trimmingWhitespace()
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
