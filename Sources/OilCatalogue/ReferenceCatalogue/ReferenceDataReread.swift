public import CatalogueCore
public import Foundation
public import StoreInterface

/// After the reference data changes (a new release, an edited Catalogue folder), every current formulation read
/// again against it: what the data has learnt — a name, an allergen a label now declares — reaches the products
/// already in the catalogue without waiting for each supplier's next import (which does the same for its products).
public enum ReferenceDataReread {
    /// What reading the catalogue again did.
    public struct Outcome: Sendable, Codable, Equatable {
        public var dryRun: Bool
        /// Current formulations read (of active and discontinued products).
        public var read: Int
        /// Those that now read differently (their stored reading replaced, unless a dry run).
        public var changed: Int
        /// Up to ``listLimit`` of them, "supplier:sku".
        public var products: [String]
        /// How many client–product verdicts changed with the readings, in either direction.
        public var changedVerdicts: Int
        /// Up to ``listLimit`` of them, those that became blocked or caution first.
        public var changes: [LabelQueue.Change]

        /// The changes in a few lines, for a log or standard error: counts, then up to `limit` verdict changes.
        public func summary(limit: Int = 20) -> [String] {
            var lines = [
                "the reference data changed since the catalogue was last read: \(read) product(s) read again, "
                    + "\(changed) now read differently, \(changedVerdicts) client verdict(s) changed"
            ]
            for change in changes.prefix(limit) {
                lines.append(
                    "  \(change.clientName) (client \(change.client)): \(change.product) \(change.previousStatus) → \(change.status)"
                )
            }
            if changedVerdicts > limit { lines.append("  … and \(changedVerdicts - min(limit, changes.count)) more") }
            return lines
        }
    }

    /// How many products and verdict changes an outcome lists; the counts are exact.
    public static let listLimit = 1_000

    /// Refuses data the catalogue was read with before and has moved on from: an old copy of the Catalogue folder
    /// or an old binary (a forgotten cron job) must not read the catalogue back to older data.
    public static func refuseOlder(database: any ClinicStore, fingerprint: String) async throws {
        guard let stored = try await database.catalogueReadWith(), stored != fingerprint,
            let since = try await database.catalogueFirstRead(with: fingerprint)
        else { return }
        throw ReferenceDataChanged(superseded: since)
    }

    /// Refuses to go on when the catalogue was last read with other reference data than `fingerprint`: a process
    /// that started with older data (a running server) must not judge or resolve with it, nor read the catalogue
    /// back to it.
    public static func requireCurrent(database: any ClinicStore, fingerprint: String) async throws {
        guard let stored = try await database.catalogueReadWith(), stored != fingerprint else { return }
        throw ReferenceDataChanged()
    }

    /// Reads the whole catalogue again when the reference data changed since it was last read (the stored
    /// fingerprint differs from `fingerprint`; a database never read with any is read once); `nil` when it had
    /// not, or when another process read it meanwhile. Imports, the web app and the clinical commands call it before
    /// they answer, so no verdict comes from a reading older than the reference data it is judged with.
    /// - Throws: ``ReferenceDataChanged`` when `fingerprint` is data the catalogue was read with before and has moved
    ///   on from: it is never read back to older data.
    public static func ensureCurrent(
        database: any ClinicStore, taxonomy: Taxonomy, fingerprint: String, actor: String, now: Date = Date()
    ) async throws -> Outcome? {
        guard try await database.catalogueReadWith() != fingerprint else { return nil }
        try await refuseOlder(database: database, fingerprint: fingerprint)
        let outcome = try await run(
            database: database, taxonomy: taxonomy, supplier: nil, dryRun: false, readWith: fingerprint, unlessCurrent: true,
            actor: actor, now: now
        )
        // A catalogue with no product yet (a new database) has nothing to say.
        return outcome?.read == 0 ? nil : outcome
    }

