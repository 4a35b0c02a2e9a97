import CatalogueCore
public import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase: UserStore {
    public func addUser(name: String, role: UserRole, passwordHash: String, actor: String, at date: Date) async throws -> Int64 {
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

    public func users() async throws -> [UserAccount] {
        try read { db in try Row.fetchAll(db, sql: "SELECT \(Self.userColumns) FROM user ORDER BY name").compactMap(Self.user) }
    }

    public func user(id: Int64) async throws -> UserAccount? {
        try read { db in try Row.fetchOne(db, sql: "SELECT \(Self.userColumns) FROM user WHERE id = ?", arguments: [id]).flatMap(Self.user) }
    }

    public func userCredentials(name: String) async throws -> UserCredentials? {
        let key = UserName.key(name)
        return try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.userColumns), passwordHash FROM user WHERE nameKey = ?", arguments: [key]),
                let user = Self.user(row)
            else { return nil }
            return UserCredentials(user: user, passwordHash: row["passwordHash"])
        }
    }

    public func userCredentials(id: Int64) async throws -> UserCredentials? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.userColumns), passwordHash FROM user WHERE id = ?", arguments: [id]),
                let user = Self.user(row)
            else { return nil }
            return UserCredentials(user: user, passwordHash: row["passwordHash"])
        }
    }

    public func hasAdmin() async throws -> Bool {
        try read { db in try Int.fetchOne(db, sql: "SELECT 1 FROM user WHERE role = 'admin' AND disabledAt IS NULL") != nil }
    }

    public func setPasswordHash(user id: Int64, passwordHash: String, actor: String, at date: Date) async throws {
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

    public func setUserDisabled(_ id: Int64, disabled: Bool, actor: String, at date: Date) async throws {
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

    public func addAPIToken(user id: Int64, label: String, tokenHash: String, actor: String, at date: Date) async throws -> Int64 {
        let label = TextHygiene.singleLine(label)
        return try write { db in
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

    public func revokeAPIToken(_ id: Int64, actor: String, at date: Date) async throws {
        try write { db in
            try db.execute(sql: "UPDATE apiToken SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL", arguments: [date, id])
            guard db.changesCount == 1 else { throw ClinicStoreError(code: "TOKEN-UNKNOWN", message: "no token \(id) in force") }
            try AuditEntry.append(db, actor: actor, action: "token.revoke", entity: "apiToken", entityId: String(id), at: date)
        }
    }

    public func apiTokens(user id: Int64?) async throws -> [APITokenInfo] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, userId, label, createdAt, revokedAt IS NOT NULL FROM apiToken WHERE ? IS NULL OR userId = ? ORDER BY id",
                arguments: [id, id]
            ).map { APITokenInfo(id: $0[0], userID: $0[1], label: $0[2], createdAt: $0[3], revoked: $0[4]) }
        }
    }

    public func user(tokenHash: String) async throws -> UserAccount? {
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
