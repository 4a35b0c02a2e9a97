import CatalogueCore

/// Turns what a person typed into taxonomy entries, or a clear error with what would have worked.
enum CatalogueLookup {
    static func property(_ text: String, in taxonomy: Taxonomy) throws -> SkinProperty {
        if let property = taxonomy.property(named: text) { return property }
        let known = taxonomy.properties.map(\.id.rawValue).joined(separator: ", ")
        throw UsageFailure(code: "CLI-UNKNOWN-PROPERTY", message: "unknown property '\(text)'; known properties: \(known)")
    }

    static func kind(_ text: String) throws -> IngredientKind {
        let key = text.lowercased().replacingOccurrences(of: " ", with: "-")
        let aliases: [String: IngredientKind] = ["carrier-oil": .carrier, "essential-oils": .essentialOil, "eo": .essentialOil]
        if let kind = IngredientKind(rawValue: key) ?? aliases[key] { return kind }
        let known = IngredientKind.allCases.map(\.rawValue).joined(separator: ", ")
        throw UsageFailure(code: "CLI-UNKNOWN-KIND", message: "unknown kind '\(text)'; known kinds: \(known)")
    }

    static func ingredient(_ text: String, in taxonomy: Taxonomy) throws -> Ingredient {
        if let ingredient = taxonomy.ingredient(named: text) { return ingredient }
        let suggestions = IngredientResolver(taxonomy: taxonomy).suggestions(for: text)
        let hint = suggestions.isEmpty
            ? "list them with 'oilcat catalogue ingredients'"
            : "did you mean " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?"
        throw UsageFailure(code: "CLI-UNKNOWN-INGREDIENT", message: "no ingredient is named '\(text)'; \(hint)")
    }
}
