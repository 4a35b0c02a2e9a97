/// Where a record sits in its feed: a source line (XML, NDJSON) and/or a 1-based record index.
public struct RecordPosition: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 1-based line the record starts on, when the syntax has lines.
    public var line: Int?
    /// The 1-based index of the record in the feed.
    public var index: Int

    public init(line: Int? = nil, index: Int) {
        self.line = line
        self.index = index
    }

    public var description: String {
        if let line { return "line \(line) (record \(index))" }
        return "record \(index)"
    }
}

/// What a record asks the catalogue to do.
public enum RecordAction: String, Sendable, Hashable, Codable {
    /// Add the product or replace its data (full snapshots and `mode="update"` deltas).
    case upsert
    /// Discontinue the product (`mode="delete"` deltas).
    case delete
    /// Change only the price (BMEcat `T_UPDATE_PRICES`).
    case updatePrice = "update-price"
}

/// A product as a plugin read it: raw strings until the import pipeline validates them.
///
/// Plugins keep values as the feed wrote them, trimmed (a code such as "603E709" must not become a number); the
/// pipeline validates prices as decimals, currencies as ISO 4217 codes and identifiers, and rejects with the field,
/// raw value and reason.
public struct ProductRecord: Sendable, Hashable, Codable {
    /// Where the record is in the feed.
    public var position: RecordPosition
    /// What to do with it.
    public var action: RecordAction
    /// The supplier's product code; with the supplier, the product's identity (case-sensitive).
    public var sku: String
    public var name: String?
    public var brand: String?
    /// Plain text (plugins strip HTML).
    public var description: String?
    /// The price amount as written, such as "12.50" (a currency suffix is split off by the plugin).
    public var price: String?
    /// ISO 4217 code, such as "GBP".
    public var currency: String?
    /// Availability as written ("in stock", "in_stock", "https://schema.org/InStock", "true").
    public var availability: String?
    public var productType: String?
    public var size: String?
    public var gtin: String?
    public var url: String?
    /// The ingredient list as the supplier wrote it, for the resolver.
    public var ingredients: String?
    /// Supplier tags or keywords.
    public var tags: [String]
    /// Keys the same product had in earlier feeds (Shopify: the variant's SKU, before variant ids became the key).
    /// A record whose ``sku`` is new takes over the product stored under one of these, keeping its history, when no
    /// other record of the run has claimed it.
    public var formerKeys: [String]?

    public init(
        position: RecordPosition, action: RecordAction = .upsert, sku: String, name: String? = nil,
        brand: String? = nil, description: String? = nil, price: String? = nil, currency: String? = nil,
        availability: String? = nil, productType: String? = nil, size: String? = nil, gtin: String? = nil,
        url: String? = nil, ingredients: String? = nil, tags: [String] = []
    ) {
        self.position = position
        self.action = action
        self.sku = sku
        self.name = name
        self.brand = brand
        self.description = description
        self.price = price
        self.currency = currency
        self.availability = availability
        self.productType = productType
        self.size = size
        self.gtin = gtin
        self.url = url
        self.ingredients = ingredients
        self.tags = tags
    }
}
