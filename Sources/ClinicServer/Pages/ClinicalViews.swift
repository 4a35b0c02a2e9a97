import CatalogueCore
import Foundation
import OilCatalogue
import StoreInterface

/// A patch test as the client page shows it: times in the clinic's zone, results that stand out.
struct TestView {
    struct ReadingView {
        var id: Int64
        var notation: String
        var hours: Int
        var at: String
        var resultClass: String
        var relevance: String?
    }

    var id: Int64
    var client: Int64
    var product: String
    var productName: String
    var version: Int
    var applied: String
    var hoursSince: Int
    var site: String?
    var concentration: String?
    var readings: [ReadingView]
    var outcome: String
    var outcomeLabel: String
    var outcomeClass: String
    /// Whether it reacted (positive, doubtful, irritant or reported).
    var reacted: Bool

    init(_ test: PatchTestJSON, clock: ClinicClock) {
        id = test.id
        client = test.client
        product = test.product
        productName = test.productName
        version = test.formulationVersion
        applied = clock.minute(test.appliedAt)
        hoursSince = test.hoursSinceApplication
        site = test.site?.nilIfBlank
        concentration = test.concentration?.nilIfBlank
        readings = test.readings.map {
            ReadingView(
                id: $0.id, notation: $0.notation, hours: $0.hours, at: clock.minute($0.readAt), resultClass: StatusText.resultClass($0.result),
                relevance: $0.relevance
            )
        }
        outcome = test.outcome
        switch test.outcome {
        case "pending": outcomeLabel = "pending"
        case "negative": outcomeLabel = "negative"
        case "reported": outcomeLabel = "reported reaction"
        default: outcomeLabel = PatchTestResult(rawValue: test.outcome)?.notation ?? test.outcome
        }
        outcomeClass = StatusText.resultClass(test.outcome)
        reacted = !["pending", "negative"].contains(test.outcome)
    }
}

/// A product in a list: its status, one short cause, and the full chain one tap away.
struct ListRow {
    var product: String
    var name: String
    var status: String
    var statusLabel: String
    var cause: String?
    /// How many other causes the row has (nil for none).
    var otherCauses: Int?
    var reasons: [String]
    /// Property names; nil when none (an empty text would still open a Mustache section).
    var properties: String?
    var fit: String?
    var inStock: String?

    init(_ row: SuitabilityRow, names: PropertyNames) {
        self.init(
            product: row.product, name: row.name, status: row.status, reasons: row.reasons,
            properties: row.properties.map(names.name).joined(separator: ", "), fit: row.condition_fit.map(names.fit).joined(separator: "; "),
            inStock: row.in_stock.map(StockRules.number)
        )
    }

    init(_ blocked: ClientReport.Blocked) {
        self.init(product: blocked.product, name: blocked.name, status: "blocked", reasons: blocked.reasons, properties: "", fit: "", inStock: nil)
    }

    private init(product: String, name: String, status: String, reasons: [String], properties: String, fit: String, inStock: String?) {
        self.product = product
        self.name = name
        self.status = status
        statusLabel = StatusText.label(status)
        var causes: [String] = []
        for reason in reasons {
            let cause = ReasonCause.of(reason)
            if !causes.contains(cause) { causes.append(cause) }
        }
        cause = causes.first
        otherCauses = causes.count > 1 ? causes.count - 1 : nil
        self.reasons = reasons
        self.properties = properties.nilIfBlank
        self.fit = fit.nilIfBlank
        self.inStock = inStock
    }
}

/// Property and condition ids as people read them.
struct PropertyNames {
    var properties: [String: String]

    init(properties: [String: String]) { self.properties = properties }

    init(_ taxonomy: Taxonomy) {
        properties = Dictionary(taxonomy.properties.map { ($0.id.rawValue, $0.name.lowercased()) }, uniquingKeysWith: { first, _ in first })
    }

    func name(_ id: String) -> String { properties[id] ?? id }

    /// "psoriasis: hydrating, anti-inflammatory" with property names for ids.
    func fit(_ text: String) -> String {
        guard let colon = text.range(of: ": ") else { return text }
        let ids = text[colon.upperBound...].split(separator: ", ").map { name(String($0)) }
        return text[..<colon.upperBound] + ids.joined(separator: ", ")
    }
}

extension Taxonomy {
    /// Condition ids as names ("sensitive-skin" → "Sensitive skin"); an id the taxonomy lacks stays as it is.
    func conditionNames(_ ids: [String]) -> [String] {
        ids.map { id in condition(named: id)?.name ?? id }
    }
}
