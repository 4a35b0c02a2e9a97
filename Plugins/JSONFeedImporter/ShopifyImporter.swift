public import ImporterAPI
import StrictJSON

/// Shopify `products.json`: `{"products": [...]}` or a bare array. Each variant is a product record (its own
/// price and availability), keyed by the variant id — Shopify's stable key; SKUs may be empty or repeated. A SKU
/// is kept as the tag `sku:<SKU>`, and is the record's former key (see ``ProductRecord/formerKeys``), so a
/// catalogue imported when SKUs were the key moves to variant ids keeping its history. Ingredients come from
/// `body_html` after "Ingredients:" or "INCI:". `tags` may be a comma-separated string or an array. Prices carry
/// no currency: give the supplier a `--currency`. A full snapshot; streams product by product.
public struct ShopifyImporter: FeedImporter {
    public let descriptor = ImporterDescriptor(
        identifier: "shopify", formats: ["shopify", "shopify-products"],
        summary: "Shopify products.json ({\"products\":[…]} or a bare array), one record per variant", syntax: .json
    )

    public init() {}

    public func recognises(_ head: FeedHead) -> Bool {
        guard head.jsonStart != nil else { return false }
        let text = head.text
        return text.contains("\"variants\"") && (text.contains("\"body_html\"") || text.contains("\"handle\""))
    }

    public func read(_ source: any FeedByteSource, context: FeedContext, emit: (FeedEvent) throws -> Void) throws {
        try emit(.kind(.fullSnapshot))
        var parser = JSONStreamParser(source: source)
        var index = 0
        func handle(_ product: JSONValue, _ line: Int) throws {
            for event in records(from: product, line: line, index: &index) { try emit(event) }
        }
        try readingJSON {
            let found = try parser.streamDocument(arrayAtAnyOf: [[], ["products"]]) { try handle($0, $1) }
            guard found else {
                throw FeedError(code: "not-shopify", message: "expected {\"products\": [...]} or an array of products")
            }
        }
    }

    /// The records of one product: one per variant.
    private func records(from product: JSONValue, line: Int, index: inout Int) -> [FeedEvent] {
        guard case .object = product else {
            index += 1
            return [.rejected(RecordDiagnostic(position: .init(line: line > 0 ? line : nil, index: index), code: "not-an-object", reason: "a product must be a JSON object"))]
        }
        let title = product.string("title")
        let html = product.string("body_html")
        let description = html.map(TextCleaning.plainText(fromHTML:))
        let ingredients = description.flatMap(TextCleaning.ingredientList(in:))
        var tags: [String] = []
        if let text = product["tags"]?.text {
            tags = text.split(separator: ",").compactMap { TextCleaning.trimmed(String($0)) }
        } else {
            tags = product["tags"]?.list.compactMap { TextCleaning.trimmed($0.text) } ?? []
        }
        let variants = product["variants"]?.list ?? []
        guard !variants.isEmpty else {
            index += 1
            return [.rejected(RecordDiagnostic(
                position: .init(line: line > 0 ? line : nil, index: index), sku: product.string("handle"), field: "variants",
                code: "no-variants", reason: "the product has no variants, so no SKU or price"
            ))]
        }
        return variants.map { variant in
            index += 1
            let position = RecordPosition(line: line > 0 ? line : nil, index: index)
            let sku = variant.string("sku")
            guard let id = variant.string("id") else {
                return .rejected(RecordDiagnostic(
                    position: position, sku: sku, field: "variants.id", code: "missing-variant-id",
                    reason: "a variant of '\(title ?? "?")' has no id, Shopify's key for it; export products.json from the shop as it is"
                ))
            }
            let variantTitle = variant.string("title").flatMap { $0 == "Default Title" ? nil : $0 }
            var availability = variant["available"]?.text
            if availability == nil, let quantity = variant.string("inventory_quantity"), let count = Int(quantity) {
                availability = count > 0 ? "in stock" : "out of stock"
            }
            var record = ProductRecord(
                position: position, sku: id, name: [title, variantTitle].compactMap { $0 }.joined(separator: " – "),
                brand: product.string("vendor"), description: description, price: variant.string("price"),
                currency: variant.string("price_currency") ?? variant.string("currency"), availability: availability,
                productType: product.string("product_type"), size: variantTitle, gtin: variant.string("barcode"),
                url: nil, ingredients: ingredients, tags: tags + (sku.map { ["sku:\($0)"] } ?? [])
            )
            if let sku, sku != id { record.formerKeys = [sku] }
            return .record(record)
        }
    }
}
