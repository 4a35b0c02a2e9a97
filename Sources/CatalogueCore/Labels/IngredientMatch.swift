/// What a name on a label stands for in the taxonomy.
public enum IngredientMatch: Sendable, Hashable {
    /// A reference ingredient, such as jojoba oil.
    case ingredient(IngredientID)
    /// An EU-declared fragrance substance, such as linalool.
    case allergen(AllergenID)
    /// An EU natural-extract group name that covers several ingredients, such as "Lavandula Oil/Extract".
    case euGroup(AllergenID, members: [IngredientID])

    /// The ingredients this match stands for: one for an ingredient, every member for a group, none for a
    /// substance.
    public var ingredientIDs: [IngredientID] {
        switch self {
        case .ingredient(let id): [id]
        case .allergen: []
        case .euGroup(_, let members): members
        }
    }
}

/// Which kind of name a label entry was matched by, so a person can check the match.
public enum MatchSource: String, Sendable, Hashable, Codable {
    case inci = "INCI name"
    case labelSpelling = "label spelling"
    case commonName = "common name"
    case euGroupName = "EU group name"
    case allergenName = "EU allergen name"
    case allergenSynonym = "EU allergen synonym"
    case alternatives = "each alternative"
    case colourIndex = "colour index number"
    case compactSpelling = "name spaced differently"
    case alias = "alias"
    case respelled = "respelled"
    case usColourName = "US colour name"
    case runTogether = "names printed without commas"
    case gluedNames = "names printed without comma or space"
}
