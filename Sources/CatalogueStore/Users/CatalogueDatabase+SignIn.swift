public import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase: SignInStore {
    /// SQLite's one writer makes the count and the insert atomic.
    public func admitSignIn(name: String, address: String, limits: SignInLimits, now: Date) async throws -> SignInAdmission {
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

    public func signInSucceeded(name: String, address: String) async throws {
        try write { db in
            try db.execute(sql: "DELETE FROM signInAttempt WHERE nameKey = ? AND address = ?", arguments: [UserName.key(name), address])
        }
    }

    @discardableResult
    public func clearSignInFailures(name: String, actor: String, at date: Date) async throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM signInAttempt WHERE nameKey = ?", arguments: [UserName.key(name)])
            let count = db.changesCount
            try AuditEntry.append(db, actor: actor, action: "user.unlock", entity: "user", entityId: name, detail: Self.json(["cleared": String(count)]), at: date)
            return count
        }
    }

    public func signInFailureCount(name: String, window: TimeInterval, now: Date) async throws -> Int {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM signInAttempt WHERE nameKey = ? AND at > ?", arguments: [UserName.key(name), now.addingTimeInterval(-window)]
            ) ?? 0
        }
    }
}
