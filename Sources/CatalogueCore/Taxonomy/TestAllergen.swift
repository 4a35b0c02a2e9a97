/// An allergen of a patch-test series (the European baseline series, the ACDS core series) as a dermatologist's
/// report names it ("wool alcohols", "fragrance mix I", "MCI/MI"), with what it implicates on a label.
///
/// The label names are resolved when the taxonomy is made (``Taxonomy/testAllergenImplications(_:)``): each is
/// an ingredient (curated or of the inventory), an EU allergen or an EU group name, never a merge of distinct INCI
/// names.
public struct TestAllergen: Sendable, Hashable, Codable, Identifiable {
    /// The stable id, such as `wool-alcohols`.
    public var id: TestAllergenID
    /// The name as a series lists it ("Wool alcohols").
    public var name: String
    /// Other names a report uses: abbreviations, trade names, other languages.
    public var synonyms: [String]
    /// The series that include it (`EBS-2019`, `EBS-2023`, `ACDS`).
    public var series: [String]
    /// Label names a client positive to it must avoid.
    public var avoid: [String]
    /// Label names of graded cross-reactors: a caution.
    public var caution: [String]
    /// Why the cautioned names are cautioned.
    public var cautionReason: String?
    /// A general fragrance marker: undisclosed fragrance is blocked for a client positive to it.
    public var fragranceMarker: Bool
    /// Notes for a therapist.
    public var notes: String?
    /// Where the mapping comes from.
    public var sources: [String]

    public init(
        id: TestAllergenID, name: String, synonyms: [String] = [], series: [String] = [], avoid: [String] = [],
        caution: [String] = [], cautionReason: String? = nil, fragranceMarker: Bool = false, notes: String? = nil,
        sources: [String] = []
    ) {
        self.id = id
        self.name = name
        self.synonyms = synonyms
        self.series = series
        self.avoid = avoid
        self.caution = caution
        self.cautionReason = cautionReason
        self.fragranceMarker = fragranceMarker
        self.notes = notes
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, synonyms, series, avoid, caution, cautionReason, fragranceMarker, notes, sources
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(TestAllergenID.self, forKey: .id),
            name: try c.decode(String.self, forKey: .name),
            synonyms: try c.list(.synonyms),
            series: try c.list(.series),
            avoid: try c.list(.avoid),
            caution: try c.list(.caution),
            cautionReason: try c.decodeIfPresent(String.self, forKey: .cautionReason),
            fragranceMarker: try c.decodeIfPresent(Bool.self, forKey: .fragranceMarker) ?? false,
            notes: try c.decodeIfPresent(String.self, forKey: .notes),
            sources: try c.list(.sources)
        )
    }

    /// Every name a report may use for it.
    public var allNames: [String] { [name] + synonyms }
}

/// Identifies a ``TestAllergen``.
public typealias TestAllergenID = Identifier<TestAllergen>

extension TestAllergen: ReferenceEntry {
    public static var fieldNames: Set<String> { names(CodingKeys.self) }
}

/// What one label name of a test allergen stands for, resolved against the taxonomy.
public enum TestAllergenTarget: Sendable, Hashable {
    /// An ingredient, curated or of the inventory.
    case ingredient(IngredientID)
    /// An EU allergen: a substance (blocks its declaration and the oils that typically contain it) or a group name.
    case allergen(AllergenID)
}

/// A test allergen's label names, resolved.
public struct TestAllergenImplications: Sendable, Hashable {
    /// What a positive client avoids.
    public var avoid: [TestAllergenTarget]
    /// Graded cross-reactors.
    public var caution: [TestAllergenTarget]
}
