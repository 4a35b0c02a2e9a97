public import CatalogueCore
public import Foundation
import GRDB
import StoreInterface

/// A product as the therapist's and reception's lists need it: the engine's facts and what to print.
public struct CatalogueProduct: Sendable {
    public var facts: ProductFacts
    public var properties: [PropertyID]
    public var brand: String?
    public var price: String?
    public var currency: String?
    public var availability: String?
}

/// Stock of one product at one location.
public struct LocationStock: Sendable, Equatable {
    public var quantity: Double
    public var openedDates: [Date]
    /// The expiry days of the batches held.
    public var expiryDates: [Date] = []

    public init(quantity: Double, openedDates: [Date], expiryDates: [Date] = []) {
        self.quantity = quantity
        self.openedDates = openedDates
        self.expiryDates = expiryDates
    }

    /// What the engine needs of it.
    public var facts: StockFacts { StockFacts(openedDates: openedDates, expiryDates: expiryDates) }
}

extension CatalogueDatabase {
    /// A text that changes whenever a client's list could: with any audited change (a reading, an allergy, a
    /// history entry, an alias, a supplier), an applied import or a stock movement. Three look-ups of a largest id,
    /// through a statement prepared once per connection: cheap enough for every request.
    public func listGeneration() throws -> String {
        try read { db in
            let sql = """
                SELECT (SELECT MAX(id) FROM auditLog), (SELECT MAX(id) FROM importRun WHERE status = 'succeeded'),
                  (SELECT MAX(id) FROM stockMovement)
                """
            let row = try Row.fetchOne(try db.cachedStatement(sql: sql))
            return (0..<3).map { String((row?[$0] as Int64?) ?? 0) }.joined(separator: "|")
        }
    }

    /// Every active product's current formulation as engine facts, optionally only those carrying every property
    /// in `properties`. Resolutions are decoded only where the engine needs them (unresolved names, stated
    /// percentages of phototoxic oils); the rest comes from the id columns.
    /// - Parameter includingDiscontinued: with `productIDs`, discontinued ones too (bottles still on a shelf).
    public func catalogueProducts(
        taxonomy: Taxonomy, properties: [PropertyID] = [], productIDs: [Int64]? = nil, includingDiscontinued: Bool = false
    ) throws -> [CatalogueProduct] {
        var arguments: [(any DatabaseValueConvertible)?] = []
        var clauses = includingDiscontinued && productIDs != nil ? [] : ["p.status = 'active'"]
        for property in properties {
            clauses.append("f.propertyIds LIKE ?")
            arguments.append("% \(property.rawValue) %")
        }
        if let productIDs {
            clauses.append("p.id IN (\(productIDs.map(String.init).joined(separator: ",").nilIfEmpty ?? "NULL"))")
        }
        let sql = """
            SELECT p.id, p.supplierId, p.sku, p.name, f.id, f.version, f.ingredientText IS NOT NULL, f.ingredientIds,
              f.allergenIds, f.propertyIds, f.unresolvedNames, f.percents, p.brand, p.price, p.currency, p.availability,
              p.staleReason
            FROM product p JOIN formulation f ON f.id = p.currentFormulationId
            WHERE \(clauses.joined(separator: " AND "))
            ORDER BY p.name COLLATE NOCASE, p.id
            """
        return try read { db in
            var products: [CatalogueProduct] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
            while let row = try rows.next() {
                let unresolved: String = row[10]
                var percents: [IngredientID: Double] = [:]
                for pair in (row[11] as String).split(separator: " ") {
                    guard let equals = pair.firstIndex(of: "="), let value = Double(pair[pair.index(after: equals)...]) else { continue }
                    percents[IngredientID(rawValue: String(pair[..<equals]))] = value
                }
                let facts = ProductFacts(
                    productID: row[0], reference: "\(row[1] as String):\(row[2] as String)", name: row[3], formulationID: row[4],
                    version: row[5], hasIngredientList: row[6], ingredientIDs: Self.ids(row[7]), allergenIDs: Self.ids(row[8]),
                    unresolved: unresolved.isEmpty ? [] : unresolved.split(separator: "\u{1F}").map(String.init),
                    percents: percents, staleReason: row[16], taxonomy: taxonomy
                )
                products.append(CatalogueProduct(
                    facts: facts, properties: Self.ids(row[9]), brand: row[12], price: row[13], currency: row[14],
                    availability: row[15]
                ))
            }
            return products
        }
    }

    /// Stock at `location` by product id.
    public func stock(at typed: String) throws -> [Int64: LocationStock] {
        let location = StockRules.locationName(typed)
        return try read { db in
            var result: [Int64: LocationStock] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT productId, quantity, opened, expires FROM stockLot WHERE location = ?", arguments: [location]
            ) {
                var entry = result[row[0]] ?? LocationStock(quantity: 0, openedDates: [])
                entry.quantity += row[1]
                if let opened = (row[2] as String?).flatMap(StockRules.day), (row[1] as Double) > 0 { entry.openedDates.append(opened) }
                if let expires = (row[3] as String?).flatMap(StockRules.day), (row[1] as Double) > 0 { entry.expiryDates.append(expires) }
                result[row[0]] = entry
            }
            return result
        }
    }

    /// " a b " → ["a", "b"].
    static func ids<T>(_ column: String?) -> [Identifier<T>] {
        guard let column else { return [] }
        return column.utf8.split(separator: 0x20).map { Identifier<T>(rawValue: String(Substring($0))) }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
