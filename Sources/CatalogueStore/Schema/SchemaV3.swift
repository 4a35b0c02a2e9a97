import GRDB

/// Leaner writes for imports: two indexes that repeated the first column of a unique key go.
///
/// `product(supplierId, sku)` and `formulation(productId, version)` are unique keys whose indexes already serve every
/// lookup and foreign-key check by supplier or by product; the single-column indexes beside them only cost each
/// import a second B-tree insert per row.
enum SchemaV3 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX IF EXISTS product_on_supplierId")
        try db.execute(sql: "DROP INDEX IF EXISTS formulation_on_productId")
    }
}
