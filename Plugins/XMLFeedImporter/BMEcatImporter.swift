public import ImporterAPI
import XMLStream

/// BMEcat 1.2 (`ARTICLE`) and 2005 (`PRODUCT`) catalogues. Elements are matched by local name, never by namespace
/// URI (real files use non-standard ones); the DOCTYPE's DTD is never loaded.
///
/// `T_NEW_CATALOG` is a full snapshot; `T_UPDATE_PRODUCTS` and `T_UPDATE_PRICES` are deltas whose articles carry
/// `mode="new"|"update"|"delete"`. Ingredients come from a `FEATURE` whose `FNAME` is INCI, Ingredients or
/// Inhaltsstoffe.
public struct BMEcatImporter: FeedImporter {
    public let descriptor = ImporterDescriptor(
        identifier: "bmecat", formats: ["bmecat", "bmecat-1.2", "bmecat-2005"],
        summary: "BMEcat 1.2 or 2005 catalogue (T_NEW_CATALOG snapshot, T_UPDATE_PRODUCTS / T_UPDATE_PRICES deltas)",
        syntax: .xml
    )

    public init() {}

    static let ingredientFeatures: Set<String> = ["inci", "ingredients", "inhaltsstoffe", "ingredients (inci)", "zutaten"]
    static let sizeFeatures: Set<String> = ["size", "volume", "inhalt", "füllmenge", "fuellmenge", "content", "net content"]

    public func recognises(_ head: FeedHead) -> Bool { head.xmlRootElement == "BMECAT" }

    public func read(_ source: any FeedByteSource, context: FeedContext, emit: (FeedEvent) throws -> Void) throws {
        let (reader, adapter) = try XMLStreamReader.open(source, context: context)
        var index = 0
        var transaction: String?
        var defaultCurrency: String?
        var sawRoot = false
        try readingXML(adapter) {
            while try reader.read() {
                guard reader.kind == .element else { continue }
                switch reader.localName {
                case "BMECAT":
                    sawRoot = true
                case "CURRENCY" where transaction == nil:
                    defaultCurrency = TextCleaning.trimmed(try reader.readElementText())
                case "T_NEW_CATALOG", "T_UPDATE_PRODUCTS", "T_UPDATE_PRICES":
                    transaction = reader.localName
                    try emit(.kind(reader.localName == "T_NEW_CATALOG" ? .fullSnapshot : .delta))
                case "ARTICLE" where transaction != nil, "PRODUCT" where transaction != nil:
                    index += 1
                    let position = RecordPosition(line: reader.line, index: index)
                    let tree = try XMLRecordTree.read(from: reader)
                    try emit(article(tree, position: position, transaction: transaction ?? "", currency: defaultCurrency))
                default:
                    break
                }
            }
        }
        guard sawRoot else { throw FeedError(code: "not-bmecat", message: "the document's root element is not BMECAT") }
        guard transaction != nil else {
            throw FeedError(
                code: "bmecat-no-transaction",
                message: "the catalogue has no T_NEW_CATALOG, T_UPDATE_PRODUCTS or T_UPDATE_PRICES section"
            )
        }
    }

    private func article(
        _ tree: XMLRecordTree, position: RecordPosition, transaction: String, currency: String?
    ) -> FeedEvent {
        let is2005 = tree.name == "PRODUCT"
        guard let sku = tree.values(at: is2005 ? "SUPPLIER_PID" : "SUPPLIER_AID").first else {
            return .rejected(
                RecordDiagnostic(
                    position: position, field: is2005 ? "SUPPLIER_PID" : "SUPPLIER_AID", code: "missing-sku",
                    reason: "the \(tree.name) has no supplier product id"
                )
            )
        }
        if tree.isTruncated { return .rejected(tree.tooLarge(position: position, sku: sku)) }
        var record = ProductRecord(position: position, sku: sku)
        let mode = tree.attribute("mode")?.lowercased()
        switch (transaction, mode) {
        case (_, "delete"): record.action = .delete
        case ("T_UPDATE_PRICES", _): record.action = .updatePrice
        case (_, nil), (_, "new"), (_, "update"): record.action = .upsert
        case (_, let other?):
            return .rejected(
                RecordDiagnostic(
                    position: position, sku: sku, field: "mode", rawValue: other, code: "invalid-mode",
                    reason: "mode must be new, update or delete"
                )
            )
        }
        let details = tree.child(is2005 ? "PRODUCT_DETAILS" : "ARTICLE_DETAILS")
        record.name = preferred(details?.children("DESCRIPTION_SHORT") ?? [])
        record.description = preferred(details?.children("DESCRIPTION_LONG") ?? []).map(TextCleaning.plainText(fromHTML:))
        record.brand = details?.values(at: "MANUFACTURER_NAME").first
        if is2005 {
            let ids = details?.children("INTERNATIONAL_PID") ?? []
            record.gtin = (ids.first { ["gtin", "ean"].contains($0.attribute("type")?.lowercased() ?? "") } ?? ids.first)?.value
        } else {
            record.gtin = details?.values(at: "EAN").first
        }
        record.tags = details?.values(at: "KEYWORD") ?? []
        for feature in tree.child(is2005 ? "PRODUCT_FEATURES" : "ARTICLE_FEATURES")?.children("FEATURE") ?? [] {
            let name = feature.values(at: "FNAME").first?.lowercased() ?? ""
            let values = feature.values(at: "FVALUE")
            if Self.ingredientFeatures.contains(name), !values.isEmpty {
                record.ingredients = values.joined(separator: ", ")
            } else if Self.sizeFeatures.contains(name), let value = values.first {
                record.size = [value, feature.values(at: "FUNIT").first].compactMap { $0 }.joined(separator: " ")
            }
        }
        let priceDetails = tree.child(is2005 ? "PRODUCT_PRICE_DETAILS" : "ARTICLE_PRICE_DETAILS")
        if let price = priceDetails?.child(is2005 ? "PRODUCT_PRICE" : "ARTICLE_PRICE") {
            record.price = price.values(at: "PRICE_AMOUNT").first
            record.currency = price.values(at: "PRICE_CURRENCY").first ?? currency
        }
        if let order = tree.child(is2005 ? "PRODUCT_ORDER_DETAILS" : "ARTICLE_ORDER_DETAILS"),
            let unit = order.values(at: "CONTENT_UNIT").first ?? order.values(at: "ORDER_UNIT").first,
            record.size == nil, let quantity = order.values(at: "NO_CU_PER_OU").first
        {
            record.size = "\(quantity) \(unit)"
        }
        return .record(record)
    }

    /// The English text among multilingual variants, else the first.
    private func preferred(_ nodes: [XMLRecordTree]) -> String? {
        let english = nodes.first { ["eng", "en"].contains($0.attribute("lang")?.lowercased() ?? "") }
        return (english ?? nodes.first)?.value
    }
}
