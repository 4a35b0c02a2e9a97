/// A rule a history item sets on products: block or caution the ingredients (and declared EU substances) it names,
/// or cap the concentration of ingredients of some kinds.
///
/// The rule names what it is about by ingredient (an oil rich in the constituent of concern, curated or of the
/// inventory) and, where labels declare it, by EU allergen substance; `because` names the constituent or property
/// for the reason ("methyl salicylate"). A cap applies to every ingredient of its kinds (and to the ingredients it
/// names): above `maxPercent` the product is a caution, and so it is when the label does not state the
/// concentration.
public struct MedicalHistoryRule: Sendable, Hashable, Codable {
    /// What the rule does to a product it touches.
    public enum Effect: String, Sendable, Hashable, Codable, CaseIterable, StrictlyDecodedEnum {
        case block
        case caution
        /// A dilution cap: a caution above `maxPercent`, or when the concentration is not stated.
        case cap
    }

    /// A stable id, such as `anticoagulants-methyl-salicylate`.
    public var id: String
    public var effect: Effect
    /// The constituent or property the reason names ("methyl salicylate", "warming, rubefacient").
    public var because: String?
    /// Ingredients the rule applies to: curated ids or inventory ids (INCI name, lower case, hyphens).
    public var ingredients: [IngredientID]
    /// EU allergens (substances or natural-extract group names) the rule applies to when a label declares them.
    public var declaredAllergens: [AllergenID]
    /// Ingredient kinds the rule applies to (caps: `essential-oil`; the inventory's natural complex oils count).
    public var kinds: [IngredientKind]
    /// The cap, for `cap` rules: a percentage above 0 and up to 100.
    public var maxPercent: Double?
    /// The end of the reason ("contraindicated with anticoagulant or antiplatelet medication").
    public var text: String
    /// Where the rule comes from.
    public var source: String

    public init(
        id: String, effect: Effect, because: String? = nil, ingredients: [IngredientID] = [],
        declaredAllergens: [AllergenID] = [], kinds: [IngredientKind] = [], maxPercent: Double? = nil, text: String,
        source: String
    ) {
        self.id = id
        self.effect = effect
        self.because = because
        self.ingredients = ingredients
        self.declaredAllergens = declaredAllergens
        self.kinds = kinds
        self.maxPercent = maxPercent
        self.text = text
        self.source = source
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, effect, because, ingredients, declaredAllergens, kinds, maxPercent, text, source
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            effect: try c.decode(Effect.self, forKey: .effect),
            because: try c.decodeIfPresent(String.self, forKey: .because),
            ingredients: try c.list(.ingredients),
            declaredAllergens: try c.list(.declaredAllergens),
            kinds: try c.list(.kinds),
            maxPercent: try c.decodeIfPresent(Double.self, forKey: .maxPercent),
            text: try c.decode(String.self, forKey: .text),
            source: try c.decode(String.self, forKey: .source)
        )
    }
}
