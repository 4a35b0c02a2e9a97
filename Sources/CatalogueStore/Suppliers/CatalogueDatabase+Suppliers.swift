import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase: SupplierStore {
    /// The supplier with `id`, or `nil`.
    public func supplier(id: String) throws -> SupplierRecord? {
        try read { try SupplierRecord.fetchOne($0, key: id) }
    }

    /// Every supplier, by id.
    public func suppliers() throws -> [SupplierRecord] {
        try read { try SupplierRecord.order(Column("id")).fetchAll($0) }
    }

    /// Adds `supplier` with its audit line, in one transaction.
    /// - Returns: `false`, having changed nothing, when a supplier with its id exists.
    public func addSupplier(_ supplier: SupplierRecord, actor: String) throws -> Bool {
        try write { db in
            guard try !SupplierRecord.exists(db, key: supplier.id) else { return false }
            try supplier.insert(db)
            try AuditEntry.append(db, actor: actor, action: "supplier.add", entity: "supplier", entityId: supplier.id)
            return true
        }
    }

    /// Changes the supplier with `id` through `change` and writes it back with its audit line, in one transaction;
    /// `updatedAt` is set to now. An error thrown by `change` changes nothing.
    /// - Returns: the supplier as stored, or `nil` when there is none with that id.
    public func updateSupplier(
        id: String, actor: String, _ change: (inout SupplierRecord) throws -> Void
    ) throws -> SupplierRecord? {
        try write { db in
            guard var supplier = try SupplierRecord.fetchOne(db, key: id) else { return nil }
            try change(&supplier)
            supplier.id = id
            supplier.updatedAt = Date()
            try supplier.update(db)
            try AuditEntry.append(db, actor: actor, action: "supplier.update", entity: "supplier", entityId: id)
            return supplier
        }
    }

    /// Keeps the validators (`ETag`, `Last-Modified`) of a download of `source` for the supplier's next conditional
    /// GET — only while `source` is still the supplier's source: a run that fetched another address, or whose
    /// supplier was given a new source meanwhile, leaves them alone.
    public func storeFeedValidators(supplier id: String, source: String, etag: String?, lastModified: String?) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE supplier SET etag = ?, lastModified = ? WHERE id = ? AND source IS ?",
                arguments: [etag, lastModified, id, source]
            )
        }
    }

    /// How many active products the supplier has.
    public func activeProductCount(supplier id: String) throws -> Int {
        try read { try ProductWriter($0, now: Date()).activeCount(supplier: id) }
    }
}
