/// Builds a record from a ``FeedMapping`` and a way to look up values by path, for every mapped format.
public enum MappedRecord {
    /// The record, or a rejection when the SKU is missing.
    /// - Parameter lookUp: the values at a path relative to the record (several for repeated elements).
    public static func make(
        position: RecordPosition, mapping: FeedMapping, lookUp: (String) -> [String]
    ) -> FeedEvent {
        func value(_ field: String) -> String? {
            // A list (repeated elements, a JSON array) is one ingredient list; other fields take the first value.
            let raw = mapping.fields[field].flatMap { path -> String? in
                let values = lookUp(path)
                return field == "ingredients" && values.count > 1 ? values.joined(separator: ", ") : values.first
            }
            var value = mapping.finish(field, TextCleaning.trimmed(raw))
            if mapping.stripHTML.contains(field), let html = value { value = TextCleaning.plainText(fromHTML: html) }
            return TextCleaning.trimmed(value)
        }
        guard let sku = value("sku") else {
            return .rejected(
                RecordDiagnostic(
                    position: position, field: mapping.fields["sku"], code: "missing-sku",
                    reason: "the record has no value at the sku path '\(mapping.fields["sku"] ?? "")'"
                )
            )
        }
        var record = ProductRecord(position: position, sku: sku)
        record.name = value("name")
        record.brand = value("brand")
        record.description = value("description")
        record.price = value("price")
        record.currency = value("currency")
        record.availability = value("availability")
        record.productType = value("productType")
        record.size = value("size")
        record.gtin = value("gtin")
        record.url = value("url")
        record.ingredients = value("ingredients")
            ?? record.description.flatMap(TextCleaning.ingredientList(in:))
        if let tagsPath = mapping.fields["tags"] {
            record.tags = lookUp(tagsPath).flatMap { $0.split(separator: ",") }.compactMap { TextCleaning.trimmed(String($0)) }
        }
        return .record(record)
    }
}
