/// A product's descriptive fields after validation: what the catalogue stores for one supplier SKU.
public struct ProductData: Sendable, Hashable, Codable {
    public var name: String
    public var brand: String?
    public var description: String?
    /// The price as a canonical decimal string ("12.5" for 12.50): money is never a floating-point number.
    public var price: String?
    public var currency: String?
    public var availability: Availability?
    public var productType: String?
    public var size: String?
    public var gtin: String?
    public var url: String?
    public var tags: [String]

    public init(
        name: String, brand: String? = nil, description: String? = nil, price: String? = nil,
        currency: String? = nil, availability: Availability? = nil, productType: String? = nil,
        size: String? = nil, gtin: String? = nil, url: String? = nil, tags: [String] = []
    ) {
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
        self.tags = tags
    }

    /// The names of the fields whose values differ from `other`, for change reports.
    public func changedFields(from other: ProductData) -> [String] {
        var fields: [String] = []
        if name != other.name { fields.append("name") }
        if brand != other.brand { fields.append("brand") }
        if description != other.description { fields.append("description") }
        if price != other.price { fields.append("price") }
        if currency != other.currency { fields.append("currency") }
        if availability != other.availability { fields.append("availability") }
        if productType != other.productType { fields.append("productType") }
        if size != other.size { fields.append("size") }
        if gtin != other.gtin { fields.append("gtin") }
        if url != other.url { fields.append("url") }
        if tags != other.tags { fields.append("tags") }
        return fields
    }

    /// Every field in a fixed order with a separator no field contains, for hashing.
    public var canonicalText: String {
        var text = ""
        forEachCanonicalPiece { text += $0 }
        return text
    }

    /// ``canonicalText`` piece by piece, in order, so a hash can take it without the text being built.
    public func forEachCanonicalPiece(_ body: (String) -> Void) {
        func field(_ value: String?) {
            body(value ?? "")
            body("\u{1E}")
        }
        field(name)
        field(brand)
        field(description)
        field(price)
        field(currency)
        field(availability?.rawValue)
        field(productType)
        field(size)
        field(gtin)
        field(url)
        for (index, tag) in tags.enumerated() {
            if index > 0 { body("\u{1F}") }
            body(tag)
        }
    }
}
