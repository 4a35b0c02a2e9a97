import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation
import StoreInterface

/// `oilcat products …`.
struct ProductsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "products",
        abstract: "Search the imported products and show one with its formulation history.",
        subcommands: [SearchProductsCommand.self, ShowProductCommand.self]
    )
}

/// `oilcat products search [TEXT] [--property P] [--ingredient I] [--supplier S] [--json]`.
struct SearchProductsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find products by text, property, ingredient or supplier.",
        discussion: """
            Examples:
              oilcat products search jojoba
              oilcat products search --property anti-inflammatory --ingredient lavender
              oilcat products search --ingredient linalool --supplier naturalis --json
            """
    )

    @Argument(help: "Text to find in the name, brand, SKU or product type.")
    var text: String?

    @Option(help: "Only products carrying this property (from their resolved ingredients).")
    var property: String?

    @Option(help: "Only products containing this ingredient or EU allergen (any name a label may use).")
    var ingredient: String?

    @Option(help: "Only this supplier's products.")
    var supplier: String?

    @Flag(help: "Include discontinued products.")
    var includeDiscontinued = false

    @Option(help: "At most this many results (0 for all).")
    var limit = 50

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or more") }
    }

    func run() async throws {
        let (taxonomy, _, database) = try await global.clinicalCatalogue()
        var filter = ProductFilter()
        filter.text = text
        filter.supplier = supplier
        filter.includeDiscontinued = includeDiscontinued
        filter.limit = limit
        if let property { filter.property = try CatalogueLookup.property(property, in: taxonomy).id }
        if let ingredient {
            // A name the resolver reads as an EU allergen on a label ("Linalool") is searched as that allergen, as
            // labels printing it resolve to it; otherwise as an ingredient.
            if case .allergen(let id)? = IngredientResolver(taxonomy: taxonomy).resolve(name: ingredient)?.matches.first {
                filter.allergen = id
            } else if let found = taxonomy.ingredient(named: ingredient) {
                filter.ingredient = found.id
            } else {
                filter.ingredient = try CatalogueLookup.ingredient(ingredient, in: taxonomy).id
            }
        }
        let products = try await database.searchProducts(filter)
        if output.json { return try Output.json(products.map(ProductSummaryJSON.init)) }
        guard !products.isEmpty else { return Output.line("No products match.") }
        var table = TextTable("PRODUCT", "NAME", "PRICE", "AVAILABILITY", "PROPERTIES", "INGREDIENTS")
        for product in products {
            let price = product.price.map { "\($0) \(product.currency ?? "")" } ?? ""
            let ingredients = product.staleReason != nil ? "STALE (not known to be safe)"
                : !product.hasIngredientList ? "no list" : product.namesNoIngredient ? "names no ingredient"
                : product.unresolvedIngredients > 0 ? "\(product.unresolvedIngredients) unresolved" : "resolved"
            table.add(product.reference, product.name, price, product.availability ?? "", product.properties.joined(separator: ", "), ingredients)
        }
        Output.line(table.render())
        Output.line("\(products.count) product\(products.count == 1 ? "" : "s")\(limit > 0 && products.count == limit ? " (limit reached; --limit 0 for all)" : "")")
    }
}

struct ProductSummaryJSON: Encodable {
    var product: String
    var supplier: String
    var sku: String
    var name: String
    var brand: String?
    var price: String?
    var currency: String?
    var availability: String?
    var status: String
    var properties: [String]
    var formulationVersion: Int?
    var hasIngredientList: Bool
    var namesNoIngredient: Bool
    var unresolvedIngredients: Int
    var staleReason: String?

    init(_ summary: ProductSummary) {
        product = summary.reference
        supplier = summary.supplier
        sku = summary.sku
        name = summary.name
        brand = summary.brand
        price = summary.price
        currency = summary.currency
        availability = summary.availability
        status = summary.status
        properties = summary.properties
        formulationVersion = summary.version
        hasIngredientList = summary.hasIngredientList
        namesNoIngredient = summary.namesNoIngredient
        unresolvedIngredients = summary.unresolvedIngredients
        staleReason = summary.staleReason
    }
}

