/// What an ingredient list resolved to, kept with the formulation version that printed it: an immutable snapshot
/// stored as one document, so an old version always shows what was known when it was imported.
public struct ResolvedFormulation: Sendable, Hashable, Codable {
    /// One label entry and its targets.
    public struct Entry: Sendable, Hashable, Codable {
        /// The name as matched (markers and percentages removed).
        public var name: String
        /// `ingredient`, `allergen`, `eu-group` or `unresolved`.
        public var kind: String
        /// The ids it stands for (for an EU group: the group, then its members).
        public var targets: [String]
        /// How it was matched.
        public var source: String?
        public var percent: Double?
        public var mayContain: Bool
    }

    /// A property of the product and the ingredient it comes from.
    public struct PropertySource: Sendable, Hashable, Codable {
        public var property: PropertyID
        public var ingredient: IngredientID
    }

    /// Every entry, in label order.
    public var entries: [Entry]
    /// Reference ingredients, group names expanded, in label order.
    public var ingredientIDs: [IngredientID]
    /// EU allergens declared on the label.
    public var allergenIDs: [AllergenID]
    /// Names that did not resolve: the product is not known to be safe while any remain.
    public var unresolved: [String]
    /// Properties, each with the ingredient it comes from.
    public var properties: [PropertySource]

    /// Builds the snapshot from a resolution and the taxonomy that produced it.
    public init(_ resolution: IngredientListResolution, taxonomy: Taxonomy) {
        entries = resolution.entries.map { entry in
            var kind = "unresolved"
            var targets: [String] = []
            for match in entry.matches {
                switch match {
                case .ingredient(let id):
                    kind = "ingredient"
                    targets.append(id.rawValue)
                case .allergen(let id):
                    kind = "allergen"
                    targets.append(id.rawValue)
                case .euGroup(let id, let members):
                    kind = "eu-group"
                    targets += [id.rawValue] + members.map(\.rawValue)
                }
            }
            return Entry(
                name: entry.label.name, kind: kind, targets: targets, source: entry.source?.rawValue,
                percent: entry.label.percent, mayContain: entry.label.mayContain
            )
        }
        ingredientIDs = resolution.ingredientIDs
        allergenIDs = resolution.allergenIDs
        unresolved = resolution.unresolvedNames
        var seen = Set<PropertySource>()
        properties = ingredientIDs.flatMap { ingredient in
            taxonomy.properties(of: ingredient).map { PropertySource(property: $0.property, ingredient: ingredient) }
        }.filter { seen.insert($0).inserted }
    }

    /// The distinct property ids, in order of first appearance.
    public var propertyIDs: [PropertyID] {
        var seen = Set<PropertyID>()
        return properties.map(\.property).filter { seen.insert($0).inserted }
    }
}
