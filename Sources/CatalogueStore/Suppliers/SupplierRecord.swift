public import GRDB
public import StoreInterface

extension SupplierRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "supplier"
}

extension CatalogueDatabase {
    /// Every supplier by id, with its active products and last import run.
    public func supplierOverviews() throws -> [SupplierOverview] {
        try read { db in
            try SupplierRecord.order(Column("id")).fetchAll(db).map { supplier in
                SupplierOverview(
                    supplier: supplier,
                    activeProducts: try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM product WHERE supplierId = ? AND status = 'active'", arguments: [supplier.id]
                    ) ?? 0,
                    lastRun: try ImportRunRecord.filter(Column("supplierId") == supplier.id).order(Column("id").desc).fetchOne(db)
                )
            }
        }
    }
}
