public import Foundation
import GRDB

/// How many failed sign-ins are allowed before a name is refused, and for how long.
public struct SignInLimits: Sendable {
    /// Attempts for one name from one address within ``window``.
    public var perNameAndAddress = 5
    /// Attempts from one address, whatever the names, within ``window`` (one address spraying many names).
    public var perAddress = 50
    /// How long an attempt counts.
    public var window: TimeInterval = 15 * 60

    public init() {}
}

/// Whether a sign-in attempt may check its password.
public enum SignInAdmission: Sendable, Equatable {
    /// Counted; check the password.
    case admitted
    /// Too many recent attempts for this name from this address.
    case nameLocked
    /// Too many recent attempts from this address.
    case addressLocked
}

extension CatalogueDatabase {
    /// Counts a sign-in attempt *before* its password is checked, in one write transaction: of a burst of parallel
    /// attempts, only the first `limits.perNameAndAddress` are admitted, whichever carries the right password. The
    /// count is per name *and* client address, so guessing from one place cannot lock the real user out elsewhere.
    public func admitSignIn(name: String, address: String, limits: SignInLimits = .init(), now: Date = Date()) throws -> SignInAdmission {
        let key = UserName.key(name)
        return try write { db in
            let since = now.addingTimeInterval(-limits.window)
            try db.execute(sql: "DELETE FROM signInAttempt WHERE at <= ?", arguments: [since])
            let forName = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM signInAttempt WHERE nameKey = ? AND address = ? AND at > ?", arguments: [key, address, since]
            ) ?? 0
            if forName >= limits.perNameAndAddress { return .nameLocked }
            let forAddress = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM signInAttempt WHERE address = ? AND at > ?", arguments: [address, since]) ?? 0
            if forAddress >= limits.perAddress { return .addressLocked }
            try db.execute(sql: "INSERT INTO signInAttempt (nameKey, address, at) VALUES (?, ?, ?)", arguments: [key, address, now])
            return .admitted
        }
    }

    /// A successful sign-in: its name's attempts from that address no longer count.
    public func signInSucceeded(name: String, address: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM signInAttempt WHERE nameKey = ? AND address = ?", arguments: [UserName.key(name), address])
        }
    }

    /// An admin's reset: every counted attempt for this name, from every address, is forgotten. Returns how many.
    @discardableResult
    public func clearSignInFailures(name: String, actor: String, at date: Date = Date()) throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM signInAttempt WHERE nameKey = ?", arguments: [UserName.key(name)])
            let count = db.changesCount
            try AuditEntry.append(db, actor: actor, action: "user.unlock", entity: "user", entityId: name, detail: Self.json(["cleared": String(count)]), at: date)
            return count
        }
    }

    /// How many attempts count against a name now, from every address.
    public func signInFailureCount(name: String, window: TimeInterval = SignInLimits().window, now: Date = Date()) throws -> Int {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM signInAttempt WHERE nameKey = ? AND at > ?", arguments: [UserName.key(name), now.addingTimeInterval(-window)]
            ) ?? 0
        }
    }
}
