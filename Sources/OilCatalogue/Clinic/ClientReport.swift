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
    public var blocked: [Blocked]

    public init(client: ClientProfile, taxonomy: Taxonomy, database: CatalogueDatabase, now: Date = Date()) throws {
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: client)
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
        blocked = try database.catalogueProducts(taxonomy: taxonomy).compactMap { product -> Blocked? in
            if let status = engine.status(of: product.facts.key), status != .blocked { return nil }
            let verdict = engine.evaluate(product.facts)
            guard verdict.status == .blocked else { return nil }
            return Blocked(product: product.facts.reference, name: product.facts.name, reasons: verdict.reasons.filter { $0.hasPrefix("blocked:") })
        }
    }
}
