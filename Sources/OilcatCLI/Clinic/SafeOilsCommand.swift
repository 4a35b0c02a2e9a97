import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation

/// `oilcat safe-oils --client C [--property P …] [--location L] [--include-blocked] [--limit N] [--json]`.
struct SafeOilsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safe-oils",
        abstract: "The therapist's list: products for a client, safe first, each with the reason for anything else.",
        discussion: """
            Order: safe, patch-test-required, caution, pending, unknown (blocked only with --include-blocked). Each \
            product shows its properties, how it fits the client's conditions, and stock at --location.

            Example: oilcat safe-oils --client 3 --property hydrating --location treatment-room-1
            """
    )

    @Option(help: "The client id.") var client: Int64
    @Option(help: "Only products carrying this property (repeatable: all must match).") var property: [String] = []
    @Option(help: "Show stock at this location (and check opened stock's shelf life).") var location: String?
    @Flag(help: "Also list blocked products, with their reasons.") var includeBlocked = false
    @Option(help: "At most this many products (0 for all).") var limit = 50
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    struct Row: Encodable {
        var product: String
        var name: String
        var status: String
        var reasons: [String]
        var properties: [String]
        var in_stock: Double?
        var condition_fit: [String]
    }

    func run() throws {
        let (taxonomy, fingerprint) = try global.taxonomyWithFingerprint()
        let database = try global.database()
        let profile = try ClinicLookup.client(client, in: database)
        let properties = try property.map { try CatalogueLookup.property($0, in: taxonomy).id }
        let stock = try location.map(database.stock(at:)) ?? [:]
        let (shown, total) = try SuitabilityList.rows(
            taxonomy: taxonomy, fingerprint: fingerprint, client: profile, database: database, properties: properties,
            stock: stock, checksStock: location != nil, includeBlocked: includeBlocked, limit: limit > 0 ? limit : nil
        )
        if output.json { return try Output.json(shown) }
        guard !shown.isEmpty else { return Output.line("No products match.") }
        Output.line("Products for \(profile.name) (client \(profile.id))" + (location.map { ", stock at \($0)" } ?? ""))
        for row in shown {
            let stockText = row.in_stock.map { " · in stock: \(CatalogueDatabase.number($0))" } ?? ""
            Output.line("\(row.status.uppercased()) \(row.product) \(row.name)\(stockText)")
            if !row.properties.isEmpty { Output.line("    properties: \(row.properties.joined(separator: ", "))") }
            if !row.condition_fit.isEmpty { Output.line("    fits: \(row.condition_fit.joined(separator: "; "))") }
            for reason in row.reasons { Output.line("    \(reason)") }
        }
        if shown.count < total { Output.line("… \(total - shown.count) more (--limit 0 for all)") }
    }
}

