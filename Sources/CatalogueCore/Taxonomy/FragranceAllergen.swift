/// An entry of Annex III of Regulation (EU) 1223/2009: a fragrance substance (linalool) or a natural extract
/// declared by a group name that covers several ingredients ("Lavandula Oil/Extract").
public struct FragranceAllergen: Sendable, Hashable, Codable, Identifiable {
    /// Whether the entry is one substance or a group of natural extracts.
    public enum Form: String, Sendable, Hashable, Codable, CaseIterable, StrictlyDecodedEnum {
        /// One chemical substance such as linalool.
        case substance
        /// A group name covering oils and extracts of a plant, such as "Lavandula Oil/Extract".
        case naturalExtract = "natural-extract"
    }

    /// Which instrument listed the entry.
    public enum Listing: String, Sendable, Hashable, Codable, CaseIterable, StrictlyDecodedEnum {
        /// The original 26 labelled allergens.
        case original26 = "original-26"
        /// The entries added by Regulation (EU) 2023/1545.
        case regulation2023_1545 = "2023/1545"
    }

    /// The stable id, such as `linalool`.
    public var id: AllergenID
    /// The name as declared on labels.
    public var name: String
    /// Other spellings and trade names.
    public var synonyms: [String]
    /// The CAS number, for a substance.
    public var cas: String?
    /// One substance or a natural-extract group.
    public var form: Form
    /// Which instrument listed it.
    public var listing: Listing
    /// Whether the substance is now prohibited in cosmetics (HICC, lilial).
    public var prohibited: Bool
    /// Whether it forms stronger allergens when oxidised (linalool, limonene hydroperoxides).
    public var oxidationProne: Bool
    /// Notes for a therapist.
    public var notes: String?

    public init(
        id: AllergenID, name: String, synonyms: [String] = [], cas: String? = nil, form: Form,
        listing: Listing, prohibited: Bool = false, oxidationProne: Bool = false, notes: String? = nil
    ) {
        self.id = id
        self.name = name
        self.synonyms = synonyms
        self.cas = cas
        self.form = form
        self.listing = listing
        self.prohibited = prohibited
        self.oxidationProne = oxidationProne
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, synonyms, cas, form, listing, prohibited, oxidationProne, notes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(AllergenID.self, forKey: .id),
            name: try c.decode(String.self, forKey: .name),
            synonyms: try c.list(.synonyms),
            cas: try c.decodeIfPresent(String.self, forKey: .cas),
            form: try c.decodeIfPresent(Form.self, forKey: .form) ?? .substance,
            listing: try c.decode(Listing.self, forKey: .listing),
            prohibited: try c.decodeIfPresent(Bool.self, forKey: .prohibited) ?? false,
            oxidationProne: try c.decodeIfPresent(Bool.self, forKey: .oxidationProne) ?? false,
            notes: try c.decodeIfPresent(String.self, forKey: .notes)
        )
    }
}
