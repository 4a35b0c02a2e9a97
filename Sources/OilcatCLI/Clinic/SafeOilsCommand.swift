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
        let taxonomy = try global.taxonomy()
        let database = try global.database()
        let profile = try ClinicLookup.client(client, in: database)
        let properties = try property.map { try CatalogueLookup.property($0, in: taxonomy).id }
        let stock = try location.map(database.stock(at:)) ?? [:]
        let (shown, total) = SuitabilityList.rows(
            taxonomy: taxonomy, client: profile, products: try database.catalogueProducts(taxonomy: taxonomy, properties: properties),
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
        return (rows, ordered.count)
    }
}
