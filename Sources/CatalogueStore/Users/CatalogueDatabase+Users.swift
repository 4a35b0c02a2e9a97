public import Foundation
import GRDB

extension CatalogueDatabase {
    /// Adds a user; `passwordHash` is already hashed (bcrypt). Returns the new id.
    /// - Throws: ``ClinicStoreError`` `USER-EXISTS` when the name is taken (names are compared in NFC, ignoring
    ///   case), `USER-NAME` when it breaks ``UserName``'s rules.
    public func addUser(name: String, role: UserRole, passwordHash: String, actor: String, at date: Date = Date()) throws -> Int64 {
        let trimmed = try UserName.validated(name)
        let key = UserName.key(trimmed)
        return try write { db in
            if let existing = try String.fetchOne(db, sql: "SELECT name FROM user WHERE nameKey = ? OR name = ?", arguments: [key, trimmed]) {
                throw ClinicStoreError(code: "USER-EXISTS", message: "a user named '\(existing)' exists (names ignore case); choose another name")
            }
            try db.execute(
                sql: "INSERT INTO user (name, nameKey, role, passwordHash, createdAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [trimmed, key, role.rawValue, passwordHash, date]
            )
            let id = db.lastInsertedRowID
            try AuditEntry.append(
                db, actor: actor, action: "user.add", entity: "user", entityId: String(id), detail: Self.json(["name": trimmed, "role": role.rawValue]), at: date
            )
            return id
        }
    }

    /// Every user, by name.
    public func users() throws -> [UserAccount] {
        try read { db in try Row.fetchAll(db, sql: "SELECT \(Self.userColumns) FROM user ORDER BY name").compactMap(Self.user) }
    }

    /// The user with this id, or `nil`.
    public func user(id: Int64) throws -> UserAccount? {
        try read { db in try Row.fetchOne(db, sql: "SELECT \(Self.userColumns) FROM user WHERE id = ?", arguments: [id]).flatMap(Self.user) }
    }

