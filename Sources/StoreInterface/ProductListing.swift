public import CatalogueCore
public import Foundation

/// A product in search results.
public struct ProductSummary: Sendable, Codable, Equatable {
    public var supplier: String
    public var sku: String
    public var name: String
    public var brand: String?
    public var price: String?
    public var currency: String?
    public var availability: String?
    public var status: String
    public var properties: [String]
    public var version: Int?
    public var unresolvedIngredients: Int
    public var hasIngredientList: Bool
    /// The list names no ingredient at all ("-", "*", a footnote alone): not known to be safe.
    public var namesNoIngredient = false
    /// Why the product may be out of date (its latest record was rejected); not known to be safe until cleared.
    public var staleReason: String?

    /// "supplier:sku", the product's reference everywhere.
    public var reference: String { "\(supplier):\(sku)" }

    public init(
        supplier: String, sku: String, name: String, brand: String?, price: String?, currency: String?, availability: String?,
        status: String, properties: [String], version: Int?, unresolvedIngredients: Int, hasIngredientList: Bool,
        namesNoIngredient: Bool, staleReason: String?
    ) {
        self.supplier = supplier
        self.sku = sku
        self.name = name
        self.brand = brand
        self.price = price
        self.currency = currency
        self.availability = availability
        self.status = status
        self.properties = properties
        self.version = version
        self.unresolvedIngredients = unresolvedIngredients
        self.hasIngredientList = hasIngredientList
        self.namesNoIngredient = namesNoIngredient
        self.staleReason = staleReason
    }
}

/// What `products search` filters by; every filter is optional.
public struct ProductFilter: Sendable {
    /// Found in the name, brand, SKU or product type, ignoring the case of ASCII letters (others match as written).
    public var text: String?
    public var property: PropertyID?
    public var ingredient: IngredientID?
    public var allergen: AllergenID?
    public var supplier: String?
    public var includeDiscontinued = false
    /// At most this many products; 0 for all.
    public var limit = 50

    public init() {}
}

/// One formulation version of a product.
public struct FormulationVersion: Sendable, Codable, Equatable {
    public var version: Int
    public var ingredientText: String?
    public var resolution: ResolvedFormulation
    public var importRunId: Int64?
    public var createdAt: Date

    public init(version: Int, ingredientText: String?, resolution: ResolvedFormulation, importRunId: Int64?, createdAt: Date) {
        self.version = version
        self.ingredientText = ingredientText
        self.resolution = resolution
        self.importRunId = importRunId
        self.createdAt = createdAt
    }
}

/// Everything `products show` prints.
public struct ProductDetail: Sendable, Codable, Equatable {
    public var supplier: String
    public var sku: String
    public var data: ProductData
    public var status: String
    public var discontinuedAt: Date?
    /// Why the product may be out of date (its latest record was rejected).
    public var staleReason: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// Newest first; the first is the current formulation.
    public var formulations: [FormulationVersion]

    public init(
        supplier: String, sku: String, data: ProductData, status: String, discontinuedAt: Date?, staleReason: String?, createdAt: Date,
        updatedAt: Date, formulations: [FormulationVersion]
    ) {
        self.supplier = supplier
        self.sku = sku
        self.data = data
        self.status = status
        self.discontinuedAt = discontinuedAt
        self.staleReason = staleReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.formulations = formulations
    }
}

/// A product whose latest record in its supplier's feed was rejected: it keeps its last good version, and is not
/// known to be safe until a good record arrives.
public struct StaleProduct: Sendable, Equatable {
    public var supplier: String
    public var sku: String
    public var name: String
    public var reason: String
    public var since: Date

    /// "supplier:sku".
    public var reference: String { "\(supplier):\(sku)" }

    public init(supplier: String, sku: String, name: String, reason: String, since: Date) {
        self.supplier = supplier
        self.sku = sku
        self.name = name
        self.reason = reason
        self.since = since
    }
}

/// A product as the therapist's and reception's lists need it: the engine's facts and what to print.
public struct CatalogueProduct: Sendable {
    public var facts: ProductFacts
    public var properties: [PropertyID]
    public var brand: String?
    public var price: String?
    public var currency: String?
    public var availability: String?

    public init(facts: ProductFacts, properties: [PropertyID], brand: String?, price: String?, currency: String?, availability: String?) {
        self.facts = facts
        self.properties = properties
        self.brand = brand
        self.price = price
        self.currency = currency
        self.availability = availability
    }
}

/// Stock of one product at one location.
public struct LocationStock: Sendable, Equatable {
    public var quantity: Double
    public var openedDates: [Date]
    /// The expiry days of the batches held.
    public var expiryDates: [Date] = []

    public init(quantity: Double, openedDates: [Date], expiryDates: [Date] = []) {
        self.quantity = quantity
        self.openedDates = openedDates
        self.expiryDates = expiryDates
    }

    /// What the engine needs of it.
    public var facts: StockFacts { StockFacts(openedDates: openedDates, expiryDates: expiryDates) }
}
