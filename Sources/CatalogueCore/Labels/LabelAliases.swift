/// What an admin decided a label spelling means, where the reference data could not tell: an ingredient, or a
/// mixture of unknown composition (which stays unresolved, so not known to be safe, but leaves the queue).
public struct LabelAlias: Sendable, Hashable {
    /// What the spelling stands for.
    public enum Target: Sendable, Hashable {
        case ingredient(IngredientID)
        case mixture
    }

    /// The spelling as the admin entered it.
    public var spelling: String
    public var target: Target

    public init(spelling: String, target: Target) {
        self.spelling = spelling
        self.target = target
    }
}

/// Every alias, by the matching key of its spelling: case, accents and punctuation do not matter.
public struct LabelAliases: Sendable {
    private var targets: [String: LabelAlias.Target] = [:]

    /// No aliases.
    public static let none = LabelAliases([])

    public init(_ aliases: [LabelAlias]) {
        for alias in aliases { targets[Self.key(alias.spelling)] = alias.target }
    }

    /// The matching key of a spelling ("Radiance Botanical Complex™" → "radiance botanical complex").
    public static func key(_ spelling: String) -> String { LabelText.key(spelling) }

    /// What an alias says `name` is, if one names it.
    public func target(of name: String) -> LabelAlias.Target? {
        guard !targets.isEmpty else { return nil }
        return targets[Self.key(name)]
    }

    public var isEmpty: Bool { targets.isEmpty }
    public var count: Int { targets.count }
}