/// Shared by `safe-oils` and `stock check`: the status of every product for a client (fast), ordered; full verdicts
/// with reasons only for the rows shown.
enum SuitabilityList {
    /// The whole catalogue through the suitability snapshot: plain-bits statuses for every product; full facts only
    /// for the products the bits cannot decide (tested, unresolved names, stock to age) and for the rows shown.
    static func rows(
        taxonomy: Taxonomy, fingerprint: String, client: ClientProfile, database: CatalogueDatabase,
        properties: [PropertyID], stock: [Int64: LocationStock], checksStock: Bool, includeBlocked: Bool, limit: Int?
    ) throws -> (rows: [SafeOilsCommand.Row], total: Int) {
        guard taxonomy.ingredients.count <= 256, taxonomy.allergens.count <= 256, taxonomy.properties.count <= 256 else {
            return rows(
                taxonomy: taxonomy, client: client, products: try database.catalogueProducts(taxonomy: taxonomy, properties: properties),
                stock: stock, checksStock: checksStock, includeBlocked: includeBlocked, limit: limit
            )
        }
        let snapshot = try database.suitabilitySnapshot(taxonomy: taxonomy, fingerprint: fingerprint)
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: client)
        let required = OrdinalSet(properties.compactMap(taxonomy.ordinal(of:))).inline
        let conditionBits = client.conditions.compactMap(taxonomy.condition).map {
            OrdinalSet($0.preferredProperties.compactMap(taxonomy.ordinal(of:))).inline
        }
        var ranked: [(id: Int64, status: SuitabilityStatus, fit: Int, rank: UInt32)] = []
        ranked.reserveCapacity(snapshot.entries.count)
        var undecided: [Int64: (fit: Int, rank: UInt32)] = [:]
        for entry in snapshot.entries where entry.properties.contains(required) {
            let fit = conditionBits.reduce(0) { $0 + (entry.properties.intersects($1) ? 1 : 0) }
            guard stock[entry.key.productID] == nil, let status = engine.status(of: entry.key) else {
                undecided[entry.key.productID] = (fit, entry.nameRank)
                continue
            }
            if status == .blocked && !includeBlocked { continue }
            ranked.append((entry.key.productID, status, fit, entry.nameRank))
        }
        var loaded: [Int64: CatalogueProduct] = [:]
        if !undecided.isEmpty {
            for product in try database.catalogueProducts(taxonomy: taxonomy, productIDs: Array(undecided.keys)) {
                loaded[product.facts.productID] = product
                let held = stock[product.facts.productID].map { StockFacts(openedDates: $0.openedDates) }
                let status = engine.status(of: product.facts, stock: held)
                if status == .blocked && !includeBlocked { continue }
                let place = undecided[product.facts.productID]!
                ranked.append((product.facts.productID, status, place.fit, place.rank))
            }
        }
        // One integer per product orders by status, then best fit, then name: (status, 255 - fit, rank, index).
        let statusOrder = Dictionary(uniqueKeysWithValues: SuitabilityStatus.allCases.enumerated().map { ($1, UInt64($0)) })
        var order = ranked.indices.map { index -> (UInt64, Int) in
            let entry = ranked[index]
            return (statusOrder[entry.status]! << 40 | UInt64(255 - min(entry.fit, 255)) << 32 | UInt64(entry.rank), index)
        }
        order.sort { $0.0 < $1.0 }
        ranked = order.map { ranked[$0.1] }
        let shown = limit.map { Array(ranked.prefix($0)) } ?? ranked
        let missing = shown.map(\.id).filter { loaded[$0] == nil }
        if !missing.isEmpty {
            for product in try database.catalogueProducts(taxonomy: taxonomy, productIDs: missing) { loaded[product.facts.productID] = product }
        }
        let conditions = client.conditions.compactMap(taxonomy.condition)
        let rows = shown.compactMap { entry -> SafeOilsCommand.Row? in
            guard let product = loaded[entry.id] else { return nil }
            let held = stock[entry.id]
            let verdict = engine.evaluate(product.facts, stock: held.map { StockFacts(openedDates: $0.openedDates) })
            return row(product, verdict: verdict, held: held, checksStock: checksStock, conditions: conditions)
        }
        return (rows, ranked.count)
    }

    static func row(
        _ product: CatalogueProduct, verdict: SuitabilityVerdict, held: LocationStock?, checksStock: Bool,
        conditions: [ConditionProfile]
    ) -> SafeOilsCommand.Row {
        let fit = conditions.compactMap { condition -> String? in
            let matched = condition.preferredProperties.filter(product.properties.contains)
            return matched.isEmpty ? nil : "\(condition.name.lowercased()): \(matched.map(\.rawValue).joined(separator: ", "))"
        }
        return SafeOilsCommand.Row(
            product: product.facts.reference, name: product.facts.name, status: verdict.status.rawValue,
            reasons: verdict.reasons, properties: product.properties.map(\.rawValue),
            in_stock: checksStock ? (held?.quantity ?? 0) : nil, condition_fit: fit
        )
    }

    static func rows(
        taxonomy: Taxonomy, client: ClientProfile, products: [CatalogueProduct], stock: [Int64: LocationStock],
        checksStock: Bool, includeBlocked: Bool = true, limit: Int? = nil
    ) -> (rows: [SafeOilsCommand.Row], total: Int) {
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: client)
        let conditions = client.conditions.compactMap(taxonomy.condition)
        func stockFacts(_ product: CatalogueProduct) -> StockFacts? {
            stock[product.facts.productID].map { StockFacts(openedDates: $0.openedDates) }
        }
        func fitCount(_ product: CatalogueProduct) -> Int {
            conditions.reduce(0) { $0 + ($1.preferredProperties.contains(where: product.properties.contains) ? 1 : 0) }
        }
        var ranked: [(index: Int, status: SuitabilityStatus, fit: Int)] = []
        ranked.reserveCapacity(products.count)
        let keys = products.map(\.facts.key)
        for index in products.indices {
            let held = stock[products[index].facts.productID]
            let status = (held == nil ? engine.status(of: keys[index]) : nil)
                ?? engine.status(of: products[index].facts, stock: stockFacts(products[index]))
            if status == .blocked && !includeBlocked { continue }
            ranked.append((index, status, fitCount(products[index])))
        }
        // Products come ordered by name from the database, so a stable order on (status, fit) keeps names in order.
        let ordered = ranked.enumerated().sorted { lhs, rhs in
            if lhs.element.status != rhs.element.status { return lhs.element.status < rhs.element.status }
            if lhs.element.fit != rhs.element.fit { return lhs.element.fit > rhs.element.fit }
            return lhs.offset < rhs.offset
        }.map(\.element)
        let shown = limit.map { Array(ordered.prefix($0)) } ?? ordered
        let rows = shown.map { entry -> SafeOilsCommand.Row in
            let product = products[entry.index]
            let held = stock[product.facts.productID]
            let verdict = engine.evaluate(product.facts, stock: stockFacts(product))
            return row(product, verdict: verdict, held: held, checksStock: checksStock, conditions: conditions)
        }
        return (rows, ordered.count)
    }
}
