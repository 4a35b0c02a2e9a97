/// A set of ingredients that cross-react, each graded by how strongly the evidence implicates it.
///
/// A family is a caution, not a wholesale block: in the Compositae group arnica is strong while sunflower seed
/// oil gave no reactions at all.
public struct CrossReactivityGroup: Sendable, Hashable, Codable, Identifiable {
    /// How strongly a member is implicated.
    public enum Grade: String, Sendable, Hashable, Codable, CaseIterable, Comparable, StrictlyDecodedEnum {
        /// Reacts in most sensitised patients.
        case strong
        /// Reacts in a fair share of sensitised patients.
        case moderate
        /// Rare reactions reported.
        case weak
        /// A botanical relative with no reactions in the evidence.
        case notImplicated = "not-implicated"

        private var rank: Int {
            switch self {
            case .strong: 3
            case .moderate: 2
            case .weak: 1
            case .notImplicated: 0
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }

    /// One graded member.
    public struct Member: Sendable, Hashable, Codable {
        /// The ingredient.
        public var ingredient: IngredientID
        /// How strongly it is implicated.
        public var grade: Grade
        /// The evidence for the grade.
        public var evidence: String

        public init(ingredient: IngredientID, grade: Grade, evidence: String) {
            self.ingredient = ingredient
            self.grade = grade
            self.evidence = evidence
        }
    }

    /// The stable id, such as `compositae`.
    public var id: CrossReactivityGroupID
    /// The name, such as "Compositae (Asteraceae) mix".
    public var name: String
    /// Names a patch-test report may use ("Compositae mix", "sesquiterpene lactone mix").
    public var synonyms: [String]
    /// What the group is and how to read it.
    public var description: String
    /// The graded members.
    public var members: [Member]
    /// Where the grades come from.
    public var sources: [String]

    public init(
        id: CrossReactivityGroupID, name: String, synonyms: [String] = [], description: String,
        members: [Member], sources: [String] = []
    ) {
        self.id = id
        self.name = name
        self.synonyms = synonyms
        self.description = description
        self.members = members
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, synonyms, description, members, sources }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(CrossReactivityGroupID.self, forKey: .id),
            name: try c.decode(String.self, forKey: .name),
            synonyms: try c.list(.synonyms),
            description: try c.decode(String.self, forKey: .description),
            members: try c.decode([Member].self, forKey: .members),
            sources: try c.list(.sources)
        )
    }

    /// The grade of `ingredient` in this group, if it is a member.
    public func grade(of ingredient: IngredientID) -> Grade? {
        members.first { $0.ingredient == ingredient }?.grade
    }
}
