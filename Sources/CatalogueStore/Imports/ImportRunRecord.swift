public import GRDB
public import StoreInterface

extension ImportRunRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "importRun"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The last run that applied this supplier's feed (succeeded or unchanged), for the unchanged-feed check.
    static func lastApplied(_ db: Database, supplier: String) throws -> ImportRunRecord? {
        try ImportRunRecord
            .filter(Column("supplierId") == supplier)
            .filter([Status.succeeded.rawValue, Status.unchanged.rawValue].contains(Column("status")))
            .order(Column("id").desc)
            .fetchOne(db)
    }
}
