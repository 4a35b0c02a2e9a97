public import Foundation
public import GRDB

/// One import run per supplier at a time: a row per supplier while a run holds it. A second run reads the row and
/// says who holds it. A lock left by a process that died on this host is taken over.
public struct ImportLock: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "importLock"

    public var supplierId: String
    public var runId: Int64
    /// "host:pid" of the holder.
    public var holder: String
    public var acquiredAt: Date

    public init(supplierId: String, runId: Int64, holder: String, acquiredAt: Date = Date()) {
        self.supplierId = supplierId
        self.runId = runId
        self.holder = holder
        self.acquiredAt = acquiredAt
    }

    /// This process, as a holder.
    public static var currentHolder: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Whether the holder is a process on this host that no longer runs.
    public var holderIsGone: Bool {
        let parts = holder.split(separator: ":")
        guard parts.count == 2, String(parts[0]) == ProcessInfo.processInfo.hostName, let pid = Int32(parts[1]) else {
            return false
        }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

/// A run could not start because another holds the supplier.
public struct ImportLockedError: Error, Sendable, Equatable {
    public var lock: ImportLock
}

extension CatalogueDatabase {
    /// Takes the supplier's lock for `runId`, or throws ``ImportLockedError`` naming the holder.
    public func acquireImportLock(supplier: String, runId: Int64) throws {
        try write { db in
            if let existing = try ImportLock.fetchOne(db, key: supplier) {
                guard existing.holderIsGone else { throw ImportLockedError(lock: existing) }
                try existing.delete(db)
                try db.execute(
                    sql: "UPDATE importRun SET status = 'failed', error = ?, finishedAt = ? WHERE id = ? AND status = 'running'",
                    arguments: ["the process running it stopped (\(existing.holder)); its lock was taken over", Date(), existing.runId]
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
