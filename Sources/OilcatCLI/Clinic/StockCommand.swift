import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue
import StoreInterface

/// `oilcat stock …`.
struct StockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stock",
        abstract: "Stock per location, and reception's check of what on the shelf suits a client.",
        subcommands: [
            StockChangeCommand<Receive>.self, StockChangeCommand<Adjust>.self, StockChangeCommand<SetStock>.self,
            StockListCommand.self, StockCheckCommand.self,
        ]
    )
}

protocol StockChangeKind { static var change: StockChange { get }; static var abstract: String { get } }
enum Receive: StockChangeKind { static let change = StockChange.receive; static let abstract = "Add a delivery to a location's stock." }
enum Adjust: StockChangeKind { static let change = StockChange.adjust; static let abstract = "Add or remove (negative) a quantity: use, breakage, corrections." }
enum SetStock: StockChangeKind { static let change = StockChange.set; static let abstract = "Set the quantity after a stocktake." }

/// `oilcat stock receive|adjust|set --location L --product P --quantity N [--batch LOT] [--expires DATE] [--opened DATE]`.
struct StockChangeCommand<Kind: StockChangeKind>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Kind.change.rawValue, abstract: Kind.abstract)
    }

    @Option(help: "The location, such as treatment-room-1.") var location: String
    @Option(help: "The product as supplier:sku.") var product: String
    @Option(parsing: .unconditional, help: "The quantity (units); negative to take stock out with adjust.") var quantity: Double
    @Option(help: "The batch or lot number.") var batch: String?
    @Option(help: "Expiry date, 2026-11-03.") var expires: String?
    @Option(help: "Date the bottle was opened, 2026-11-03 (oxidation-prone oils age from it).") var opened: String?
    @Option(help: "Low stock at or below this quantity (default 1).") var reorderLevel: Double?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (supplier, sku) = try ClinicLookup.product(product)
        let after = try await global.store().changeStock(
            Kind.change, location: location, supplier: supplier, sku: sku, quantity: quantity, batch: batch,
            expires: try TimeArgument.day(expires, option: "--expires"), opened: try TimeArgument.day(opened, option: "--opened"),
            reorderLevel: reorderLevel, actor: Actor.current
        )
        // As stored: without the spaces and invisible characters the name was typed with.
        let location = StockRules.locationName(location)
        if output.json { return try Output.json(["location": location, "product": product, "quantity": StockRules.number(after)]) }
        let batch = batch.map(TextHygiene.singleLine)
        Output.line("\(location): \(product)\(batch.map { " batch \($0)" } ?? "") now \(StockRules.number(after))")
    }
}

/// `oilcat stock list --location L [--low] [--json]`.
struct StockListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "What a location holds; --low for what to reorder.")

    @Option(help: "The location.") var location: String
    @Flag(help: "Only lots at or below their reorder level.") var low = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let database = try await global.store()
        try await database.requireStockLocation(location)
        let rows = try await database.stockRows(location: location, lowOnly: low)
        if output.json { return try Output.json(rows) }
        guard !rows.isEmpty else { return Output.line(low ? "Nothing is low at \(location)." : "\(location) holds nothing.") }
        var table = TextTable("PRODUCT", "NAME", "BATCH", "QUANTITY", "EXPIRES", "OPENED", "")
        for row in rows {
            table.add(row.product, row.name, row.batch, StockRules.number(row.quantity), row.expires ?? "", row.opened ?? "", row.isLow ? "LOW" : "")
        }
        Output.line(table.render())
    }
}

/// `oilcat stock check --client C --location L [--property P] [--json]`: reception's view, no clinical detail.
struct StockCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "For reception: is what is in stock at a location suitable for a client? No clinical detail.",
        discussion: "Each product on the shelf is suitable, not-suitable or ask-therapist; never reasons, results or conditions."
    )

    @Option(help: "The client id.") var client: Int64
    @Option(help: "The location.") var location: String
    @Option(help: "Only products carrying this property.") var property: [String] = []
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (taxonomy, _, database) = try await global.clinicalCatalogue()
        let profile = try await ClinicLookup.client(client, in: database)
        let properties = try property.map { try CatalogueLookup.property($0, in: taxonomy).id }
        let rows = try await SuitabilityListing.stockCheck(
            taxonomy: taxonomy, client: profile, database: database, location: location, properties: properties
        )
        if output.json { return try Output.json(rows) }
        guard !rows.isEmpty else { return Output.line("\(location) holds nothing\(properties.isEmpty ? "" : " with those properties").") }
        var table = TextTable("PRODUCT", "NAME", "IN STOCK", "FOR THIS CLIENT")
        for row in rows { table.add(row.product, row.name, StockRules.number(row.in_stock), row.verdict.rawValue) }
        Output.line(table.render())
        if !rows.contains(where: { $0.verdict == .suitable }) { Output.line("nothing suitable in stock") }
    }
}
