public import CatalogueCore
public import CatalogueStore
public import Foundation

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
    public var patchTests: [PatchTestJSON]
    /// Every medical-history entry, oldest first (superseded ones marked).
    public var medical_history: [MedicalHistoryJSON]
    /// The treatment notes of the current history items, each with its source.
    public var treatment_notes: [TreatmentNoteJSON]
    /// How many products are blocked for the client.
    public var blockedCount: Int
    /// The first `blockedLimit` of them by name, each with its reasons.
    public var blocked: [Blocked]

    /// Builds the report; `blockedLimit` caps the blocked products listed (`nil` for all; the count is always exact).
    public init(
        client: ClientProfile, taxonomy: Taxonomy, fingerprint: String, database: CatalogueDatabase, blockedLimit: Int? = 200,
        snapshot: SuitabilitySnapshot? = nil, now: Date = Date()
    ) throws {
        id = client.id
        name = client.name
        note = try database.clientSummary(client.id)?.note
        conditions = client.conditions.map(\.rawValue)
        allergies = client.allergies.map {
            Allergy(
                id: $0.id, name: $0.enteredName, resolvesTo: taxonomy.name(of: $0.target), kind: $0.target.kind,
                source: $0.source.rawValue, recordedAt: $0.recordedAt
            )
        }
        patchTests = try database.patchTestListings(client: client.id).map { PatchTestJSON($0, now: now) }
        medical_history = try database.historyListings(client: client.id).map { MedicalHistoryJSON($0, taxonomy: taxonomy) }
        treatment_notes = TreatmentNoteJSON.notes(for: client, taxonomy: taxonomy)
        let (rows, total) = try SuitabilityListing.rows(
            taxonomy: taxonomy, fingerprint: fingerprint, client: client, database: database, properties: [], stock: [:],
            checksStock: false, includeBlocked: true, limit: blockedLimit, only: .blocked, snapshot: snapshot
        )
        blockedCount = total
        blocked = rows.map { Blocked(product: $0.product, name: $0.name, reasons: $0.reasons.filter { $0.hasPrefix("blocked:") }) }
    }
}
