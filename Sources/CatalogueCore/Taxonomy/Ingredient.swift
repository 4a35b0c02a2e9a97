/// One reference ingredient of the taxonomy: an oil, butter, base or fragrance, with every name a label may use
/// for it and the facts the suitability rules need.
public struct Ingredient: Sendable, Hashable, Codable, Identifiable {
    /// The stable id, such as `jojoba-oil`.
    public var id: IngredientID
    /// The common name a therapist uses, such as "Jojoba oil".
    public var name: String
    /// What kind of ingredient it is.
    public var kind: IngredientKind
    /// The INCI name, such as "Simmondsia Chinensis Seed Oil".
    public var inci: String
    /// Other common names ("Jojoba", "Golden jojoba oil").
    public var commonNames: [String]
    /// Spellings seen on labels ("Simmondsia Chinensis (Jojoba) Seed Oil").
    public var labelSpellings: [String]
    /// EU Annex III group declarations that cover this ingredient ("Lavandula Oil/Extract").
    public var euGroups: [String]
    /// The botanical name, such as "Simmondsia chinensis".
    public var botanicalName: String?
    /// The botanical family, such as "Asteraceae".
    public var family: String?
    /// Typical EU-listed allergenic constituents (not batch data: a supplier's analysis overrides them).
    public var constituents: [AllergenID]
    /// Other allergenic constituents that are not EU-listed, as information ("herniarin", "helenalin").
    public var otherConstituents: [String]
    /// Whether the ingredient oxidises into stronger allergens once opened.
    public var oxidationProne: Bool
    /// Recommended shelf life after opening, in months, where oxidation matters.
    public var shelfLifeMonthsAfterOpening: Int?
    /// The phototoxicity cap, if the ingredient is phototoxic.
    public var phototoxicity: Phototoxicity?
    /// The food-allergen class this ingredient belongs to (tree nut, sesame), if any.
    public var foodAllergen: FoodAllergenClassID?
    /// A comedogenic rating, shown as information only, never used as a safety gate.
    public var comedogenic: ComedogenicRating?
    /// Free notes for a therapist.
    public var notes: String?
    /// Where the facts of this entry come from.
    public var sources: [String]

    public init(
        id: IngredientID, name: String, kind: IngredientKind, inci: String, commonNames: [String] = [],
        labelSpellings: [String] = [], euGroups: [String] = [], botanicalName: String? = nil,
        family: String? = nil, constituents: [AllergenID] = [], otherConstituents: [String] = [],
        oxidationProne: Bool = false, shelfLifeMonthsAfterOpening: Int? = nil,
        phototoxicity: Phototoxicity? = nil, foodAllergen: FoodAllergenClassID? = nil,
        comedogenic: ComedogenicRating? = nil, notes: String? = nil, sources: [String] = []
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.inci = inci
        self.commonNames = commonNames
        self.labelSpellings = labelSpellings
        self.euGroups = euGroups
        self.botanicalName = botanicalName
        self.family = family
        self.constituents = constituents
        self.otherConstituents = otherConstituents
        self.oxidationProne = oxidationProne
        self.shelfLifeMonthsAfterOpening = shelfLifeMonthsAfterOpening
        self.phototoxicity = phototoxicity
        self.foodAllergen = foodAllergen
        self.comedogenic = comedogenic
        self.notes = notes
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, kind, inci, commonNames, labelSpellings, euGroups, botanicalName, family, constituents
        case otherConstituents, oxidationProne, shelfLifeMonthsAfterOpening, phototoxicity, foodAllergen
        case comedogenic, notes, sources
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(IngredientID.self, forKey: .id),
            name: try c.decode(String.self, forKey: .name),
            kind: try c.decode(IngredientKind.self, forKey: .kind),
            inci: try c.decode(String.self, forKey: .inci),
            commonNames: try c.list(.commonNames),
            labelSpellings: try c.list(.labelSpellings),
            euGroups: try c.list(.euGroups),
            botanicalName: try c.decodeIfPresent(String.self, forKey: .botanicalName),
            family: try c.decodeIfPresent(String.self, forKey: .family),
            constituents: try c.list(.constituents),
            otherConstituents: try c.list(.otherConstituents),
            oxidationProne: try c.decodeIfPresent(Bool.self, forKey: .oxidationProne) ?? false,
            shelfLifeMonthsAfterOpening: try c.decodeIfPresent(Int.self, forKey: .shelfLifeMonthsAfterOpening),
            phototoxicity: try c.decodeIfPresent(Phototoxicity.self, forKey: .phototoxicity),
            foodAllergen: try c.decodeIfPresent(FoodAllergenClassID.self, forKey: .foodAllergen),
            comedogenic: try c.decodeIfPresent(ComedogenicRating.self, forKey: .comedogenic),
            notes: try c.decodeIfPresent(String.self, forKey: .notes),
            sources: try c.list(.sources)
        )
    }
}

/// A phototoxic ingredient's maximum dermal concentration.
public struct Phototoxicity: Sendable, Hashable, Codable {
    /// The maximum percentage in a leave-on product applied to skin exposed to UV.
    public var maxDilutionPercent: Double
    /// Where the cap comes from.
    public var source: String

    public init(maxDilutionPercent: Double, source: String) {
        self.maxDilutionPercent = maxDilutionPercent
        self.source = source
    }
}

/// A comedogenic rating from 0 (none) to 5 (severe), kept as information with its source.
public struct ComedogenicRating: Sendable, Hashable, Codable {
    /// The rating, 0 to 5.
    public var rating: Int
    /// Where the rating comes from (most come from rabbit-ear tests that correlate poorly with people).
    public var source: String

    public init(rating: Int, source: String) {
        self.rating = rating
        self.source = source
    }
}