    /// The user with this name (in any case and Unicode form) and their password hash, for signing in.
    public func userCredentials(name: String) throws -> (user: UserAccount, passwordHash: String)? {
        let key = UserName.key(name)
        return try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.userColumns), passwordHash FROM user WHERE nameKey = ?", arguments: [key]),
                let user = Self.user(row)
            else { return nil }
            return (user, row["passwordHash"])
        }
    }

    /// The user with this id and their password hash, for checking a session.
    public func userCredentials(id: Int64) throws -> (user: UserAccount, passwordHash: String)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.userColumns), passwordHash FROM user WHERE id = ?", arguments: [id]),
                let user = Self.user(row)
            else { return nil }
            return (user, row["passwordHash"])
        }
    }

    /// Whether any enabled admin exists (the first one is made with `oilcat user add --role admin`).
    public func hasAdmin() throws -> Bool {
        try read { db in try Int.fetchOne(db, sql: "SELECT 1 FROM user WHERE role = 'admin' AND disabledAt IS NULL") != nil }
    }

    /// Replaces a user's password hash, and ends every session and API token of theirs: whoever held the old
    /// password may have made them. Failed sign-ins counted against the name are cleared.
    public func setPasswordHash(user id: Int64, passwordHash: String, actor: String, at date: Date = Date()) throws {
        try write { db in
            try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE id = ?", arguments: [passwordHash, id])
            guard db.changesCount == 1 else { throw ClinicStoreError(code: "USER-UNKNOWN", message: "no user \(id)") }
            let ended = try Self.endAccess(db, user: id, at: date)
            try db.execute(sql: "DELETE FROM signInAttempt WHERE nameKey = (SELECT nameKey FROM user WHERE id = ?)", arguments: [id])
            try AuditEntry.append(
                db, actor: actor, action: "user.password", entity: "user", entityId: String(id),
                detail: Self.json(["sessionsEnded": String(ended.sessions), "tokensRevoked": String(ended.tokens)]), at: date
            )
        }
    }

    /// Disables or enables a user. Disabling ends their sessions and revokes their API tokens at once, so enabling
    /// them again brings none of those back: they sign in anew and an admin makes new tokens.
    public func setUserDisabled(_ id: Int64, disabled: Bool, actor: String, at date: Date = Date()) throws {
        try write { db in
            try db.execute(sql: "UPDATE user SET disabledAt = ? WHERE id = ?", arguments: [disabled ? date : nil, id])
            guard db.changesCount == 1 else { throw ClinicStoreError(code: "USER-UNKNOWN", message: "no user \(id)") }
            var detail: String?
            if disabled {
                let ended = try Self.endAccess(db, user: id, at: date)
                detail = Self.json(["sessionsEnded": String(ended.sessions), "tokensRevoked": String(ended.tokens)])
            }
            try AuditEntry.append(
                db, actor: actor, action: disabled ? "user.disable" : "user.enable", entity: "user", entityId: String(id), detail: detail, at: date
            )
        }
    }

    /// Ends every session of a user and revokes every token of theirs in force.
    static func endAccess(_ db: Database, user id: Int64, at date: Date) throws -> (sessions: Int, tokens: Int) {
        try db.execute(sql: "DELETE FROM webSession WHERE userId = ?", arguments: [id])
        let sessions = db.changesCount
        try db.execute(sql: "UPDATE apiToken SET revokedAt = ? WHERE userId = ? AND revokedAt IS NULL", arguments: [date, id])
        return (sessions, db.changesCount)
    }

    /// Stores a new API token's hash for a user; returns the token's id.
    public func addAPIToken(user id: Int64, label: String, tokenHash: String, actor: String, at date: Date = Date()) throws -> Int64 {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM user WHERE id = ?", arguments: [id]) != nil else {
                throw ClinicStoreError(code: "USER-UNKNOWN", message: "no user \(id)")
            }
            try db.execute(
                sql: "INSERT INTO apiToken (userId, label, tokenHash, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [id, label, tokenHash, date]
            )
            let tokenID = db.lastInsertedRowID
            try AuditEntry.append(
                db, actor: actor, action: "token.add", entity: "apiToken", entityId: String(tokenID),
                detail: Self.json(["user": String(id), "label": label]), at: date
            )
            return tokenID
        }
    }

    /// Revokes a token; it stops working at once.
    public func revokeAPIToken(_ id: Int64, actor: String, at date: Date = Date()) throws {
        try write { db in
            try db.execute(sql: "UPDATE apiToken SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL", arguments: [date, id])
            guard db.changesCount == 1 else { throw ClinicStoreError(code: "TOKEN-UNKNOWN", message: "no token \(id) in force") }
            try AuditEntry.append(db, actor: actor, action: "token.revoke", entity: "apiToken", entityId: String(id), at: date)
        }
    }

    /// The tokens of a user (or of everyone).
    public func apiTokens(user id: Int64? = nil) throws -> [APITokenInfo] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, userId, label, createdAt, revokedAt IS NOT NULL FROM apiToken WHERE ? IS NULL OR userId = ? ORDER BY id",
                arguments: [id, id]
            ).map { APITokenInfo(id: $0[0], userID: $0[1], label: $0[2], createdAt: $0[3], revoked: $0[4]) }
        }
    }

    /// The enabled user owning the token in force with this hash.
    public func user(tokenHash: String) throws -> UserAccount? {
        try read { db in
            // Asked on every API request: a cached statement.
            let statement = try db.cachedStatement(sql: """
                SELECT u.id, u.name, u.role, u.createdAt, u.disabledAt
                FROM apiToken t JOIN user u ON u.id = t.userId
                WHERE t.tokenHash = ? AND t.revokedAt IS NULL AND u.disabledAt IS NULL
                """)
            return try Row.fetchOne(statement, arguments: [tokenHash]).flatMap(Self.user)
        }
    }

    static let userColumns = "id, name, role, createdAt, disabledAt"

    static func user(_ row: Row) -> UserAccount? {
        guard let role = UserRole(rawValue: row["role"]) else { return nil }
        return UserAccount(id: row["id"], name: row["name"], role: role, createdAt: row["createdAt"], disabled: (row["disabledAt"] as Date?) != nil)
    }
}
