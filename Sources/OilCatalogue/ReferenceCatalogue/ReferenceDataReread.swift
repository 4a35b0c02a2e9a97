public import CatalogueCore
public import CatalogueStore
public import Foundation

/// After the reference data changes (a new release, an edited Catalogue folder), every current formulation read
/// again against it: what the data has learnt — a name, an allergen a label now declares — reaches the products
/// already in the catalogue without waiting for each supplier's next import (which does the same for its products).
public enum ReferenceDataReread {
    /// What reading the catalogue again did.
    public struct Outcome: Sendable, Codable, Equatable {
        public var dryRun: Bool
        /// Current formulations of active products read.
        public var read: Int
        /// Those that now read differently (their stored reading replaced, unless a dry run).
        public var changed: Int
        /// Up to ``listLimit`` of them, "supplier:sku".
        public var products: [String]
        /// Clients whose verdict on one of them changed (up to ``listLimit``).
        public var changes: [LabelQueue.Change]
    }

    /// How many products and verdict changes an outcome lists; the counts are exact.
    public static let listLimit = 1_000

    /// Reads the whole catalogue again when the reference data changed since it was last read (the stored
    /// fingerprint differs from `fingerprint`; a database never read with any is read once); `nil` when it had
    /// not, or when another process read it meanwhile. Imports, the web app and the clinical commands call it before
    /// they answer, so no verdict comes from a reading older than the reference data it is judged with.
    public static func ensureCurrent(
        database: CatalogueDatabase, taxonomy: Taxonomy, fingerprint: String, actor: String, now: Date = Date()
    ) throws -> Outcome? {
        guard try database.catalogueReadWith() != fingerprint else { return nil }
        return try run(
            database: database, taxonomy: taxonomy, supplier: nil, dryRun: false, readWith: fingerprint, unlessCurrent: true,
            actor: actor, now: now
        )
    }

    /// Reads the current formulations of the active products (of `supplier`, or all) again with `taxonomy` and the
    /// clinic's label aliases, replaces the readings that changed, and lists the clients whose verdicts changed (in
    /// either direction: a reading that lost a name says so too). With `readWith` (every supplier), the fingerprint
    /// is stored with the catalogue; with `unlessCurrent` too, nothing is read (`nil`) when it already was.
    public static func run(
        database: CatalogueDatabase, taxonomy: Taxonomy, supplier: String?, dryRun: Bool, readWith: String?,
        unlessCurrent: Bool = false, actor: String, now: Date = Date()
    ) throws -> Outcome? {
        let resolver = IngredientResolver(taxonomy: taxonomy, aliases: try database.resolverAliases())
        let engines = try database.allClientProfiles().map { SuitabilityEngine(taxonomy: taxonomy, client: $0, now: now) }
        var memo = NameMemo()
        var products: [String] = []
        var changes: [LabelQueue.Change] = []
        let counts = try database.rereadCurrentFormulations(
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
            for engine in engines where changes.count < listLimit {
                let previous = engine.evaluate(before).status
                let verdict = engine.evaluate(after)
                guard previous != verdict.status else { continue }
                changes.append(LabelQueue.Change(
                    client: engine.client.id, clientName: engine.client.name, product: current.reference,
                    previousStatus: previous.rawValue, status: verdict.status.rawValue,
                    reasons: verdict.reasons.filter { $0.hasPrefix(verdict.status.rawValue) }
                ))
            }
            return fresh
        }
        guard let counts else { return nil }
        return Outcome(dryRun: dryRun, read: counts.read, changed: counts.changed, products: products, changes: changes)
    }
}
