import ArgumentParser
import CatalogueCore
import Foundation

/// `oilcat catalogue resolve "<ingredient list>" [--json]`, `oilcat catalogue resolve --file PATH|- [--json]`.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve an ingredient list as printed on a label against the catalogue.",
        discussion: """
            Every entry is reported: what it resolved to and how, or that it did not resolve (with suggestions). \
            An unresolved name makes a product 'not known to be safe'.

            With --file, every line of the file (or of standard input, for -) is one label, resolved in turn; with \
            --json each gives one JSON object on one line. A label that begins with "-" is never read as an option \
            there; on the command line it is taken as the list too.

            Examples:
              oilcat catalogue resolve "Aqua, Simmondsia Chinensis (Jojoba) Seed Oil, Linalool*, Parfum"
              oilcat catalogue resolve --file labels.txt --json
            """
    )

    @Argument(parsing: .allUnrecognized, help: "The ingredient list, quoted.")
    var list: [String] = []

    @Option(name: .long, help: "Resolve every line of this file as a label; - reads standard input.")
    var file: String?

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if file != nil && !list.isEmpty {
            throw ValidationError("give either a list or --file, not both")
        }
        if file == nil && list.isEmpty {
            throw ValidationError("give the ingredient list, quoted, or --file PATH (- for standard input)")
        }
        if list.count > 1 {
            throw ValidationError("give the ingredient list as one quoted argument (it has \(list.count) parts); or use --file")
        }
    }

    func run() throws {
        let taxonomy = try global.taxonomy()
        let resolver = IngredientResolver(taxonomy: taxonomy)
        if let file {
            return try resolveLines(of: file, resolver: resolver)
        }
        var memo = NameMemo()
        try show(list[0], resolver: resolver, memo: &memo)
    }

    /// Resolves each line of a file (or standard input) as one label.
    private func resolveLines(of path: String, resolver: IngredientResolver) throws {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw UsageFailure(code: "CLI-FILE", message: "cannot read \(path): \(error.localizedDescription); give a readable file or - for standard input")
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw UsageFailure(code: "CLI-FILE", message: "\(path) is not UTF-8 text; convert it to UTF-8 and try again")
        }
        var memo = NameMemo()
        var number = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            if !output.json { Output.line("label \(number):") }
            try show(String(line), resolver: resolver, memo: &memo)
        }
    }

    private func show(_ list: String, resolver: IngredientResolver, memo: inout NameMemo) throws {
        let report = ResolutionJSON(input: list, resolution: resolver.resolve(list: list, memo: &memo), resolver: resolver)
        if output.json {
            return try file == nil ? Output.json(report) : Output.jsonLine(report)
        }
        printText(report)
    }

    private func printText(_ report: ResolutionJSON) {

        var table = TextTable("#", "ON THE LABEL", "RESOLVED TO", "MATCHED BY")
        for (index, entry) in report.entries.enumerated() {
            let target = entry.status == "resolved"
                ? entry.matches.map { "\($0.name) [\($0.type)]" }.joined(separator: " + ")
                : "UNRESOLVED" + (entry.suggestions.isEmpty ? "" : " (did you mean: \(entry.suggestions.joined(separator: ", "))?)")
            var shown = entry.name
            if let percent = entry.percent { shown += " (\(percent.formatted()) %)" }
            if entry.mayContain { shown += " (may contain)" }
            table.add("\(index + 1)", shown, target, entry.matchedBy ?? "")
        }
        Output.line(table.render())
        for footnote in report.footnotes { Output.line("footnote: \(footnote)") }
        let resolvedCount = report.entries.count - report.unresolved.count
        Output.line("\(resolvedCount) of \(report.entries.count) resolved")
        if !report.unresolved.isEmpty {
            Output.line("unresolved: \(report.unresolved.joined(separator: "; ")) — a product with these is not known to be safe")
        }
        if !report.properties.isEmpty {
            Output.line("properties: " + report.properties.map { "\($0.id) (from \($0.from.joined(separator: ", ")))" }.joined(separator: "; "))
        }
    }
}

/// `oilcat catalogue resolve --json`.
struct ResolutionJSON: Encodable {
    struct Match: Encodable {
        /// `ingredient`, `allergen` or `eu-group`.
        var type: String
        var id: String
        var name: String
        /// For an EU group: the ingredients it covers.
        var members: [String]?
    }
    struct Entry: Encodable {
        var text: String
        var name: String
        /// `resolved` or `unresolved`.
        var status: String
        var matchedBy: String?
        var percent: Double?
        var mayContain: Bool
        var matches: [Match]
        var suggestions: [String]
    }
    struct PropertyJSON: Encodable {
        var id: String
        var from: [String]
    }

    var input: String
    var entries: [Entry]
    var unresolved: [String]
    var footnotes: [String]
    var ingredients: [String]
    var allergens: [String]
    var properties: [PropertyJSON]

    init(input: String, resolution: IngredientListResolution, resolver: IngredientResolver) {
        let taxonomy = resolver.taxonomy
        self.input = input
        entries = resolution.entries.map { entry in
            Entry(
                text: entry.label.text, name: entry.label.name, status: entry.isResolved ? "resolved" : "unresolved",
                matchedBy: entry.source?.rawValue, percent: entry.label.percent, mayContain: entry.label.mayContain,
                matches: entry.matches.map { Self.match($0, taxonomy) },
                suggestions: entry.isResolved ? [] : resolver.suggestions(for: entry.label.name)
            )
        }
        unresolved = resolution.unresolvedNames
        footnotes = resolution.footnotes
        ingredients = resolution.ingredientIDs.map(\.rawValue)
        allergens = resolution.allergenIDs.map(\.rawValue)
        var byProperty: [(PropertyID, [String])] = []
        for ingredient in resolution.ingredientIDs {
            for (property, _) in taxonomy.properties(of: ingredient) {
                if let index = byProperty.firstIndex(where: { $0.0 == property }) {
                    byProperty[index].1.append(ingredient.rawValue)
                } else {
                    byProperty.append((property, [ingredient.rawValue]))
                }
            }
        }
        properties = byProperty.map { PropertyJSON(id: $0.0.rawValue, from: $0.1) }
    }

    private static func match(_ match: IngredientMatch, _ taxonomy: Taxonomy) -> Match {
        switch match {
        case .ingredient(let id):
            Match(type: "ingredient", id: id.rawValue, name: taxonomy.ingredient(id)?.name ?? id.rawValue)
        case .allergen(let id):
            Match(type: "allergen", id: id.rawValue, name: taxonomy.allergen(id)?.name ?? id.rawValue)
        case .euGroup(let id, let members):
            Match(
                type: "eu-group", id: id.rawValue, name: taxonomy.allergen(id)?.name ?? id.rawValue,
                members: members.map(\.rawValue)
            )
        }
    }
}
