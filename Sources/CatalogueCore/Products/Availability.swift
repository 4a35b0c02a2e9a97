/// Whether a supplier can deliver a product, normalised from the many ways feeds write it.
public enum Availability: String, Sendable, Hashable, Codable, CaseIterable {
    case inStock = "in-stock"
    case outOfStock = "out-of-stock"
    case preorder
    case backorder
    case discontinued

    /// Reads "in stock", "in_stock", "InStock", "https://schema.org/InStock", "true", "available", "yes", …;
    /// `nil` when the text says none of these.
    public init?(feedValue: String) {
        var key = feedValue.lowercased()
        for prefix in ["https://schema.org/", "http://schema.org/", "schema:"] where key.hasPrefix(prefix) {
            key = String(key.dropFirst(prefix.count))
        }
        key = String(key.filter { $0.isLetter || $0.isNumber })
        switch key {
        case "instock", "available", "true", "yes", "1", "limitedavailability", "onlineonly", "instoreonly":
            self = .inStock
        case "outofstock", "soldout", "false", "no", "0", "unavailable", "notavailable":
            self = .outOfStock
        case "preorder", "presale":
            self = .preorder
        case "backorder", "onbackorder":
            self = .backorder
        case "discontinued":
            self = .discontinued
        default:
            return nil
        }
    }
}
