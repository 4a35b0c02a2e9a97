/// What an ingredient is, as a therapist would sort it.
public enum IngredientKind: String, Sendable, Hashable, Codable, CaseIterable, StrictlyDecodedEnum {
    /// A fixed (carrier) oil such as jojoba or sweet almond.
    case carrier
    /// A volatile essential oil such as lavender.
    case essentialOil = "essential-oil"
    /// A solid plant butter such as shea.
    case butter
    /// A carrier in which a plant has been macerated, such as arnica or calendula.
    case infusedOil = "infused-oil"
    /// A base of lotions and balms: water, glycerin, waxes, emulsifiers, antioxidants.
    case base
    /// An undisclosed perfume mixture declared as parfum / fragrance.
    case fragrance

    /// The label a person reads.
    public var displayName: String {
        switch self {
        case .carrier: "carrier oil"
        case .essentialOil: "essential oil"
        case .butter: "butter"
        case .infusedOil: "infused oil"
        case .base: "base"
        case .fragrance: "fragrance"
        }
    }
}