    /// Reads the current formulations of the products, active or discontinued (of `supplier`, or all), again with `taxonomy` and the
    /// clinic's label aliases, replaces the readings that changed, and lists the clients whose verdicts changed (in
    /// either direction: a reading that lost a name says so too). With `readWith` (every supplier), the fingerprint
    /// is stored with the catalogue; with `unlessCurrent` too, nothing is read (`nil`) when it already was.
    public static func run(
        database: any ClinicStore, taxonomy: Taxonomy, supplier: String?, dryRun: Bool, readWith: String?,
        unlessCurrent: Bool = false, actor: String, now: Date = Date()
    ) async throws -> Outcome? {
        let resolver = IngredientResolver(taxonomy: taxonomy, aliases: try await database.resolverAliases())
        let engines = try await database.allClientProfiles().map { SuitabilityEngine(taxonomy: taxonomy, client: $0, now: now) }
        var memo = NameMemo()
        var products: [String] = []
        var changes: [LabelQueue.Change] = []
        var safer: [LabelQueue.Change] = []
        var changedVerdicts = 0
        let counts = try await database.rereadCurrentFormulations(
            supplier: supplier, dryRun: dryRun, readWith: readWith, unlessCurrent: unlessCurrent, actor: actor, at: now
        ) { current in
            let resolution = resolver.resolveFormulation(list: current.ingredientText ?? "", memo: &memo)
            let fresh = StoredResolution(resolution, taxonomy: taxonomy)
            guard fresh != current.stored else { return fresh }
            if products.count < listLimit { products.append(current.reference) }
            func facts(_ resolution: ResolvedFormulation) -> ProductFacts {
                ProductFacts(
                    productID: current.productID, reference: current.reference, name: current.name,
                    formulationID: current.formulationID, version: current.version, resolution: resolution,
                    hasIngredientList: current.ingredientText != nil, taxonomy: taxonomy
                )
            }
            let (before, after) = (facts(current.resolution), facts(resolution))
            for engine in engines {
                let previous = engine.evaluate(before)
                let verdict = engine.evaluate(after)
                guard previous.status != verdict.status else { continue }
                changedVerdicts += 1
                // A verdict that became safer says what it was blocked or cautioned for before.
                let stricter = verdict.status > previous.status
                let shown = stricter ? verdict : previous
                let change = LabelQueue.Change(
                    client: engine.client.id, clientName: engine.client.name, product: current.reference,
                    previousStatus: previous.status.rawValue, status: verdict.status.rawValue,
                    reasons: shown.reasons.filter { $0.hasPrefix(shown.status.rawValue) }
                )
                if stricter {
                    if changes.count < listLimit { changes.append(change) }
                } else if safer.count < listLimit {
                    safer.append(change)
                }
            }
            return fresh
        }
        guard let counts else { return nil }
        return Outcome(
            dryRun: dryRun, read: counts.read, changed: counts.changed, products: products, changedVerdicts: changedVerdicts,
            changes: Array((changes + safer).prefix(listLimit))
        )
    }
}

/// A process whose reference data is not the data the catalogue was last read with, and may not read it again: a
/// server that started with other data, or data the catalogue has already moved on from.
public struct ReferenceDataChanged: CodedError, Equatable {
    /// For data the catalogue moved on from: when the catalogue was first read with it.
    public var superseded: Date?

    public init(superseded: Date? = nil) { self.superseded = superseded }

    public var code: String { "REFERENCE-DATA-CHANGED" }
    public var message: String {
        if superseded != nil {
            return "this oilcat's reference data is older than the data the catalogue was last read with (it was "
                + "replaced since); nothing was changed. Use the current Catalogue folder and release; to go back to "
                + "this data on purpose, run 'oilcat catalogue reread --dry-run', then 'oilcat catalogue reread', with it"
        }
        return "the catalogue was last read with other reference data than this process started with (another oilcat "
            + "with another Catalogue folder, or a new release); restart oilcat serve, or run with the same --catalogue"
    }
}