/// `oilcat products show <supplier:sku> [--json]`.
struct ShowProductCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a product: current formulation, resolved and unresolved ingredients, properties, history."
    )

    @Argument(help: ArgumentHelp("The product as supplier:sku.", valueName: "supplier:sku"))
    var product: String

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (supplier, sku) = try ProductReference.parse(product)
        let (taxonomy, _, database) = try await global.clinicalCatalogue()
        guard let detail = try await database.productDetail(supplier: supplier, sku: sku) else {
            throw UsageFailure(code: "CLI-UNKNOWN-PRODUCT", message: "no product \(product); find it with 'oilcat products search'")
        }
        if output.json { return try Output.json(ProductDetailJSON(detail, taxonomy: taxonomy)) }
        let data = detail.data
        var lines = ["\(data.name) (\(detail.supplier):\(detail.sku))\(detail.status == "active" ? "" : " — \(detail.status.uppercased())")"]
        func field(_ label: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            lines.append("  " + (label + ":").padding(toLength: 15, withPad: " ", startingAt: 0) + value)
        }
        if let stale = detail.staleReason {
            lines.append("  STALE: \(TextHygiene.singleLine(stale)); not known to be safe until a good record arrives")
        }
        field("Brand", data.brand)
        field("Price", data.price.map { "\($0) \(data.currency ?? "")" })
        field("Availability", data.availability?.rawValue)
        field("Type", data.productType)
        field("Size", data.size)
        field("GTIN", data.gtin)
        field("URL", data.url)
        if let current = detail.formulations.first {
            lines.append("  Formulation v\(current.version) (\(DateText.short(current.createdAt))\(current.importRunId.map { ", import #\($0)" } ?? "")):")
            guard let text = current.ingredientText else {
                lines.append("    no ingredient list in the feed: this product is not known to be safe")
                return Output.line(lines.joined(separator: "\n"))
            }
            lines.append("    \(text)")
            for entry in current.resolution.entries {
                let target = entry.kind == .unresolved ? "UNRESOLVED" : entry.targets.map { Self.name(of: $0, taxonomy) }.joined(separator: ", ")
                lines.append("    - \(entry.name) → \(target)\(entry.mayContain ? " (may contain)" : "")")
            }
            if !current.resolution.unresolved.isEmpty {
                lines.append("    unresolved: \(current.resolution.unresolved.joined(separator: "; ")) — not known to be safe")
            } else if current.resolution.entries.isEmpty {
                lines.append("    the list names no ingredient: this product is not known to be safe")
            }
            let properties = current.resolution.properties(in: taxonomy)
            if !properties.isEmpty {
                lines.append("  Properties:")
                for source in properties {
                    lines.append("    \(source.property) (from \(taxonomy.ingredient(source.ingredient)?.name ?? source.ingredient.rawValue))")
                }
            }
        }
        if detail.formulations.count > 1 {
            lines.append("  History:")
            for version in detail.formulations {
                lines.append("    v\(version.version) \(DateText.short(version.createdAt))\(version.importRunId.map { " import #\($0)" } ?? ""): \(version.ingredientText ?? "(no list)")")
            }
        }
        Output.line(lines.joined(separator: "\n"))
    }

    private static func name(of id: String, _ taxonomy: Taxonomy) -> String {
        taxonomy.ingredient(IngredientID(id))?.name ?? taxonomy.allergen(AllergenID(id))?.name ?? id
    }
}

extension ProductReference {
    /// "supplier:sku", or a usage error.
    static func parse(_ text: String) throws -> (supplier: String, sku: String) {
        guard let parts = split(text) else {
            throw UsageFailure(code: "CLI-PRODUCT-REFERENCE", message: "'\(text)' is not a product reference; write supplier:sku")
        }
        return parts
    }
}

/// `oilcat products show --json`.
struct ProductDetailJSON: Encodable {
    struct Entry: Encodable {
        var name: String
        var kind: String
        var targets: [String]
        var matchedBy: String?
        var percent: Double?
        var mayContain: Bool
    }
    struct Resolution: Encodable {
        var entries: [Entry]
        var ingredientIDs: [String]
        var allergenIDs: [String]
        var unresolved: [String]
        var properties: [ResolvedFormulation.PropertySource]
    }
    struct Version: Encodable {
        var version: Int
        var ingredientText: String?
        var importRunId: Int64?
        var createdAt: Date
        var resolution: Resolution
    }

    var product: String
    var supplier: String
    var sku: String
    var status: String
    var discontinuedAt: Date?
    /// Why the product may be out of date: not known to be safe until a good record arrives.
    var staleReason: String?
    var data: ProductData
    var formulations: [Version]

    init(_ detail: ProductDetail, taxonomy: Taxonomy) {
        product = "\(detail.supplier):\(detail.sku)"
        supplier = detail.supplier
        sku = detail.sku
        status = detail.status
        discontinuedAt = detail.discontinuedAt
        staleReason = detail.staleReason
        data = detail.data
        formulations = detail.formulations.map { version in
            let resolution = version.resolution
            return Version(
                version: version.version, ingredientText: version.ingredientText, importRunId: version.importRunId,
                createdAt: version.createdAt,
                resolution: Resolution(
                    entries: resolution.entries.map {
                        Entry(name: $0.name, kind: $0.kind.word, targets: $0.targets, matchedBy: $0.source?.rawValue, percent: $0.percent, mayContain: $0.mayContain)
                    },
                    ingredientIDs: resolution.ingredientIDs.map(\.rawValue), allergenIDs: resolution.allergenIDs.map(\.rawValue),
                    unresolved: resolution.unresolved, properties: resolution.properties(in: taxonomy)
                )
            )
        }
    }
}
