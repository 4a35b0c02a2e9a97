import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue
import StoreInterface

/// `oilcat safe-oils --client C [--property P …] [--location L] [--include-blocked] [--limit N] [--json]`.
struct SafeOilsCommand: AsyncParsableCommand {
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

    func run() async throws {
        let (taxonomy, fingerprint, database) = try await global.clinicalCatalogue()
        let profile = try await ClinicLookup.client(client, in: database)
        let properties = try property.map { try CatalogueLookup.property($0, in: taxonomy).id }
        if let location { try await database.requireStockLocation(location) }
        var stock: [Int64: LocationStock] = [:]
        if let location { stock = try await database.stock(at: location) }
        let (shown, total) = try await SuitabilityListing.rows(
            taxonomy: taxonomy, fingerprint: fingerprint, client: profile, database: database, properties: properties,
            stock: stock, checksStock: location != nil, includeBlocked: includeBlocked, limit: limit > 0 ? limit : nil
        )
        if output.json { return try Output.json(shown) }
        guard !shown.isEmpty else { return Output.line("No products match.") }
        Output.line("Products for \(profile.name) (client \(profile.id))" + (location.map { ", stock at \($0)" } ?? ""))
        for row in shown {
            let stockText = row.in_stock.map { " · in stock: \(StockRules.number($0))" } ?? ""
            Output.line("\(row.status.uppercased()) \(row.product) \(row.name)\(stockText)")
            if !row.properties.isEmpty { Output.line("    properties: \(row.properties.joined(separator: ", "))") }
            if !row.condition_fit.isEmpty { Output.line("    fits: \(row.condition_fit.joined(separator: "; "))") }
            for reason in row.reasons { Output.line("    \(reason)") }
        }
        if shown.count < total { Output.line("… \(total - shown.count) more (--limit 0 for all)") }
    }
}
