public import ImporterAPI
import XMLStream

/// Google Merchant Center RSS 2.0 (and Atom) product feeds, `g:` namespace. A full snapshot.
///
/// Ingredients come from a `g:product_detail` whose attribute name is Ingredients or INCI, else from an
/// "Ingredients:" or "INCI:" paragraph of the description.
public struct GoogleMerchantImporter: FeedImporter {
    public let descriptor = ImporterDescriptor(
        identifier: "google-merchant", formats: ["google-merchant", "google", "merchant-center"],
        summary: "Google Merchant Center RSS 2.0 / Atom feed (g: namespace), a full snapshot", syntax: .xml
    )

    public init() {}

    static let namespace = "http://base.google.com/ns/1.0"

    public func recognises(_ head: FeedHead) -> Bool {
        guard let root = head.xmlRootElement, root == "rss" || root == "feed" else { return false }
        return head.text.contains(Self.namespace)
    }

    public func read(_ source: any FeedByteSource, context: FeedContext, emit: (FeedEvent) throws -> Void) throws {
        let (reader, adapter) = try XMLStreamReader.open(source, context: context)
        try emit(.kind(.fullSnapshot))
        var index = 0
        try readingXML(adapter) {
            while try reader.read() {
                guard reader.kind == .element, reader.localName == "item" || reader.localName == "entry" else { continue }
                index += 1
                try emit(try readItem(reader, index: index))
            }
        }
    }

    /// Reads one `<item>`, leaving the reader on its end.
    private func readItem(_ reader: XMLStreamReader, index: Int) throws -> FeedEvent {
        let position = RecordPosition(line: reader.line, index: index)
        var record = ProductRecord(position: position, sku: "")
        var fields = ItemFields()
        if reader.isEmptyElement { return .rejected(missingSKU(position)) }
        let itemDepth = reader.depth
        while try reader.read() {
            if reader.kind == .endElement && reader.depth == itemDepth { break }
            guard reader.kind == .element, reader.depth == itemDepth + 1 else { continue }
            let name = reader.localName
            if name == "product_detail" {
                try readDetail(reader, into: &fields)
                continue
            }
            let text = try reader.readElementText()
            switch name {
            case "id": fields.id = text
            case "title": if fields.title == nil || reader.namespaceURI == Self.namespace { fields.title = text }
            case "description": if fields.description == nil || reader.namespaceURI == Self.namespace { fields.description = text }
            case "link": if fields.link == nil || reader.namespaceURI == Self.namespace { fields.link = text }
            case "price": fields.price = text
            case "availability": fields.availability = text
            case "brand": fields.brand = text
            case "gtin": fields.gtin = text
            case "product_type": fields.productType = text
            case "size": fields.size = text
            case "custom_label_0", "custom_label_1", "custom_label_2", "custom_label_3", "custom_label_4":
                if let label = TextCleaning.trimmed(text) { record.tags.append(label) }
            default: break
            }
        }
        guard let sku = TextCleaning.trimmed(fields.id) else { return .rejected(missingSKU(position)) }
        record.sku = sku
        record.name = TextCleaning.trimmed(fields.title)
        let description = fields.description.map(TextCleaning.plainText(fromHTML:))
        record.description = TextCleaning.trimmed(description)
        record.url = TextCleaning.trimmed(fields.link)
        (record.price, record.currency) = Self.splitPrice(fields.price)
        record.availability = TextCleaning.trimmed(fields.availability)
        record.brand = TextCleaning.trimmed(fields.brand)
        record.gtin = TextCleaning.trimmed(fields.gtin)
        record.productType = TextCleaning.trimmed(fields.productType)
        record.size = TextCleaning.trimmed(fields.size)
        record.ingredients = TextCleaning.trimmed(fields.ingredients) ?? description.flatMap(TextCleaning.ingredientList(in:))
        return .record(record)
    }

    /// `g:product_detail` with `g:attribute_name` Ingredients or INCI.
    private func readDetail(_ reader: XMLStreamReader, into fields: inout ItemFields) throws {
        guard !reader.isEmptyElement else { return }
        let depth = reader.depth
        var attributeName: String?
        var attributeValue: String?
        while try reader.read() {
            if reader.kind == .endElement && reader.depth == depth { break }
            guard reader.kind == .element else { continue }
            switch reader.localName {
            case "attribute_name": attributeName = try reader.readElementText()
            case "attribute_value": attributeValue = try reader.readElementText()
            default: break
            }
        }
        let name = TextCleaning.trimmed(attributeName)?.lowercased()
        if let name, ["ingredients", "inci", "ingredients (inci)", "inci ingredients"].contains(name) {
            fields.ingredients = attributeValue
        }
    }

    private func missingSKU(_ position: RecordPosition) -> RecordDiagnostic {
        RecordDiagnostic(position: position, field: "g:id", code: "missing-sku", reason: "the item has no g:id")
    }

    /// "12.50 GBP" → ("12.50", "GBP"); a bare amount keeps no currency.
    static func splitPrice(_ text: String?) -> (String?, String?) {
        guard let text = TextCleaning.trimmed(text) else { return (nil, nil) }
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return splitASCIIPrice(text) }
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        func isCode(_ part: Substring) -> Bool { part.count == 3 && part.allSatisfy(\.isLetter) }
        func isAmount(_ part: Substring) -> Bool { part.contains(where: \.isNumber) }
        if parts.count == 2, isCode(parts[1]), isAmount(parts[0]) { return (String(parts[0]), parts[1].uppercased()) }
        if parts.count == 2, isCode(parts[0]), isAmount(parts[1]) { return (String(parts[1]), parts[0].uppercased()) }
        return (text, nil)
    }

    /// ``splitPrice(_:)`` byte by byte, for ASCII text (letters A–Z, digits 0–9): the two words found in one pass,
    /// with no array of parts (it runs once per item).
    private static func splitASCIIPrice(_ text: String) -> (String?, String?) {
        var copy = text
        return copy.withUTF8 { bytes -> (String?, String?) in
            var words: (first: Range<Int>, second: Range<Int>) = (0..<0, 0..<0)
            var found = 0
            var index = 0
            while index < bytes.count {
                while index < bytes.count, bytes[index] == 0x20 { index += 1 }
                guard index < bytes.count else { break }
                let start = index
                while index < bytes.count, bytes[index] != 0x20 { index += 1 }
                found += 1
                switch found {
                case 1: words.first = start..<index
                case 2: words.second = start..<index
                default: return (text, nil)
                }
            }
            guard found == 2 else { return (text, nil) }
            func isCode(_ word: Range<Int>) -> Bool {
                word.count == 3 && word.allSatisfy { (bytes[$0] | 0x20) >= UInt8(ascii: "a") && (bytes[$0] | 0x20) <= UInt8(ascii: "z") }
            }
            func isAmount(_ word: Range<Int>) -> Bool { word.contains { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 } }
            func amount(_ word: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[word]), as: UTF8.self) }
            /// Three ASCII letters in upper case.
            func code(_ word: Range<Int>) -> String {
                String(unsafeUninitializedCapacity: 3) { buffer in
                    for (offset, position) in word.enumerated() { buffer[offset] = bytes[position] & 0xDF }
                    return 3
                }
            }
            if isCode(words.second), isAmount(words.first) { return (amount(words.first), code(words.second)) }
            if isCode(words.first), isAmount(words.second) { return (amount(words.second), code(words.first)) }
            return (text, nil)
        }
    }

    private struct ItemFields {
        var id, title, description, link, price, availability, brand, gtin, productType, size, ingredients: String?
    }
}
