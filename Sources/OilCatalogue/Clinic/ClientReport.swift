public import CatalogueCore
public import Foundation
public import StoreInterface

/// Everything about one client a therapist reviews: conditions, allergies, patch tests, and every product blocked
/// for them with the reasons. `oilcat client show --json` and the web app's client page show it.
public struct ClientReport: Encodable, Sendable {
    public struct Allergy: Encodable, Sendable {
        public var id: Int64
        public var name: String
        public var resolvesTo: String
        public var kind: String
        public var source: String
        public var recordedAt: Date
        /// The reading a patch-test report gave (`++`, `-`), if any.
        public var reading: String?
        /// The label names the client avoids for it ("Lanolin", "Lanolin Alcohol", …); empty when no label name
        /// is the same substance (a metal, a rubber accelerator).
        public var avoid: [String]
        /// How many catalogue products it blocks on its own (test allergens only), and the first few by name.
        public var concernsProducts: Int?
        public var concernsExamples: [String]?
        /// The same for a page: "concerns no product of the catalogue", "blocks 2 catalogue products on its own: …".
        public var concerns: String?

        enum CodingKeys: String, CodingKey {
            case id, name, resolvesTo, kind, source, recordedAt, reading, avoid, concernsProducts, concernsExamples
        }
    }

    public struct Blocked: Encodable, Sendable {
        public var product: String
        public var name: String
        public var reasons: [String]
    }

    public var id: Int64
    public var name: String
    public var note: String?
    public var conditions: [String]
    public var allergies: [Allergy]
    /// Negative readings of patch-test reports: tested-negative evidence, never an allergy.
    public var testedNegative: [Allergy]
    public var patchTests: [PatchTestJSON]
    /// Every medical-history entry, oldest first (superseded ones marked).
    public var medical_history: [MedicalHistoryJSON]
    /// The treatment notes of the current history items, each with its source.
    public var treatment_notes: [TreatmentNoteJSON]
    /// Whether the medical history was taken (an intake review or an entry in force); until it is, no product is
    /// safe for the client.
    public var history_on_record: Bool
    /// How many products are blocked for the client.
    public var blockedCount: Int
    /// The first `blockedLimit` of them by name, each with its reasons.
    public var blocked: [Blocked]

    /// Builds the report; `blockedLimit` caps the blocked products listed (`nil` for all; the count is always exact).
    public init(
        client: ClientProfile, taxonomy: Taxonomy, fingerprint: String, database: any ClinicStore, blockedLimit: Int? = 200,
        snapshot: SuitabilitySnapshot? = nil, now: Date = Date()
    ) async throws {
        id = client.id
        name = client.name
        note = try await database.clientSummary(client.id)?.note
        conditions = client.conditions.map(\.rawValue)
        func entry(_ allergy: ClientAllergy) -> Allergy {
            Allergy(
                id: allergy.id, name: allergy.enteredName, resolvesTo: taxonomy.name(of: allergy.target), kind: allergy.target.kind,
                source: allergy.source.rawValue, recordedAt: allergy.recordedAt, reading: allergy.reading?.notation,
                avoid: taxonomy.avoidedLabelNames(for: allergy.target)
            )
        }
        var allergies = client.allergies.map(entry)
        for index in allergies.indices where client.allergies[index].target.kind == "test-allergen" {
            // What this test allergen alone blocks in the catalogue ("concerns no product" for nickel).
            var alone = client
            alone.allergies = [client.allergies[index]]
            alone.patchTests = []
            alone.conditions = []
            alone.medicalHistory = []
            let (rows, total) = try await SuitabilityListing.rows(
                taxonomy: taxonomy, fingerprint: fingerprint, client: alone, database: database, properties: [], stock: [:],
                checksStock: false, includeBlocked: true, limit: 3, only: .blocked, snapshot: snapshot
            )
            allergies[index].concernsProducts = total
            allergies[index].concernsExamples = rows.map(\.name)
            guard taxonomy.knows(client.allergies[index].target) else {
                allergies[index].concerns = "not in the reference data: nothing is known to be safe until the allergy is corrected"
                continue
            }
            allergies[index].concerns = total == 0
                ? "concerns no product of the catalogue"
                : "blocks \(total) catalogue product\(total == 1 ? "" : "s") on its own: "
                    + rows.map(\.name).joined(separator: ", ") + (total > rows.count ? ", …" : "")
        }
        self.allergies = allergies
        testedNegative = client.testedNegative.map(entry)
        patchTests = try await database.patchTestListings(client: client.id).map { PatchTestJSON($0, now: now) }
        medical_history = try await database.historyListings(client: client.id).map { MedicalHistoryJSON($0, taxonomy: taxonomy) }
        treatment_notes = TreatmentNoteJSON.notes(for: client, taxonomy: taxonomy)
        history_on_record = client.historyOnRecord
        let (rows, total) = try await SuitabilityListing.rows(
            taxonomy: taxonomy, fingerprint: fingerprint, client: client, database: database, properties: [], stock: [:],
            checksStock: false, includeBlocked: true, limit: blockedLimit, only: .blocked, snapshot: snapshot
        )
        blockedCount = total
        blocked = rows.map { Blocked(product: $0.product, name: $0.name, reasons: $0.reasons.filter { $0.hasPrefix("blocked:") }) }
    }
}
