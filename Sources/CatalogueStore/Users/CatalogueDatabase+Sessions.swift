public import Foundation
import GRDB

extension CatalogueDatabase {
    /// A stored session's value, or `nil` when there is none or it expired.
    public func sessionValue(keyHash: String, now: Date = Date()) throws -> (value: Data, expiresAt: Date?)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT value, expiresAt FROM webSession WHERE keyHash = ?", arguments: [keyHash]) else {
                return nil
            }
            let expiresAt: Date? = row[1]
            if let expiresAt, expiresAt <= now { return nil }
            return (row[0], expiresAt)
        }
    }

    /// Creates or replaces a session; `expiresAt` nil keeps the stored expiry of an existing session. Expired
    /// sessions are removed on the way.
    public func storeSession(keyHash: String, value: Data, expiresAt: Date?, now: Date = Date()) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM webSession WHERE expiresAt <= ?", arguments: [now])
            try db.execute(
                sql: """
                    INSERT INTO webSession (keyHash, value, expiresAt) VALUES (?, ?, ?)
                    ON CONFLICT(keyHash) DO UPDATE SET value = excluded.value, expiresAt = COALESCE(excluded.expiresAt, webSession.expiresAt)
                    """,
                arguments: [keyHash, value, expiresAt]
            )
        }
    }

    /// Whether a session with this key hash exists and has not expired.
    public func sessionExists(keyHash: String, now: Date = Date()) throws -> Bool {
        try sessionValue(keyHash: keyHash, now: now) != nil
    }

    /// Removes a session (signing out).
    public func removeSession(keyHash: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM webSession WHERE keyHash = ?", arguments: [keyHash]) }
    }
}
