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
        let rows = SuitabilityList.rows(
            taxonomy: taxonomy, client: profile, products: try database.catalogueProducts(taxonomy: taxonomy, properties: properties),
            stock: stock, checksStock: location != nil
        ).filter { includeBlocked || $0.status != SuitabilityStatus.blocked.rawValue }
        let shown = limit > 0 ? Array(rows.prefix(limit)) : rows
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
        if shown.count < rows.count { Output.line("… \(rows.count - shown.count) more (--limit 0 for all)") }
    }
}

/// Shared by `safe-oils` and `stock check`: evaluates products for a client and orders them.
enum SuitabilityList {
    static func rows(
        taxonomy: Taxonomy, client: ClientProfile, products: [CatalogueProduct], stock: [Int64: LocationStock], checksStock: Bool
    ) -> [SafeOilsCommand.Row] {
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: client)
        let conditions = client.conditions.compactMap(taxonomy.condition)
        var evaluated: [(SafeOilsCommand.Row, SuitabilityStatus)] = []
        evaluated.reserveCapacity(products.count)
        for product in products {
            let held = stock[product.facts.productID]
            let verdict = engine.evaluate(product.facts, stock: held.map { StockFacts(openedDates: $0.openedDates) })
            let fit = conditions.compactMap { condition -> String? in
                let matched = condition.preferredProperties.filter(product.properties.contains)
                return matched.isEmpty ? nil : "\(condition.name.lowercased()): \(matched.map(\.rawValue).joined(separator: ", "))"
            }
            evaluated.append((
                SafeOilsCommand.Row(
                    product: product.facts.reference, name: product.facts.name, status: verdict.status.rawValue,
                    reasons: verdict.reasons, properties: product.properties.map(\.rawValue),
                    in_stock: checksStock ? (held?.quantity ?? 0) : nil, condition_fit: fit
                ),
                verdict.status
            ))
        }
        return evaluated.sorted { lhs, rhs in
            if lhs.1 != rhs.1 { return lhs.1 < rhs.1 }
            if lhs.0.condition_fit.count != rhs.0.condition_fit.count { return lhs.0.condition_fit.count > rhs.0.condition_fit.count }
            return lhs.0.name.localizedCaseInsensitiveCompare(rhs.0.name) == .orderedAscending
        }.map(\.0)
    }
}
