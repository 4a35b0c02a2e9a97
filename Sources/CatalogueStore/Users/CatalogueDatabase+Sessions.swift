public import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase: SessionStore {
    public func session(keyHash: String, idle: TimeInterval?, now: Date) async throws -> StoredSession? {
        let found = try read { db -> (Data, Date?, Date?, String?)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT value, expiresAt, lastSeenAt FROM webSession WHERE keyHash = ?", arguments: [keyHash])
            else { return nil }
            // GRDB stores a date as text: the text is the exact stored form.
            return (row[0], row[1], row[2], row[2])
        }
        guard let (value, expiresAt, lastSeenAt, stored) = found else { return nil }
        if let expiresAt, expiresAt <= now { return nil }
        if let idle, let lastSeenAt, now.timeIntervalSince(lastSeenAt) > idle { return nil }
        let due = idle != nil && (lastSeenAt.map { now.timeIntervalSince($0) > 60 } ?? true)
        return StoredSession(value: value, expiresAt: expiresAt, lastUse: SessionLastUse(stored: stored, at: lastSeenAt), touchDue: due)
    }

    public func touchSession(keyHash: String, from lastUse: SessionLastUse, now: Date, idle: TimeInterval?) async throws {
        if lastUse.timedOut(idle: idle) { return }
        try write { db in
            try db.execute(
                sql: "UPDATE webSession SET lastSeenAt = ? WHERE keyHash = ? AND lastSeenAt IS ?",
                arguments: [now, keyHash, lastUse.stored]
            )
        }
    }

    public func storeSession(keyHash: String, user: Int64?, value: Data, expiresAt: Date?, now: Date) async throws {
        try write { db in
            try db.execute(sql: "DELETE FROM webSession WHERE expiresAt <= ?", arguments: [now])
            try db.execute(
                sql: """
                    INSERT INTO webSession (keyHash, userId, value, expiresAt, lastSeenAt) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(keyHash) DO UPDATE SET value = excluded.value, userId = excluded.userId,
                        expiresAt = COALESCE(excluded.expiresAt, webSession.expiresAt), lastSeenAt = excluded.lastSeenAt
                    """,
                arguments: [keyHash, user, value, expiresAt, now]
            )
        }
    }

    public func removeSession(keyHash: String) async throws {
        try write { db in try db.execute(sql: "DELETE FROM webSession WHERE keyHash = ?", arguments: [keyHash]) }
    }
}
