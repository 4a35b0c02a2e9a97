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
        // The values feeds use most, as they come.
        switch feedValue {
        case "in stock", "in_stock", "InStock":
            self = .inStock
            return
        case "out of stock", "out_of_stock", "OutOfStock":
            self = .outOfStock
            return
        default:
            break
        }
        var bytes = Array(feedValue.utf8)
        for prefix in ["https://schema.org/", "http://schema.org/", "schema:"] {
            let prefixBytes = Array(prefix.utf8)
            if bytes.count >= prefixBytes.count,
                zip(bytes, prefixBytes).allSatisfy({ ($0 | 0x20) == ($1 | 0x20) || $0 == $1 })
            {
                bytes.removeFirst(prefixBytes.count)
                break
            }
        }
        // Letters and digits only, lower-cased: "In_Stock", "in stock" and "InStock" meet as "instock".
        let key = String(decoding: bytes.compactMap { byte -> UInt8? in
            switch byte {
            case 0x41...0x5A: byte + 0x20
            case 0x61...0x7A, 0x30...0x39: byte
            default: nil
            }
        }, as: UTF8.self)
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
