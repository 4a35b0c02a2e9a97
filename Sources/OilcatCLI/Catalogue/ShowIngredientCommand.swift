import ArgumentParser
import CatalogueCore

/// `oilcat catalogue show <ingredient> [--json]`.
struct ShowIngredientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show everything the catalogue knows about one ingredient.",
        discussion: """
            The ingredient may be named by id, INCI name, label spelling or common name.

            Examples:
              oilcat catalogue show lavender
              oilcat catalogue show "Simmondsia Chinensis (Jojoba) Seed Oil" --json
            """
    )

    @Argument(help: "The ingredient: id, INCI name, label spelling or common name.")
    var ingredient: String

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let taxonomy = try global.taxonomy()
        let found = try CatalogueLookup.ingredient(ingredient, in: taxonomy)
        let detail = IngredientDetailJSON(found, taxonomy: taxonomy)
        if output.json { return try Output.json(detail) }

        var lines = ["\(detail.name) (\(detail.id))"]
        func field(_ label: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            lines.append("  " + (label + ":").padding(toLength: 18, withPad: " ", startingAt: 0) + value)
        }
        field("Kind", found.kind.displayName)
        field("INCI", detail.inci)
        field("Tier", detail.tier == "curated" ? "curated (facts beyond EU CosIng)" : "inventory (EU CosIng entry only)")
        field("CAS", detail.cas)
        field("EC", detail.ec)
        field("Functions", detail.functions.joined(separator: ", "))
        if detail.naturalComplexSubstance {
            field("Constituents", "not in the reference data: a natural complex substance that may contain fragrance allergens")
        }
        field("Common names", detail.commonNames.joined(separator: "; "))
        field("Label spellings", detail.labelSpellings.joined(separator: "; "))
        field("EU group names", detail.euGroups.map(\.name).joined(separator: "; "))
        field("Botanical name", [detail.botanicalName, detail.family.map { "(\($0))" }].compactMap { $0 }.joined(separator: " "))
        field("EU allergens", detail.constituents.map(\.name).joined(separator: ", "))
        field("Other allergens", detail.otherConstituents.joined(separator: ", "))
        field("Oxidation", found.oxidationProne
            ? "oxidises once opened" + (found.shelfLifeMonthsAfterOpening.map { "; use within \($0) months" } ?? "")
            : "not oxidation-prone")
        field("Phototoxic", found.phototoxicity.map { "yes: at most \($0.maxDilutionPercent) % on UV-exposed skin (\($0.source))" } ?? "no")
        field("Food allergen", detail.foodAllergen?.name ?? "none")
        field("Comedogenic", found.comedogenic.map { "\($0.rating)/5, information only, not a safety gate (\($0.source))" })
        if !detail.properties.isEmpty {
            lines.append("  Properties:")
            for property in detail.properties { lines.append("    \(property.id): \(property.source)") }
        }
        if !detail.crossReactivity.isEmpty {
            lines.append("  Cross-reactivity:")
            for member in detail.crossReactivity { lines.append("    \(member.name), \(member.grade): \(member.evidence)") }
        }
        if !detail.conditionCautions.isEmpty {
            lines.append("  Condition cautions:")
            for caution in detail.conditionCautions { lines.append("    \(caution.condition): \(caution.text)") }
        }
        field("Notes", detail.notes)
        field("Sources", detail.sources.joined(separator: "; "))
        Output.line(lines.joined(separator: "\n"))
    }
}
