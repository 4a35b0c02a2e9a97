/// A property a therapist chooses oils by ("hydrating", "anti-inflammatory"), and the ingredients that carry it.
public struct SkinProperty: Sendable, Hashable, Codable, Identifiable {
    /// One ingredient carrying the property, with the note that supports it.
    public struct Evidence: Sendable, Hashable, Codable {
        /// The ingredient.
        public var ingredient: IngredientID
        /// Where the claim comes from.
        public var source: String

        public init(ingredient: IngredientID, source: String) {
            self.ingredient = ingredient
            self.source = source
        }
    }

    /// The stable id, such as `hydrating`.
    public var id: PropertyID
    /// The label a person reads ("Hydrating / emollient").
    public var name: String
    /// Other words for it ("emollient", "moisturising"), accepted wherever a property is named.
    public var synonyms: [String]
    /// What the property means in practice.
    public var description: String
    /// The ingredients that carry it.
    public var ingredients: [Evidence]

    public init(
        id: PropertyID, name: String, synonyms: [String] = [], description: String, ingredients: [Evidence] = []
    ) {
        self.id = id
        self.name = name
        self.synonyms = synonyms
        self.description = description
        self.ingredients = ingredients
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, synonyms, description, ingredients }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(PropertyID.self, forKey: .id),
            name: try c.decode(String.self, forKey: .name),
            synonyms: try c.list(.synonyms),
            description: try c.decode(String.self, forKey: .description),
            ingredients: try c.list(.ingredients)
        )
    }
}
