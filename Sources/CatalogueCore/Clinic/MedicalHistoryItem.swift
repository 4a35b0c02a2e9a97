/// Identifies a ``MedicalHistoryItem``.
public typealias HistoryItemID = Identifier<MedicalHistoryItem>

/// One thing a client's medical history can hold (pregnancy, anticoagulant medication, diabetes…), as reference
/// data: the product rules it brings to the suitability engine and the treatment notes it brings to the therapist.
///
/// The two are kept apart: a product rule blocks or cautions a product (reception sees only its verdict); a
/// treatment note changes the massage itself (pressure, areas, heat, medical clearance) and is for the therapist
/// only. Every rule and note names its source.
public struct MedicalHistoryItem: Sendable, Hashable, Codable, Identifiable {
    /// The stable id, such as `anticoagulants`.
    public var id: HistoryItemID
    /// The name a person reads ("Anticoagulant or antiplatelet medication").
    public var name: String
    /// Other names accepted on the command line and in forms ("warfarin", "blood thinners").
    public var synonyms: [String]
    /// A skin-condition profile this item brings with it (its cautions and patch-test policy), if any.
    public var condition: ConditionID?
    /// The rules on products.
    public var productRules: [MedicalHistoryRule]
    /// How the treatment changes.
    public var treatmentNotes: [TreatmentNote]
    /// Where the item as a whole comes from.
    public var sources: [String]

    public init(
        id: HistoryItemID, name: String, synonyms: [String] = [], condition: ConditionID? = nil,
        productRules: [MedicalHistoryRule] = [], treatmentNotes: [TreatmentNote] = [], sources: [String] = []
    ) {
        self.id = id
        self.name = name
        self.synonyms = synonyms
        self.condition = condition
        self.productRules = productRules
        self.treatmentNotes = treatmentNotes
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, synonyms, condition, productRules, treatmentNotes, sources
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(HistoryItemID.self, forKey: .id),
            name: try c.decode(String.self, forKey: .name),
            synonyms: try c.list(.synonyms),
            condition: try c.decodeIfPresent(ConditionID.self, forKey: .condition),
            productRules: try c.list(.productRules),
            treatmentNotes: try c.list(.treatmentNotes),
            sources: try c.list(.sources)
        )
    }
}

/// How the massage itself changes for a client with a history item: for the therapist, never for reception.
public struct TreatmentNote: Sendable, Hashable, Codable {
    /// A stable id, such as `dvt-clearance`.
    public var id: String
    /// What to do ("Ask for medical clearance before massaging the limbs").
    public var text: String
    /// Where it comes from.
    public var source: String

    public init(id: String, text: String, source: String) {
        self.id = id
        self.text = text
        self.source = source
    }
}

extension MedicalHistoryItem: ReferenceEntry {
    public static var fieldNames: Set<String> { names(CodingKeys.self) }
}
