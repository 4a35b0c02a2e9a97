public import ImporterAPI
import StrictJSON

/// Newline-delimited JSON: one product object per line, with OilCatalogue's field names (`sku`, `name`, `brand`,
/// `description`, `price`, `currency`, `availability`, `productType`, `size`, `gtin`, `url`, `ingredients`,
/// `tags`, and `action`: `upsert` or `delete`). A line that is not valid JSON rejects that record, with its line.
/// A full snapshot unless the first line is `{"feed": {"kind": "delta"}}`. With a supplier mapping, its field
/// paths are used instead of the names above.
public struct NDJSONImporter: FeedImporter {
    public let descriptor = ImporterDescriptor(
        identifier: "ndjson", formats: ["ndjson", "jsonl", "json-lines"],
        summary: "newline-delimited JSON, one product object per line", syntax: .ndjson
    )

    public init() {}

    static let fields = ["sku", "name", "brand", "description", "price", "currency", "availability", "productType", "size", "gtin", "url", "ingredients"]

    public func recognises(_ head: FeedHead) -> Bool {
        guard head.jsonStart == "{" else { return false }
        let lines = head.text.split(separator: "\n", omittingEmptySubsequences: true)
        return lines.count >= 2 && lines.prefix(2).allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") }
    }

    public func read(_ source: any FeedByteSource, context: FeedContext, emit: (FeedEvent) throws -> Void) throws {
        var lines = JSONLineReader { try source.read(into: $0) }
        var index = 0
        var announced = false
        try readingJSON {
            while let (bytes, number) = try lines.nextLine() {
                guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
                var parser = JSONStreamParser(bytes: bytes)
                let value: JSONValue
                do {
                    value = try parser.parseDocument()
                } catch let error as JSONSyntaxError {
                    if !announced { try emit(.kind(context.mapping?.kind ?? .fullSnapshot)); announced = true }
                    index += 1
                    try emit(.rejected(RecordDiagnostic(
                        position: RecordPosition(line: number, index: index), rawValue: String(decoding: bytes.prefix(80), as: UTF8.self),
                        code: "malformed-json", reason: "not valid JSON at column \(error.column): \(error.reason)"
                    )))
                    continue
                }
                if !announced {
                    announced = true
                    if let kind = value["feed"]?["kind"]?.text {
                        try emit(.kind(kind == "delta" ? .delta : .fullSnapshot))
                        continue
                    }
                    try emit(.kind(context.mapping?.kind ?? .fullSnapshot))
                }
                index += 1
                try emit(record(value, position: RecordPosition(line: number, index: index), mapping: context.mapping))
            }
        }
        if !announced { try emit(.kind(context.mapping?.kind ?? .fullSnapshot)) }
    }

    private func record(_ value: JSONValue, position: RecordPosition, mapping: FeedMapping?) -> FeedEvent {
        guard case .object = value else {
            return .rejected(RecordDiagnostic(position: position, code: "not-an-object", reason: "each line must be a JSON object"))
        }
        if let mapping {
            return MappedRecord.make(position: position, mapping: mapping) { path in value.values(at: path).compactMap(\.text) }
        }
        guard let sku = value.string("sku") else {
            return .rejected(RecordDiagnostic(position: position, field: "sku", code: "missing-sku", reason: "the line has no sku"))
        }
        let action: RecordAction
        switch value.string("action")?.lowercased() {
        case nil, "upsert", "update", "new": action = .upsert
        case "delete": action = .delete
        case let other?:
            return .rejected(RecordDiagnostic(position: position, sku: sku, field: "action", rawValue: other, code: "invalid-action", reason: "action must be upsert or delete"))
        }
        let tags = value["tags"].map { tags -> [String] in
            if let text = tags.text { return text.split(separator: ",").compactMap { TextCleaning.trimmed(String($0)) } }
            return tags.list.compactMap { TextCleaning.trimmed($0.text) }
        } ?? []
        return .record(ProductRecord(
            position: position, action: action, sku: sku, name: value.string("name"), brand: value.string("brand"),
            description: value.string("description"), price: value.string("price"), currency: value.string("currency"),
            availability: value.string("availability"), productType: value.string("productType") ?? value.string("product_type"),
            size: value.string("size"), gtin: value.string("gtin"), url: value.string("url"),
            ingredients: value.string("ingredients"), tags: tags
        ))
    }
}
