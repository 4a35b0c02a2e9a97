import CatalogueCore
import Foundation
import OilCatalogue
import Synchronization
import StoreInterface

/// Clients' lists, computed once per state of the data. A list is reused only while nothing it depends on has
/// changed: every clinic write appends to the audit log, every applied import adds a run, every stock change a
/// movement, and the day turns at midnight UTC (opened stock ages); any of these starts afresh.
final class SuitabilityCache: Sendable {
    struct Key: Hashable {
        var client: Int64
        var properties: [String]
        var location: String?
        var includeBlocked: Bool
        var limit: Int?
        var offset: Int
    }

    struct Listing: Sendable {
        var clientID: Int64
        var clientName: String
        var rows: [SuitabilityRow]
        var total: Int
        /// The API's answer, encoded once: `{"client", "total", "offset", "limit", "products"}`.
        var json: Data
    }

    /// The safe-oils endpoint's body.
    struct Page: Encodable {
        var client: ClinicAPI.ClientName
        var total: Int
        var offset: Int
        var limit: Int?
        var products: [SuitabilityRow]
    }

    private struct State {
        var generation = ""
        var snapshot: (stamp: String, value: SuitabilitySnapshot)?
        var lists: [Key: Listing] = [:]
    }

    private let state = Mutex(State())
    static let capacity = 512

    /// The data's generation: changes whenever a list could.
    static func generation(_ database: any ClinicStore, fingerprint: String) async throws -> String {
        "\(fingerprint)|\(try await database.listGeneration())|\(Int(Date().timeIntervalSince1970 / 86_400))"
    }

    /// The catalogue's suitability snapshot, kept in memory until an import or a taxonomy change makes a new one.
    func snapshot(_ services: ClinicServices) async throws -> SuitabilitySnapshot {
        // Readings another oilcat made with other reference data are not judged with this server's.
        try await ReferenceDataReread.requireCurrent(database: services.database, fingerprint: services.fingerprint)
        let stamp = try await services.database.suitabilitySnapshotStamp(fingerprint: services.fingerprint)
        if let cached = state.withLock({ $0.snapshot?.stamp == stamp ? $0.snapshot?.value : nil }) { return cached }
        let snapshot = try await services.database.suitabilitySnapshot(taxonomy: services.taxonomy, fingerprint: services.fingerprint)
        ServerMetrics.snapshotRebuilt()
        state.withLock { $0.snapshot = (stamp, snapshot) }
        return snapshot
    }

    func listing(
        _ key: Key, services: ClinicServices, client: () async throws -> ClientProfile, properties: [PropertyID]
    ) async throws -> Listing {
        try await ReferenceDataReread.requireCurrent(database: services.database, fingerprint: services.fingerprint)
        let generation = try await Self.generation(services.database, fingerprint: services.fingerprint)
        if let hit = state.withLock({ $0.generation == generation ? $0.lists[key] : nil }) { return hit }
        let snapshot = try await snapshot(services)
        if let location = key.location { try await services.database.requireStockLocation(location) }
        var stock: [Int64: LocationStock] = [:]
        if let location = key.location { stock = try await services.database.stock(at: location) }
        let profile = try await client()
        let (rows, total) = try await SuitabilityListing.rows(
            taxonomy: services.taxonomy, fingerprint: services.fingerprint, client: profile, database: services.database,
            properties: properties, stock: stock, checksStock: key.location != nil, includeBlocked: key.includeBlocked,
            limit: key.limit, offset: key.offset, snapshot: snapshot
        )
        let page = Page(client: .init(id: profile.id, name: profile.name), total: total, offset: key.offset, limit: key.limit, products: rows)
        let listing = Listing(clientID: profile.id, clientName: profile.name, rows: rows, total: total, json: try JSONCoding.encoder.encode(page))
        state.withLock { state in
            if state.generation != generation || state.lists.count >= Self.capacity {
                state.lists.removeAll(keepingCapacity: true)
                state.generation = generation
            }
            state.lists[key] = listing
        }
        return listing
    }
}
