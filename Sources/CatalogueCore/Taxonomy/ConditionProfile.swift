/// What a skin condition asks of the oils used on it: the properties to prefer, the cautions, and whether a
/// product needs a patch test before its first use.
public struct ConditionProfile: Sendable, Hashable, Codable, Identifiable {
    /// A caution that applies to some ingredients for clients with the condition.
    public struct Caution: Sendable, Hashable, Codable {
        /// A stable id, such as `eczema-no-essential-oils`.
        public var id: String
        /// What to tell the therapist.
        public var text: String
        /// Ingredient kinds the caution applies to (empty: none by kind).
        public var kinds: [IngredientKind]
        /// Ingredients the caution applies to (empty: none by name).
        public var ingredients: [IngredientID]
        /// Where the caution comes from.
        public var source: String

        public init(
            id: String, text: String, kinds: [IngredientKind] = [], ingredients: [IngredientID] = [],
            source: String
        ) {
            self.id = id
            self.text = text
            self.kinds = kinds
            self.ingredients = ingredients
            self.source = source
        }

        enum CodingKeys: String, CodingKey { case id, text, kinds, ingredients, source }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                id: try c.decode(String.self, forKey: .id),
                text: try c.decode(String.self, forKey: .text),
                kinds: try c.list(.kinds),
                ingredients: try c.list(.ingredients),
                source: try c.decode(String.self, forKey: .source)
            )
        }

        /// Whether the caution is about `ingredient` (by its kind or by name). General advice applies to none.
        public func applies(to ingredient: Ingredient) -> Bool {
            kinds.contains(ingredient.kind) || ingredients.contains(ingredient.id)
        }
    }

    /// The stable id, such as `psoriasis`.
    public var id: ConditionID
    /// The name a person reads.
    public var name: String
    /// Other names accepted on the command line and in forms.
    public var synonyms: [String]
    /// A short summary for the therapist.
    public var summary: String
    /// Properties to prefer for this condition.
    public var preferredProperties: [PropertyID]
    /// Whether a product must be patch-tested on the client before its first use.
    public var patchTestRequired: Bool
    /// The cautions.
    public var cautions: [Caution]
    /// Where the profile comes from.
    public var sources: [String]

    public init(
        id: ConditionID, name: String, synonyms: [String] = [], summary: String,
        preferredProperties: [PropertyID] = [], patchTestRequired: Bool, cautions: [Caution] = [],
        sources: [String] = []
    ) {
        self.id = id
        self.name = name
        self.synonyms = synonyms
        self.summary = summary
        self.preferredProperties = preferredProperties
        self.patchTestRequired = patchTestRequired
        self.cautions = cautions
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, synonyms, summary, preferredProperties, patchTestRequired, cautions, sources
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(ConditionID.self, forKey: .id),
            name: try c.decode(String.self, forKey: .name),
            synonyms: try c.list(.synonyms),
            summary: try c.decode(String.self, forKey: .summary),
            preferredProperties: try c.list(.preferredProperties),
            patchTestRequired: try c.decode(Bool.self, forKey: .patchTestRequired),
            cautions: try c.list(.cautions),
            sources: try c.list(.sources)
        )
    }
}
