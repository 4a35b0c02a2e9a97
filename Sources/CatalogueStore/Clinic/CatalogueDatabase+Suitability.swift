public import CatalogueCore
import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase {
    /// A text that changes whenever a client's list could (see ``CatalogueReadStore/listGeneration()``): the change
    /// counters, which triggers move in the transaction of each change (SchemaV14). One row read through a statement
    /// prepared once per connection: cheap enough for every request.
    public func listGeneration() throws -> String {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT catalogueChange, clinicChange, revision FROM catalogueRevision WHERE id = 1")
            let row = try Row.fetchOne(statement)
            return CatalogueReadRules.listGeneration(
                catalogueChange: row?[0] ?? 0, clinicChange: row?[1] ?? 0, revision: row?[2] ?? 0
            )
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
            arguments.append(CatalogueReadRules.idPattern(property.rawValue))
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
                let facts = ProductFacts(
                    productID: row[0], reference: "\(row[1] as String):\(row[2] as String)", name: row[3], formulationID: row[4],
                    version: row[5], hasIngredientList: row[6], ingredientIDs: CatalogueReadRules.ids(row[7]), allergenIDs: CatalogueReadRules.ids(row[8]),
                    unresolved: CatalogueReadRules.unresolvedNames(row[10]), percents: CatalogueReadRules.percents(row[11]),
                    staleReason: row[16], taxonomy: taxonomy
                )
                products.append(CatalogueProduct(
                    facts: facts, properties: CatalogueReadRules.ids(row[9]), brand: row[12], price: row[13], currency: row[14],
                    availability: row[15]
                ))
            }
            return products
        }
    }

    /// Stock at `location` by product id (see ``StockStore/stock(at:)``).
    public func stock(at typed: String) throws -> [Int64: LocationStock] {
        let location = StockRules.locationName(typed)
        return try read { db in
            var result: [Int64: LocationStock] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT productId, quantity, opened, expires FROM stockLot WHERE location = ? ORDER BY id", arguments: [location]
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
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
