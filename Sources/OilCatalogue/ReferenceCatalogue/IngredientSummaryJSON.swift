public import CatalogueCore

/// An ingredient in lists: `oilcat catalogue ingredients --json` and `GET /api/v1/ingredients`.
public struct IngredientSummaryJSON: Encodable, Sendable {
    public var id: String
    public var name: String
    public var kind: String
    public var inci: String
    public var family: String?
    public var properties: [String]
    public var foodAllergen: String?
    public var oxidationProne: Bool
    public var phototoxicMaxPercent: Double?
    public var kindName: String

    enum CodingKeys: String, CodingKey {
        case id, name, kind, inci, family, properties, foodAllergen, oxidationProne, phototoxicMaxPercent
    }

    public init(_ ingredient: Ingredient, taxonomy: Taxonomy) {
        id = ingredient.id.rawValue
        name = ingredient.name
        kind = ingredient.kind.rawValue
        kindName = ingredient.kind.displayName
        inci = ingredient.inci
        family = ingredient.family
        properties = taxonomy.properties(of: ingredient.id).map(\.property.rawValue)
        foodAllergen = ingredient.foodAllergen?.rawValue
        oxidationProne = ingredient.oxidationProne
        phototoxicMaxPercent = ingredient.phototoxicity?.maxDilutionPercent
    }
}
