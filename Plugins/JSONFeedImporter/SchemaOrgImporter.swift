public import ImporterAPI
import StrictJSON

/// schema.org `Product` JSON-LD: a `Product`, an `ItemList` of them, a `@graph`, or any array of these — as a
/// JSON document or inside `<script type="application/ld+json">` blocks of an HTML page. Ingredients come from an
/// `additionalProperty` named Ingredients or INCI, else from the description.
///
/// A delta: a page lists some products, never proof that others are gone.
public struct SchemaOrgImporter: FeedImporter {
    public let descriptor = ImporterDescriptor(
        identifier: "schema-org", formats: ["schema-org", "json-ld", "jsonld"],
        summary: "schema.org Product JSON-LD (Product, ItemList, @graph), also inside an HTML page; a delta",
        syntax: .json
    )

    /// The largest page or document read (JSON-LD is not streamed: pages are small).
    static let maxBytes = 32 << 20

    public init() {}

    public func recognises(_ head: FeedHead) -> Bool {
        let text = head.text
        if head.jsonStart != nil { return text.contains("schema.org") && (text.contains("Product") || text.contains("@graph") || text.contains("ItemList")) }
        return text.lowercased().contains("<html") || text.lowercased().contains("application/ld+json")
    }

    public func read(_ source: any FeedByteSource, context: FeedContext, emit: (FeedEvent) throws -> Void) throws {
        try emit(.kind(.delta))
        let bytes = try source.readAll(limit: min(context.maxInputBytes ?? Self.maxBytes, Self.maxBytes))
        var documents: [(JSONValue, Int)] = []
        if FeedHead(bytes: Array(bytes.prefix(4096))).jsonStart != nil {
            var parser = JSONStreamParser(bytes: bytes)
            documents = [(try readingJSON { try parser.parseDocument() }, 1)]
        } else {
            for block in Self.scriptBlocks(in: bytes) {
                var parser = JSONStreamParser(bytes: block.bytes)
                do {
                    documents.append((try parser.parseDocument(), block.line))
                } catch let error as JSONSyntaxError {
                    throw FeedError(
                        code: "malformed-json", message: "in the ld+json block at line \(block.line): \(error.reason)",
                        line: block.line + error.line - 1, column: error.column
                    )
                }
            }
            guard !documents.isEmpty else {
                throw FeedError(code: "no-json-ld", message: "the page has no <script type=\"application/ld+json\"> block")
            }
        }
        var index = 0
        for (document, line) in documents {
            for product in Self.products(in: document) {
                index += 1
                try emit(record(product, position: RecordPosition(line: line, index: index)))
            }
        }
    }

    /// Every Product node, through ItemList, ListItem, @graph and arrays.
    static func products(in value: JSONValue) -> [JSONValue] {
        switch value {
        case .array(let elements):
            return elements.flatMap(products(in:))
        case .object:
            let types = value["@type"]?.list.compactMap(\.text) ?? []
            if types.contains(where: { $0 == "Product" || $0.hasSuffix("/Product") || $0 == "ProductModel" }) { return [value] }
            var found: [JSONValue] = []
            if let graph = value["@graph"] { found += products(in: graph) }
            if let list = value["itemListElement"] { found += products(in: list) }
            if let item = value["item"] { found += products(in: item) }
            return found
        default:
            return []
        }
    }

    private func record(_ product: JSONValue, position: RecordPosition) -> FeedEvent {
        guard let sku = product.string("sku") ?? product.string("productID") ?? product.string("mpn") else {
            return .rejected(RecordDiagnostic(
                position: position, field: "sku", code: "missing-sku",
                reason: "the Product '\(product.string("name") ?? "?")' has no sku, productID or mpn"
            ))
        }
        let offer = product["offers"]?.list.first.map { offer -> JSONValue in
            // An AggregateOffer nests its offers.
            offer["offers"]?.list.first ?? offer
        }
        let description = product.string("description").map(TextCleaning.plainText(fromHTML:))
        var ingredients: String?
        for property in product["additionalProperty"]?.list ?? [] {
            let name = property.string("name")?.lowercased() ?? ""
            if ["ingredients", "inci", "ingredients (inci)"].contains(name) { ingredients = property.string("value") }
        }
        let gtin = ["gtin13", "gtin", "gtin14", "gtin12", "gtin8"].lazy.compactMap { product.string($0) }.first
        return .record(ProductRecord(
            position: position, sku: sku, name: product.string("name"), brand: product["brand"]?.list.first?.nameText,
            description: description, price: offer?.string("price") ?? offer?.string("lowPrice"),
            currency: offer?.string("priceCurrency"), availability: offer?.string("availability"),
            productType: product["category"]?.list.first?.nameText, size: product["size"]?.list.first?.nameText,
            gtin: gtin, url: product.string("url") ?? offer?.string("url"),
            ingredients: ingredients ?? description.flatMap(TextCleaning.ingredientList(in:))
        ))
    }

    /// The bodies of `<script type="application/ld+json">` elements, with the line each starts on.
    static func scriptBlocks(in bytes: [UInt8]) -> [(bytes: [UInt8], line: Int)] {
        let lower = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        var blocks: [(bytes: [UInt8], line: Int)] = []
        var index = 0
        // Lines are counted as the scan moves on, never again from the start of the page.
        var line = 1
        var counted = 0
        let open = Array("<script".utf8)
        let close = Array("</script".utf8)
        while let start = find(open, in: lower, from: index) {
            guard let tagEnd = lower[start...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let tag = String(decoding: lower[start..<tagEnd], as: UTF8.self)
            guard let end = find(close, in: lower, from: tagEnd) else { break }
            if tag.contains("application/ld+json") {
                line += bytes[counted..<(tagEnd + 1)].lazy.filter { $0 == 0x0A }.count
                counted = tagEnd + 1
                blocks.append((Array(bytes[(tagEnd + 1)..<end]), line))
            }
            index = end + close.count
        }
        return blocks
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
