public import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase: CatalogueImportStore {
    /// Stores a run as it starts and gives it its id.
    public func beginImportRun(_ run: inout ImportRunRecord) throws {
        var started = run
        try write { try started.insert($0) }
        run = started
    }

    /// Stores a run's outcome with its audit line (`import.<status>`), in one transaction. A run that failed before
    /// it started has no id yet: it is added, and given one.
    public func finishImportRun(_ run: inout ImportRunRecord, auditDetail: String?) throws {
        var finished = run
        try write { db in
            if finished.id == nil { try finished.insert(db) } else { try finished.update(db) }
            try AuditEntry.append(
                db, actor: "importer", action: "import.\(finished.status.rawValue)", entity: "importRun",
                entityId: finished.id.map(String.init), detail: auditDetail
            )
        }
        run = finished
    }

    /// The run with `id`, or `nil`.
    public func importRun(id: Int64) throws -> ImportRunRecord? {
        try read { try ImportRunRecord.fetchOne($0, key: id) }
    }

    /// Runs, newest first: of one supplier or all, failed ones only or all, at most `limit` of them (0: all).
    public func importRuns(supplier: String? = nil, failedOnly: Bool = false, limit: Int = 0) throws -> [ImportRunRecord] {
        try read { db in
            var request = ImportRunRecord.order(Column("id").desc)
            if let supplier { request = request.filter(Column("supplierId") == supplier) }
            if failedOnly { request = request.filter(Column("status") == ImportRunRecord.Status.failed.rawValue) }
            if limit > 0 { request = request.limit(limit) }
            return try request.fetchAll(db)
        }
    }

    /// The last run that applied this supplier's feed (succeeded or unchanged), for the unchanged-feed check.
    public func lastAppliedImportRun(supplier: String) throws -> ImportRunRecord? {
        try read { try ImportRunRecord.lastApplied($0, supplier: supplier) }
    }

    /// Runs `body` in one write transaction sized for an import (the WAL synced as it grows, and copied into the
    /// database file right after the commit), with a writer for the catalogue's products stamped `now`. Readers see
    /// the catalogue before the transaction or after its commit. `body` runs on the caller's thread (the server's
    /// requests run on threads that may block: `BlockingWorkExecutor`). Database errors become ``StoreError``; the
    /// body's own errors pass unchanged, and roll everything back.
    public func withImportTransaction(now: Date, _ body: (any ImportWriter) throws -> ImportCompletion) throws {
        try writeOutsideTransaction { db in
            try LargeTransaction.run(db) {
                switch try body(ProductWriter(db, now: now)) {
                case .commit:
                    // The products changed: cached snapshots and lists are stale from the moment this commits.
                    try db.execute(
                        sql: "UPDATE catalogueRevision SET catalogueChange = catalogueChange + 1, clinicChange = clinicChange + 1 WHERE id = 1"
                    )
                    return .commit
                case .rollback:
                    return .rollback
                }
            }
        }
    }
}
