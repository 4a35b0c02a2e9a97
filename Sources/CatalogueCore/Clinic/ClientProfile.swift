/// Everything the suitability engine needs to know about a client.
public struct ClientProfile: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var conditions: [ConditionID]
    /// Allergies in force (retracted ones left out).
    public var allergies: [ClientAllergy]
    /// Patch tests in force (refuted or entered-in-error ones left out), with their readings in force.
    public var patchTests: [PatchTest]
    /// Medical-history entries in force (superseded ones left out), current and resolved.
    public var medicalHistory: [MedicalHistoryEntry]
    /// Negative readings of a patch-test report (retracted ones left out): evidence, never an allergy.
    public var testedNegative: [ClientAllergy]
    /// Whether the client's medical history was taken: an intake review is on record, or a history entry in force.
    /// Until it is, nothing is known to be safe for them (pregnancy, epilepsy or a medication may rule a product out).
    public var historyOnRecord: Bool

    public init(
        id: Int64, name: String, conditions: [ConditionID] = [], allergies: [ClientAllergy] = [],
        patchTests: [PatchTest] = [], medicalHistory: [MedicalHistoryEntry] = [], testedNegative: [ClientAllergy] = [],
        historyOnRecord: Bool = false
    ) {
        self.historyOnRecord = historyOnRecord || !medicalHistory.isEmpty
        self.medicalHistory = medicalHistory
        self.testedNegative = testedNegative
        self.id = id
        self.name = name
        self.conditions = conditions
        self.allergies = allergies
        self.patchTests = patchTests
    }
}
