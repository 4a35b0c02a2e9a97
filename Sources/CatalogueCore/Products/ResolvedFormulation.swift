/// What an ingredient list resolved to, kept with the formulation version that printed it: an immutable snapshot,
/// so an old version always shows what was known when it was imported. Ingredient ids, EU allergens and unresolved
/// names are derived from the entries; properties come from the taxonomy (``properties(in:)``).
public struct ResolvedFormulation: Sendable, Hashable {
    /// One label entry and its targets.
    public struct Entry: Sendable, Hashable {
        /// What an entry resolved to.
        public enum Kind: String, Sendable, Hashable, Codable {
            case ingredient = "i"
            case allergen = "a"
            case euGroup = "g"
            case unresolved = "u"

            /// The word used in reports and JSON output.
            public var word: String {
                switch self {
                case .ingredient: "ingredient"
                case .allergen: "allergen"
                case .euGroup: "eu-group"
                case .unresolved: "unresolved"
                }
            }
        }

        /// The name as matched (markers and percentages removed).
        public var name: String
        public var kind: Kind
        /// The ids it stands for: an ingredient, an allergen, or an EU group followed by its member ingredients.
        public var targets: [String]
        /// How it was matched.
        public var source: MatchSource?
        public var percent: Double?
        public var mayContain: Bool

        public init(
            name: String, kind: Kind, targets: [String], source: MatchSource? = nil, percent: Double? = nil,
            mayContain: Bool = false
        ) {
            self.name = name
            self.kind = kind
            self.targets = targets
            self.source = source
            self.percent = percent
            self.mayContain = mayContain
        }

        /// The reference ingredients the entry stands for.
        public var ingredientIDs: [IngredientID] {
            switch kind {
            case .ingredient: targets.map { IngredientID(rawValue: $0) }
            case .euGroup: targets.dropFirst().map { IngredientID(rawValue: $0) }
            case .allergen, .unresolved: []
            }
        }
    }

    /// A property of the product and the ingredient it comes from.
    public struct PropertySource: Sendable, Hashable, Codable {
        public var property: PropertyID
        public var ingredient: IngredientID

        public init(property: PropertyID, ingredient: IngredientID) {
            self.property = property
            self.ingredient = ingredient
        }
    }

    /// Every entry, in label order.
    public var entries: [Entry] {
        didSet { storedPieces = nil }
    }

    /// The entries in their stored form, in pieces to be joined by commas, when whoever made this value had them
    /// already (the importer's memo keeps one per segment of a list); `nil` otherwise, and whenever the entries
    /// change. Not part of the value: equality and hashing look at the entries only.
    private(set) var storedPieces: [String]?

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// `entries` with their stored form: `pieces`, each ``entriesJSON(_:)`` of consecutive entries, in order.
    init(entries: [Entry], storedPieces: [String]) {
        self.entries = entries
        self.storedPieces = storedPieces
    }

    public static func == (left: Self, right: Self) -> Bool { left.entries == right.entries }

    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }

    /// Builds the snapshot from a resolution.
    public init(_ resolution: IngredientListResolution) {
        entries = resolution.entries.map { entry in
            var kind = Entry.Kind.unresolved
            var targets: [String] = []
            for match in entry.matches {
                switch match {
                case .ingredient(let id):
                    kind = .ingredient
                    targets.append(id.rawValue)
                case .allergen(let id):
                    kind = .allergen
                    targets.append(id.rawValue)
                case .euGroup(let id, let members):
                    kind = .euGroup
                    targets += [id.rawValue] + members.map(\.rawValue)
                }
            }
            return Entry(
                name: entry.label.name, kind: kind, targets: targets, source: entry.source,
                percent: entry.label.percent, mayContain: entry.label.mayContain
            )
        }
    }

    /// Reference ingredients, group names expanded, in label order.
    public var ingredientIDs: [IngredientID] {
        // Lists are short: a linear check beats hashing.
        var result: [IngredientID] = []
        for entry in entries where entry.kind == .ingredient || entry.kind == .euGroup {
            for id in entry.ingredientIDs where !result.contains(id) { result.append(id) }
        }
        return result
    }

    /// EU allergens declared on the label: substances and group names, in label order.
    public var allergenIDs: [AllergenID] {
        var seen = Set<AllergenID>()
        return entries.compactMap { entry -> AllergenID? in
            entry.kind == .allergen || entry.kind == .euGroup ? entry.targets.first.map { AllergenID(rawValue: $0) } : nil
        }.filter { seen.insert($0).inserted }
    }

    /// Names that did not resolve: the product is not known to be safe while any remain.
    public var unresolved: [String] { entries.filter { $0.kind == .unresolved }.map(\.name) }

    /// Whether any entry did not resolve (without building ``unresolved``: the importer asks for every record).
    public var hasUnresolved: Bool { entries.contains { $0.kind == .unresolved } }

    /// Properties, each with the ingredient it comes from, as the taxonomy says now.
    public func properties(in taxonomy: Taxonomy) -> [PropertySource] {
        var seen = Set<PropertySource>()
        return ingredientIDs.flatMap { ingredient in
            taxonomy.properties(of: ingredient).map { PropertySource(property: $0.property, ingredient: ingredient) }
        }.filter { seen.insert($0).inserted }
    }

    /// The distinct property ids, in order of first appearance.
    public func propertyIDs(in taxonomy: Taxonomy) -> [PropertyID] {
        var result: [PropertyID] = []
        for ingredient in ingredientIDs {
            for (property, _) in taxonomy.properties(of: ingredient) where !result.contains(property) {
                result.append(property)
            }
        }
        return result
    }
}
