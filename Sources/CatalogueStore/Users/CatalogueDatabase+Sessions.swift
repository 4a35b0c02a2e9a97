public import Foundation
import GRDB

extension CatalogueDatabase {
    /// A stored session's value, or `nil` when there is none, it expired, or it was idle longer than `idle`.
    /// A session in use has its last use brought forward (at most once a minute, to keep reads cheap), and one idle
    /// too long is removed; with `maintaining: false` neither is written, and `maintenance` says whether it is due
    /// (a page must not wait for another program's write lock to read its session): bring it forward later with
    /// ``touchSession(keyHash:from:now:)``, passing the `lastUse` returned here.
    public func sessionValue(
        keyHash: String, idle: TimeInterval? = nil, now: Date = Date(), maintaining: Bool = true
    ) throws -> (value: Data, expiresAt: Date?, lastUse: SessionLastUse, maintenance: Bool)? {
        let found = try read { db -> (Data, Date?, Date?, DatabaseValue)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT value, expiresAt, lastSeenAt FROM webSession WHERE keyHash = ?", arguments: [keyHash])
            else { return nil }
            return (row[0], row[1], row[2], row[2])
        }
        guard let (value, expiresAt, lastSeenAt, storedLastSeen) = found else { return nil }
        if let expiresAt, expiresAt <= now { return nil }
        if let idle, let lastSeenAt, now.timeIntervalSince(lastSeenAt) > idle {
            if maintaining { try removeSession(keyHash: keyHash) }
            return nil
        }
        let due = idle != nil && (lastSeenAt.map { now.timeIntervalSince($0) > 60 } ?? true)
        if due, maintaining {
            try write { db in
                try db.execute(sql: "UPDATE webSession SET lastSeenAt = ? WHERE keyHash = ?", arguments: [now, keyHash])
            }
        }
        return (value, expiresAt, SessionLastUse(stored: storedLastSeen, at: lastSeenAt), due && !maintaining)
    }

    /// Brings a session's last use forward to `now`, only if it is still what was read for the request (`lastUse`)
    /// and the session has not gone idle longer than `idle` since: a touch written late never revives a session that
    /// was ended, replaced, moved on or timed out meanwhile.
    public func touchSession(keyHash: String, from lastUse: SessionLastUse, now: Date, idle: TimeInterval? = nil) throws {
        if let idle, let at = lastUse.at, Date().timeIntervalSince(at) > idle { return }
        try write { db in
            try db.execute(
                sql: "UPDATE webSession SET lastSeenAt = ? WHERE keyHash = ? AND lastSeenAt IS ?",
                arguments: [now, keyHash, lastUse.stored]
            )
        }
    }

    /// Creates or replaces a session of `user`; `expiresAt` nil keeps the stored expiry of an existing session.
    /// Expired sessions are removed on the way.
    public func storeSession(keyHash: String, user: Int64?, value: Data, expiresAt: Date?, now: Date = Date()) throws {
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

    /// Whether a session with this key hash exists and has not expired.
    public func sessionExists(keyHash: String, now: Date = Date()) throws -> Bool {
        try sessionValue(keyHash: keyHash, now: now) != nil
    }

    /// Removes a session (signing out).
    public func removeSession(keyHash: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM webSession WHERE keyHash = ?", arguments: [keyHash]) }
    }

    /// How many sessions a user has open.
    public func sessionCount(user id: Int64) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webSession WHERE userId = ?", arguments: [id]) ?? 0 }
    }
}

/// A session's last use exactly as stored, read for one request: the condition under which that request may bring
/// it forward.
public struct SessionLastUse: Sendable {
    let stored: DatabaseValue
    let at: Date?
}
