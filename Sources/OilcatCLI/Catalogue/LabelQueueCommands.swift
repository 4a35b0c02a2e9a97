import ArgumentParser
import CatalogueCore
import CatalogueStore
import OilCatalogue

/// `oilcat catalogue unresolved [--json]`: the queue of spellings the reference data does not resolve.
struct UnresolvedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unresolved",
        abstract: "List every unresolved spelling in the catalogue, with how many products print it.",
        discussion: """
            A product printing an unresolved name is 'not known to be safe' for every client. Map a spelling to an \
            ingredient, or mark it as a mixture of unknown composition, with 'oilcat catalogue alias add'.

            Example:
              oilcat catalogue unresolved --json
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let database = try await global.clinicalCatalogue().database
        let queue = try await LabelQueue.unresolved(database: database)
        if output.json { return try Output.json(queue) }
        var table = TextTable("PRODUCTS", "SPELLING", "FOR EXAMPLE")
        for entry in queue { table.add(String(entry.products), entry.spelling, entry.examples.joined(separator: ", ")) }
        Output.line(table.render())
        Output.line("\(queue.count) unresolved spelling\(queue.count == 1 ? "" : "s")")
    }
}

/// `oilcat catalogue alias add|list`.
struct AliasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alias",
        abstract: "Map an unresolved spelling to an ingredient, or mark it as a mixture of unknown composition.",
        subcommands: [AliasAddCommand.self, AliasListCommand.self]
    )
}

/// `oilcat catalogue alias add "<spelling>" (--ingredient ID|INCI | --mixture) [--json]`.
struct AliasAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Map a spelling to an ingredient (or mark it a mixture); every product printing it is resolved again.",
        discussion: """
            The alias is audited and stored in the database. Every product that prints the spelling is resolved \
            again at once; the clients whose verdicts change are listed. A mixture of unknown composition stays \
            unresolved (not known to be safe) but leaves the queue. An alias is never changed once added.

            Examples:
              oilcat catalogue alias add "Iron Oxides" --ingredient "CI 77491"
              oilcat catalogue alias add "Radiance Botanical Complex" --mixture
            """
    )

    @Argument(parsing: .allUnrecognized, help: "The spelling, as printed on labels.")
    var spelling: [String] = []

    @Option(help: "The ingredient it means: an id or INCI name.")
    var ingredient: String?

    @Flag(help: "A trade mixture of unknown composition: it stays unresolved but leaves the queue.")
    var mixture = false

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard spelling.count == 1 else { throw ValidationError("give the spelling as one quoted argument") }
        guard (ingredient == nil) == mixture else { throw ValidationError("give either --ingredient ID|INCI or --mixture") }
    }

    func run() async throws {
        // Read with this data first: the alias joins a catalogue read with the data it is checked against.
        let (taxonomy, _, database) = try await global.clinicalCatalogue()
        let outcome = try await LabelQueue.addAlias(
            spelling: spelling[0], ingredient: ingredient, database: database, taxonomy: taxonomy, actor: Actor.current
        )
        if output.json { return try Output.json(outcome) }
        let meaning = outcome.ingredient.map { id in "\(taxonomy.ingredient(IngredientID(id))?.inci ?? id) (\(id))" }
            ?? "a mixture of unknown composition (stays unresolved)"
        Output.line("alias added: '\(outcome.spelling)' → \(meaning)")
        Output.line("\(outcome.products.count) product\(outcome.products.count == 1 ? "" : "s") resolved again" + (outcome.products.isEmpty ? "" : ": " + outcome.products.prefix(10).joined(separator: ", ")))
        for change in outcome.changes {
            Output.line("  \(change.clientName) (client \(change.client)): \(change.product) \(change.previousStatus) → \(change.status)")
            for reason in change.reasons { Output.line("    \(reason)") }
        }
    }
}

/// `oilcat catalogue alias list [--json]`.
struct AliasListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the label aliases.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let aliases = try await global.store().labelAliases()
        if output.json { return try Output.json(aliases) }
        var table = TextTable("SPELLING", "MEANS", "BY", "ADDED")
        for alias in aliases {
            table.add(alias.spelling, alias.ingredientId ?? "mixture of unknown composition", alias.createdBy, DateText.short(alias.createdAt))
        }
        Output.line(table.render())
    }
}
