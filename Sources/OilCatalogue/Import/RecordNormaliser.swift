import CatalogueCore
import ImporterAPI

/// Turns a plugin's raw record into validated product data, or a rejection naming field, raw value and reason.
struct RecordNormaliser {
    /// The supplier's currency for prices that carry none.
    var defaultCurrency: String?

    struct Normalised: Sendable {
        var sku: String
        var data: ProductData
        var ingredients: String?
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
            case .success(let amount): data.price = amount
            case .failure(let problem): return reject("price", record.price, problem)
            }
            guard let code = currency ?? defaultCurrency else {
                return reject(
                    "currency", nil,
                    FieldProblem(
                        code: "missing-currency",
                        reason: "the price has no currency; add one to the feed or give the supplier a --currency"
                    )
                )
            }
            switch ProductFieldRules.currency(code) {
            case .success(let value): data.currency = value
            case .failure(let problem): return reject("currency", code, problem)
            }
        }
        if let raw = TextCleaning.trimmed(record.availability) {
            guard let availability = Availability(feedValue: raw) else {
                return reject(
                    "availability", raw,
                    FieldProblem(
                        code: "invalid-availability",
                        reason: "not an availability: use in stock, out of stock, preorder, backorder or discontinued"
                    )
                )
            }
            data.availability = availability
        }
        if let raw = TextCleaning.trimmed(record.gtin) {
            switch ProductFieldRules.gtin(raw) {
            case .success(let value): data.gtin = value
            case .failure(let problem): return reject("gtin", raw, problem)
            }
        }
        if let raw = TextCleaning.trimmed(record.url) {
            switch ProductFieldRules.url(raw) {
            case .success(let value): data.url = value
            case .failure(let problem): return reject("url", raw, problem)
            }
        }
        return .success(Normalised(sku: sku, data: data, ingredients: Self.lines(record.ingredients)))
    }

    /// A one-line field, clean and trimmed; `nil` when nothing is left.
    static func line(_ text: String?) -> String? {
        TextCleaning.trimmed(text).flatMap { TextCleaning.trimmed(TextHygiene.singleLine($0)) }
    }

    /// A multi-line field, clean and trimmed; `nil` when nothing is left.
    static func lines(_ text: String?) -> String? {
        TextCleaning.trimmed(text).flatMap { TextCleaning.trimmed(TextHygiene.multiLine($0)) }
    }
}
