public import CatalogueCore
public import StoreInterface
public import Foundation

/// A dermatologist's patch-test report, read and resolved line by line: what the CLI's `client allergy add --report`
/// and the web app's paste form show before recording, and record in one transaction.
public struct AllergyReportImport: Encodable, Sendable {
    /// One line and what it became.
    public struct Line: Encodable, Sendable {
        /// The line number in the report.
        public var line: Int
        /// The allergen as written.
        public var name: String
        /// The reading's notation (`-`, `?+`, `+`, `++`, `+++`, `IR`), or `NT` when not tested.
        public var reading: String
        /// What the name resolves to ("Wool alcohols").
        public var resolves_to: String
        /// `test-allergen`, `allergen`, `ingredient`, `cross-reactivity-group`, `food-allergen-class`.
        public var kind: String
        /// What is recorded: `allergy`, `tested-negative`, or `nothing` (not tested).
        public var recorded_as: String
        /// The label names it implicates (to avoid for an allergy; tested negative otherwise).
        public var label_names: [String]
    }

    /// The lines, in report order.
    public var lines: [Line]
    /// Where the report came from (a file name, "pasted report").
    public var source: String
    private var resolved: [AllergyReportLine]

    /// Reads and resolves the report.
    /// - Throws: ``AllergyReportErrors`` naming every unreadable line and every name that does not resolve (with
    ///   suggestions), each as `source:line`.
    public init(text: String, source: String, taxonomy: Taxonomy) throws(AllergyReportErrors) {
        let report = AllergyReport(text: text, source: source)
        var lines: [Line] = []
        var resolved: [AllergyReportLine] = []
        var errors = report.errors
        for entry in report.lines {
            let target: AllergyTarget
            switch Self.target(for: entry.allergen, taxonomy: taxonomy) {
            case .success(let value): target = value
            case .failure(let problem):
                errors.append(AllergyReport.LineError(source: source, line: entry.number, problem: problem.text))
                continue
            }
            let recordedAs = entry.reading.map { $0 == .negative ? "tested-negative" : "allergy" } ?? "nothing"
            lines.append(Line(
                line: entry.number, name: entry.name, reading: entry.reading?.notation ?? "NT",
                resolves_to: taxonomy.name(of: target), kind: target.kind, recorded_as: recordedAs,
                label_names: taxonomy.avoidedLabelNames(for: target)
            ))
            if let reading = entry.reading {
                resolved.append(.init(target: target, enteredName: entry.name, reading: reading))
            }
        }
        for comment in report.comments {
            if let named = taxonomy.allergenMentioned(in: comment.text) {
                errors.append(AllergyReport.LineError(
                    source: source, line: comment.line,
                    problem: "a '#' comment names \(named); a result may hide there: remove the '#' to record the line, or the name to keep the comment"
                ))
            }
        }
        if errors.isEmpty, report.lines.isEmpty {
            errors.append(AllergyReport.LineError(
                source: source, line: 1, problem: "the report holds no allergen line; write one 'allergen: reading' a line"
            ))
        }
        guard errors.isEmpty else { throw AllergyReportErrors(errors: errors.sorted { $0.line < $1.line }) }
        self.lines = lines
        self.source = source
        self.resolved = resolved
    }

    enum CodingKeys: String, CodingKey { case lines, source }

    /// Records every tested line (allergies and tested-negative evidence) in one transaction, audited; returns the
    /// new ids in line order.
    public func record(
        client: Int64, source: ClientAllergy.Source, note: String?, database: any ClinicStore, actor: String, at date: Date = Date()
    ) async throws -> [Int64] {
        try await database.addAllergyReport(client: client, lines: resolved, source: source, note: note, report: self.source, actor: actor, at: date)
    }

    /// What an allergen's name, read from a report line or typed (`--allergen`), is recorded as — or why it is
    /// refused: unknown (with suggestions), several allergens in one name, a bracketed part naming something else,
    /// or a number that may end the name naming another allergen ("Fragrance mix 2.14% pet").
    public static func target(for allergen: AllergenName, taxonomy: Taxonomy) -> Result<AllergyTarget, AllergenName.Problem> {
        let name = allergen.name
        let target: AllergyTarget
        switch taxonomy.resolveAllergyName(name) {
        case .success(let value): target = value
        case .failure(let problem):
            let suggestions = Self.suggestions(for: name, taxonomy: taxonomy)
            let didYouMean = suggestions.isEmpty ? "" : "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?"
            let text: String = switch problem {
            case .unknown:
                "'\(name)' is not a test allergen, ingredient, EU allergen, cross-reactivity group or food-allergen class in the catalogue"
                    + didYouMean
            case .several(let targets):
                "'\(name)' names \(targets.count) allergens (" + targets.map { taxonomy.name(of: $0) }.joined(separator: ", ")
                    + "); write each on a line of its own with its reading, or the mix's own name when it was tested as one" + didYouMean
            case .partDisagrees(let part, let outside, let named, let other):
                "'\(name)': '\(part)' in brackets " + (other.map { "is \(taxonomy.name(of: $0))" } ?? "names nothing the catalogue has")
                    + ", while '\(outside)' is \(taxonomy.name(of: named)); write the tested allergen's name alone, without the bracket"
            case .partUnknown(let part):
                "'\(name)': '\(part)' names nothing the catalogue has; write each allergen on a line of its own" + didYouMean
            }
            return .failure(AllergenName.Problem(text: text))
        }
        for alternative in allergen.alternatives {
            if let other = taxonomy.allergyTarget(named: alternative), other != target {
                return .failure(AllergenName.Problem(
                    text: "'\(name)' and its concentration run together: the line may name \(taxonomy.name(of: target)) or \(taxonomy.name(of: other)) "
                        + "('\(alternative)'); write a comma between the name and the concentration, as in '\(name), 2.5% pet' or "
                        + "'\(alternative), 14% pet', with the name and figures of the report"
                ))
            }
        }
        return .success(target)
    }

    /// Suggestions for a name that does not resolve: test-allergen names first, then label names.
    public static func suggestions(for name: String, taxonomy: Taxonomy) -> [String] {
        var names = taxonomy.testAllergenSuggestions(for: name)
        for suggestion in IngredientResolver(taxonomy: taxonomy).suggestions(for: name) where names.count < 4 {
            if !names.contains(suggestion) { names.append(suggestion) }
        }
        return names
    }
}
