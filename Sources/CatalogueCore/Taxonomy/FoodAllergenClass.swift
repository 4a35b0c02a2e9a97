/// A class of immediate (type I) food-protein allergens, such as tree nuts or sesame.
///
/// Kept apart from contact allergy: a tree-nut allergy blocks sweet almond oil whatever its patch tests say.
public struct FoodAllergenClass: Sendable, Hashable, Codable, Identifiable {
    /// The stable id, such as `tree-nut`.
    public var id: FoodAllergenClassID
    /// The name a person uses ("Tree nuts").
    public var name: String
    /// Other names a dermatologist's letter may use ("nuts", "tree nut allergy").
    public var synonyms: [String]
    /// What is in and out of the class, and why.
    public var notes: String?
    /// Where the class definition comes from.
    public var sources: [String]

    public init(
        id: FoodAllergenClassID, name: String, synonyms: [String] = [], notes: String? = nil,
        sources: [String] = []
    ) {
        self.id = id
        self.name = name
        self.synonyms = synonyms
        self.notes = notes
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, synonyms, notes, sources }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(FoodAllergenClassID.self, forKey: .id),
            name: try c.decode(String.self, forKey: .name),
            synonyms: try c.list(.synonyms),
            notes: try c.decodeIfPresent(String.self, forKey: .notes),
            sources: try c.list(.sources)
        )
    }
}
