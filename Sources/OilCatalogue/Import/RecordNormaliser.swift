import CatalogueCore
import ImporterAPI

/// Turns a plugin's raw record into validated product data, or a rejection naming field, raw value and reason.
///
/// Severity is per field: a record is rejected only when its identity or its use is lost (no SKU, no name). An
/// optional field that fails its check (price, currency, availability, GTIN, URL) becomes a warning with line,
/// field, value and reason, the field is stored as absent, and the product is imported.
struct RecordNormaliser {
    /// The supplier's currency for prices that carry none.
    var defaultCurrency: String?

    /// A valid record, cleaned. A class: the record passes from the feed's thread to the applying side and through
    /// its steps, and a copy of a struct would retain each of its strings every time.
    final class Normalised: Sendable {
        let sku: String
        let data: ProductData
        let ingredients: String?
        /// Optional fields that failed their check and were left out.
        let warnings: [RecordDiagnostic]
        /// Valid keys the product had in earlier feeds (``ProductRecord/formerKeys``).
        let formerKeys: [String]

        init(sku: String, data: ProductData, ingredients: String?, warnings: [RecordDiagnostic] = [], formerKeys: [String] = []) {
            self.sku = sku
            self.data = data
            self.ingredients = ingredients
            self.warnings = warnings
            self.formerKeys = formerKeys
        }
    }

    func normalise(_ record: ProductRecord) -> Result<Normalised, RecordDiagnostic> {
        func reject(_ field: String, _ raw: String?, _ problem: FieldProblem) -> Result<Normalised, RecordDiagnostic> {
            .failure(
                RecordDiagnostic(
                    position: record.position, sku: record.sku.isEmpty ? nil : record.sku, field: field, rawValue: raw,
                    code: problem.code, reason: problem.reason
                )
            )
        }
        let sku: String
        switch ProductFieldRules.sku(record.sku) {
        case .success(let value): sku = value
        case .failure(let problem): return reject("sku", record.sku, problem)
        }
        // Supplier text is stored in NFC without control or invisible format characters (a U+0600 before '<' once
        // got markup past the web app's escaping).
        let name: String? = Self.line(record.name)
        if name == nil && record.action == .upsert {
            return reject("name", record.name, FieldProblem(code: "missing-name", reason: "the product has no name"))
        }
        var warnings: [RecordDiagnostic] = []
        func warn(_ field: String, _ raw: String?, _ problem: FieldProblem) {
            warnings.append(RecordDiagnostic(
                position: record.position, sku: sku, field: field, rawValue: raw, code: problem.code,
                reason: problem.reason + "; imported without it"
            ))
        }
        var data = ProductData(name: name ?? "")
        data.brand = Self.line(record.brand)
        data.description = Self.lines(record.description)
        data.productType = Self.line(record.productType)
        data.size = Self.line(record.size)
        data.tags = record.tags.compactMap(Self.line)

        if var raw = TextCleaning.trimmed(record.price) {
            var currency = TextCleaning.trimmed(record.currency)
            // "12.50 GBP" in a price field: split the code off.
            if currency == nil {
                let parts = raw.split(separator: " ")
                if parts.count == 2, parts[1].count == 3, parts[1].allSatisfy(\.isLetter), parts[0].contains(where: \.isNumber) {
                    raw = String(parts[0])
                    currency = String(parts[1])
                }
            }
            switch ProductFieldRules.price(raw) {
            case .success(let amount):
                data.price = amount
                // A price is stored without a currency rather than with a wrong one.
                if let code = currency ?? defaultCurrency {
                    switch ProductFieldRules.currency(code) {
                    case .success(let value): data.currency = value
                    case .failure(let problem): warn("currency", code, problem)
                    }
                } else {
                    warn("currency", nil, FieldProblem(
                        code: "missing-currency",
                        reason: "the price has no currency; add one to the feed or give the supplier a --currency"
                    ))
                }
            case .failure(let problem):
                // A price update is nothing without its price.
                if record.action == .updatePrice { return reject("price", record.price, problem) }
                warn("price", record.price, problem)
            }
        }
        if let raw = TextCleaning.trimmed(record.availability) {
            if let availability = Availability(feedValue: raw) {
                data.availability = availability
            } else {
                warn("availability", raw, FieldProblem(
                    code: "invalid-availability",
                    reason: "not an availability: use in stock, out of stock, preorder, backorder or discontinued"
                ))
            }
        }
        if let raw = TextCleaning.trimmed(record.gtin) {
            switch ProductFieldRules.gtin(raw) {
            case .success(let value): data.gtin = value
            case .failure(let problem): warn("gtin", raw, problem)
            }
        }
        if let raw = TextCleaning.trimmed(record.url) {
            switch ProductFieldRules.url(raw) {
            case .success(let value): data.url = value
            case .failure(let problem): warn("url", raw, problem)
            }
        }
        let formerKeys = (record.formerKeys ?? []).compactMap { try? ProductFieldRules.sku($0).get() }.filter { $0 != sku }
        return .success(Normalised(
            sku: sku, data: data, ingredients: Self.lines(record.ingredients), warnings: warnings, formerKeys: formerKeys
        ))
    }

    /// A one-line field, clean and trimmed; `nil` when nothing is left.
    static func line(_ text: String?) -> String? {
        guard let trimmed = TextCleaning.trimmed(text) else { return nil }
        // Most values are plain ASCII: already clean, and already trimmed.
        if TextHygiene.isPlainASCII(trimmed, allowLineBreaks: false) { return trimmed }
        return TextCleaning.trimmed(TextHygiene.singleLine(trimmed))
    }

    /// A multi-line field, clean and trimmed; `nil` when nothing is left.
    static func lines(_ text: String?) -> String? {
        guard let trimmed = TextCleaning.trimmed(text) else { return nil }
        if TextHygiene.isPlainASCII(trimmed, allowLineBreaks: true) { return trimmed }
        return TextCleaning.trimmed(TextHygiene.multiLine(trimmed))
    }
}
