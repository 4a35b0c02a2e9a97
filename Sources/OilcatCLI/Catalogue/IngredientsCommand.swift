import ArgumentParser
import CatalogueCore
import OilCatalogue

/// `oilcat catalogue ingredients [--search WORDS] [--property P] [--kind K] [--json]`.
struct IngredientsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingredients",
        abstract: "List reference ingredients, optionally by property or kind.",
        discussion: """
            Examples:
              oilcat catalogue ingredients --property hydrating
              oilcat catalogue ingredients --kind essential-oil --property anti-inflammatory --json
              oilcat catalogue ingredients --search "butylene glycol"

            Without --search the curated ingredients are listed; --search also finds the EU CosIng inventory's \
            (28,000 INCI names), up to 200.
            """
    )

    @Option(help: "Only ingredients carrying this property (id, name or synonym, e.g. hydrating, emollient).")
    var property: String?

    @Option(help: "Only ingredients of this kind: carrier, essential-oil, butter, infused-oil, base, fragrance.")
    var kind: String?

    @Option(help: "Only ingredients whose names contain all these words; searches the EU CosIng inventory too.")
    var search: String?

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let taxonomy = try global.taxonomy()
        var ingredients = search.map { taxonomy.searchIngredients($0) } ?? taxonomy.ingredients
        if let property {
            let wanted = try CatalogueLookup.property(property, in: taxonomy)
            let carriers = Set(wanted.ingredients.map(\.ingredient))
            ingredients = ingredients.filter { carriers.contains($0.id) }
        }
        if let kind {
            let wanted = try CatalogueLookup.kind(kind)
            ingredients = ingredients.filter { $0.kind == wanted }
        }
        let summaries = ingredients.map { IngredientSummaryJSON($0, taxonomy: taxonomy) }
        if output.json { return try Output.json(summaries) }
        var table = TextTable("ID", "NAME", "KIND", "INCI", "PROPERTIES")
        for summary in summaries {
            table.add(
                summary.id, summary.name, summary.kindName, summary.inci, summary.properties.joined(separator: ", ")
            )
        }
        Output.line(table.render())
        Output.line("\(summaries.count) ingredient\(summaries.count == 1 ? "" : "s")")
    }
}
