import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase {
    /// The active products marked stale, oldest first.
    public func staleProducts(limit: Int = 500) throws -> [StaleProduct] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT supplierId, sku, name, staleReason, staleSince FROM product
                    WHERE staleReason IS NOT NULL AND status = 'active' ORDER BY staleSince, supplierId, sku LIMIT ?
                    """,
                arguments: [limit]
            ).map { row in
                StaleProduct(supplier: row[0], sku: row[1], name: row[2], reason: row[3], since: row[4] ?? Date(timeIntervalSince1970: 0))
            }
        }
    }
}
