import Foundation
public import GRDB
public import StoreInterface

extension ImportLock: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "importLock"
}

extension CatalogueDatabase: ImportRunStore {
    /// Takes the supplier's lock for `runId`, or throws ``ImportLockedError`` naming the holder.
    public func acquireImportLock(supplier: String, runId: Int64) throws {
        try write { db in
            if let existing = try ImportLock.fetchOne(db, key: supplier) {
                guard existing.holderIsGone else { throw ImportLockedError(lock: existing) }
                try existing.delete(db)
                try db.execute(
                    sql: "UPDATE importRun SET status = 'failed', error = ?, finishedAt = ? WHERE id = ? AND status = 'running'",
                    arguments: [ImportRunRules.takenOver(holder: existing.holder), Date(), existing.runId]
                )
            }
            try ImportLock(supplierId: supplier, runId: runId, holder: ImportLock.currentHolder).insert(db)
        }
    }

    /// Releases the supplier's lock if `runId` holds it.
    public func releaseImportLock(supplier: String, runId: Int64) throws {
        try write { db in
            _ = try ImportLock.filter(Column("supplierId") == supplier && Column("runId") == runId).deleteAll(db)
        }
    }
}
