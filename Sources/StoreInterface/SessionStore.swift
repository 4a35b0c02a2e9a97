public import Foundation

/// Browser sessions, shared by every server on one database: what the web app's session storage needs of a backend.
///
/// Reading a session never writes (a page must not wait for another program's write lock, or another server's, to
/// read its session); the last use is brought forward afterwards with ``touchSession(keyHash:from:now:idle:)``.
/// Every backend (SQLite's `CatalogueDatabase`, PostgreSQL's `PostgresCatalogue`) passes the same contract tests.
public protocol SessionStore: Sendable {
    /// The session stored under `keyHash`, or `nil` when there is none, it expired, or it was last used longer than
    /// `idle` before `now`.
    func session(keyHash: String, idle: TimeInterval?, now: Date) async throws -> StoredSession?

    /// Brings a session's last use forward to `now`, only if it is still `lastUse` as read for the request and the
    /// session has not been idle longer than `idle` since: a touch written late never revives a session that was
    /// ended, replaced, moved on or timed out meanwhile.
    func touchSession(keyHash: String, from lastUse: SessionLastUse, now: Date, idle: TimeInterval?) async throws

    /// Creates or replaces the session under `keyHash` for `user`; `expiresAt` nil keeps the stored expiry of an
    /// existing session. Expired sessions are removed on the way.
    func storeSession(keyHash: String, user: Int64?, value: Data, expiresAt: Date?, now: Date) async throws

    /// Removes a session (signing out).
    func removeSession(keyHash: String) async throws
}

/// A stored session as one request reads it.
public struct StoredSession: Sendable {
    /// What the web app stored (its encoded session).
    public var value: Data
    public var expiresAt: Date?
    /// The last use as read, the condition of a later touch.
    public var lastUse: SessionLastUse
    /// Whether the last use is due to be brought forward (it is more than a minute old, or unknown).
    public var touchDue: Bool

    public init(value: Data, expiresAt: Date?, lastUse: SessionLastUse, touchDue: Bool) {
        self.value = value
        self.expiresAt = expiresAt
        self.lastUse = lastUse
        self.touchDue = touchDue
    }
}

/// A session's last use exactly as its backend stores it, read for one request: comparing the stored form (not a
/// `Date` decoded and encoded again, which each backend rounds its own way) makes a late touch's condition exact.
public struct SessionLastUse: Sendable, Equatable {
    /// The backend's own text of the stored value; `nil` when none is stored.
    public let stored: String?
    /// The same moment as a date.
    public let at: Date?

    public init(stored: String?, at: Date?) {
        self.stored = stored
        self.at = at
    }

    /// Whether a touch from this reading comes too late: the session was idle longer than `idle` by `now`.
    public func timedOut(idle: TimeInterval?, now: Date = Date()) -> Bool {
        guard let idle, let at else { return false }
        return now.timeIntervalSince(at) > idle
    }
}
