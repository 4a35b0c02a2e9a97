import CatalogueCore
public import Foundation
import Logging
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: UserStore {
    public func addUser(name: String, role: UserRole, passwordHash: String, actor: String, at date: Date) async throws -> Int64 {
        let trimmed = try UserName.validated(name)
        let key = UserName.key(trimmed)
        do {
            return try await transaction { connection in
                // The key, and SQLite's case-blind name (ASCII letters), as the unique indexes compare them.
                let taken = try await connection.query(
                    #"SELECT "name" FROM "user" WHERE "nameKey" = \#(key) OR \#(unescaped: Self.caseBlindName) = \#(Self.asciiLowered(trimmed))"#,
                    logger: logger
                )
                var existing: String?
                for try await name in taken.decode(String.self) { existing = name }
                if let existing { throw Self.nameTaken(existing) }
                var id: Int64 = 0
                let inserted = try await connection.query(
                    #"""
                    INSERT INTO "user" ("name", "nameKey", "role", "passwordHash", "createdAt")
                    VALUES (\#(trimmed), \#(key), \#(role.rawValue), \#(passwordHash), \#(date)) RETURNING "id"
                    """#,
                    logger: logger
                )
                for try await value in inserted.decode(Int64.self) { id = value }
                try await Self.appendAudit(
                    connection, logger: logger, actor: actor, action: "user.add", entity: "user", entityId: String(id),
                    detail: AuditDetail.json(["name": trimmed, "role": role.rawValue]), at: date
                )
                return id
            }
        } catch let error as PostgresStoreError where error.sqlState == "23505" {
            // Another server added the name between the check and the insert: named as it is stored.
            let stored = try? await rows(
                #"SELECT "name" FROM "user" WHERE "nameKey" = \#(key) OR \#(unescaped: Self.caseBlindName) = \#(Self.asciiLowered(trimmed))"#
            ) { try $0.decode(String.self) }.first
            throw Self.nameTaken(stored ?? trimmed)
        }
    }

    public func users() async throws -> [UserAccount] {
        try await rows(
            PostgresQuery(unsafeSQL: #"SELECT \#(Self.userColumns) FROM "user" ORDER BY \#(Self.caseBlindName) COLLATE "C", "id""#)
        ) { try Self.user($0) }.compactMap { $0 }
    }

    public func user(id: Int64) async throws -> UserAccount? {
        try await rows(#"SELECT "id", "name", "role", "createdAt", "disabledAt" FROM "user" WHERE "id" = \#(id)"#) { try Self.user($0) }
            .first ?? nil
    }

    public func userCredentials(name: String) async throws -> UserCredentials? {
        try await rows(
            #"SELECT "id", "name", "role", "createdAt", "disabledAt", "passwordHash" FROM "user" WHERE "nameKey" = \#(UserName.key(name))"#
        ) { try Self.credentials($0) }.first ?? nil
    }

    public func userCredentials(id: Int64) async throws -> UserCredentials? {
        try await rows(
            #"SELECT "id", "name", "role", "createdAt", "disabledAt", "passwordHash" FROM "user" WHERE "id" = \#(id)"#
        ) { try Self.credentials($0) }.first ?? nil
    }

    public func hasAdmin() async throws -> Bool {
        try await rows(#"SELECT EXISTS (SELECT 1 FROM "user" WHERE "role" = 'admin' AND "disabledAt" IS NULL)"#) { try $0.decode(Bool.self) }
            .first ?? false
    }

    public func setPasswordHash(user id: Int64, passwordHash: String, actor: String, at date: Date) async throws {
        try await transaction { connection in
            var key: String?
            let updated = try await connection.query(
                #"UPDATE "user" SET "passwordHash" = \#(passwordHash) WHERE "id" = \#(id) RETURNING "nameKey""#, logger: logger
            )
            var found = false
            for try await value in updated.decode(String?.self) { (found, key) = (true, value) }
            guard found else { throw ClinicStoreError(code: "USER-UNKNOWN", message: "no user \(id)") }
            let ended = try await Self.endAccess(connection, logger: logger, user: id, at: date)
            try await connection.query(#"DELETE FROM "signInAttempt" WHERE "nameKey" = \#(key)"#, logger: logger)
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "user.password", entity: "user", entityId: String(id),
                detail: AuditDetail.json(["sessionsEnded": String(ended.sessions), "tokensRevoked": String(ended.tokens)]), at: date
            )
        }
    }

    public func setUserDisabled(_ id: Int64, disabled: Bool, actor: String, at date: Date) async throws {
        try await transaction { connection in
            let when: Date? = disabled ? date : nil
            let updated = try await Self.count(
                try await connection.query(#"UPDATE "user" SET "disabledAt" = \#(when) WHERE "id" = \#(id) RETURNING 1"#, logger: logger)
            )
            guard updated == 1 else { throw ClinicStoreError(code: "USER-UNKNOWN", message: "no user \(id)") }
            var detail: String?
            if disabled {
                let ended = try await Self.endAccess(connection, logger: logger, user: id, at: date)
                detail = AuditDetail.json(["sessionsEnded": String(ended.sessions), "tokensRevoked": String(ended.tokens)])
            }
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: disabled ? "user.disable" : "user.enable", entity: "user",
                entityId: String(id), detail: detail, at: date
            )
        }
    }

    public func addAPIToken(user id: Int64, label: String, tokenHash: String, actor: String, at date: Date) async throws -> Int64 {
        let label = TextHygiene.singleLine(label)
        return try await transaction { connection in
            // The user's row is locked, so it cannot be removed or disabled half-way.
            let user = try await Self.count(try await connection.query(#"SELECT 1 FROM "user" WHERE "id" = \#(id) FOR SHARE"#, logger: logger))
            guard user == 1 else { throw ClinicStoreError(code: "USER-UNKNOWN", message: "no user \(id)") }
            var tokenID: Int64 = 0
            let inserted = try await connection.query(
                #"""
                INSERT INTO "apiToken" ("userId", "label", "tokenHash", "createdAt")
                VALUES (\#(id), \#(label), \#(tokenHash), \#(date)) RETURNING "id"
                """#,
                logger: logger
            )
            for try await value in inserted.decode(Int64.self) { tokenID = value }
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "token.add", entity: "apiToken", entityId: String(tokenID),
                detail: AuditDetail.json(["user": String(id), "label": label]), at: date
            )
            return tokenID
        }
    }

    public func revokeAPIToken(_ id: Int64, actor: String, at date: Date) async throws {
        try await transaction { connection in
            let revoked = try await Self.count(
                try await connection.query(
                    #"UPDATE "apiToken" SET "revokedAt" = \#(date) WHERE "id" = \#(id) AND "revokedAt" IS NULL RETURNING 1"#, logger: logger
                )
            )
            guard revoked == 1 else { throw ClinicStoreError(code: "TOKEN-UNKNOWN", message: "no token \(id) in force") }
            try await Self.appendAudit(connection, logger: logger, actor: actor, action: "token.revoke", entity: "apiToken", entityId: String(id), at: date)
        }
    }

    public func apiTokens(user id: Int64?) async throws -> [APITokenInfo] {
        try await rows(
            #"""
            SELECT "id", "userId", "label", "createdAt", "revokedAt" IS NOT NULL FROM "apiToken"
            WHERE \#(id)::bigint IS NULL OR "userId" = \#(id) ORDER BY "id"
            """#
        ) {
            let (id, user, label, created, revoked) = try $0.decode((Int64, Int64, String, Date, Bool).self)
            return APITokenInfo(id: id, userID: user, label: label, createdAt: created, revoked: revoked)
        }
    }

    public func user(tokenHash: String) async throws -> UserAccount? {
        try await rows(
            #"""
            SELECT u."id", u."name", u."role", u."createdAt", u."disabledAt"
            FROM "apiToken" t JOIN "user" u ON u."id" = t."userId"
            WHERE t."tokenHash" = \#(tokenHash) AND t."revokedAt" IS NULL AND u."disabledAt" IS NULL
            """#
        ) { try Self.user($0) }.first ?? nil
    }

    /// Ends every session of a user and revokes every token of theirs in force.
    static func endAccess(_ connection: PostgresConnection, logger: Logger, user id: Int64, at date: Date) async throws -> (sessions: Int, tokens: Int) {
        let sessions = try await count(try await connection.query(#"DELETE FROM "webSession" WHERE "userId" = \#(id) RETURNING 1"#, logger: logger))
        let tokens = try await count(
            try await connection.query(
                #"UPDATE "apiToken" SET "revokedAt" = \#(date) WHERE "userId" = \#(id) AND "revokedAt" IS NULL RETURNING 1"#, logger: logger
            )
        )
        return (sessions, tokens)
    }

    static let userColumns = #""id", "name", "role", "createdAt", "disabledAt""#

    /// A user from a row of ``userColumns``; `nil` for a role this version does not know.
    static func user(_ row: PostgresRow) throws -> UserAccount? {
        let (id, name, role, created, disabled) = try row.decode((Int64, String, String, Date, Date?).self)
        guard let role = UserRole(rawValue: role) else { return nil }
        return UserAccount(id: id, name: name, role: role, createdAt: created, disabled: disabled != nil)
    }

    /// A user and their password hash from a row of ``userColumns`` and `passwordHash`.
    static func credentials(_ row: PostgresRow) throws -> UserCredentials? {
        let (id, name, role, created, disabled, hash) = try row.decode((Int64, String, String, Date, Date?, String).self)
        guard let role = UserRole(rawValue: role) else { return nil }
        return UserCredentials(user: UserAccount(id: id, name: name, role: role, createdAt: created, disabled: disabled != nil), passwordHash: hash)
    }

    static func nameTaken(_ name: String) -> ClinicStoreError {
        ClinicStoreError(code: "USER-EXISTS", message: "a user named '\(name)' exists (names ignore case); choose another name")
    }

    /// The user's name with ASCII letters in lower case, as SQLite's NOCASE compares: the unique index on user names
    /// is on this very expression.
    static let caseBlindName = caseBlind(#""name""#)

    /// `column` with ASCII letters in lower case, as SQLite's NOCASE compares; ordered with `COLLATE "C"`, it sorts
    /// as SQLite's `COLLATE NOCASE` does (UTF-8 bytes, ASCII case aside).
    static func caseBlind(_ column: String) -> String {
        "translate(\(column), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
    }

    /// `text` with ASCII letters in lower case (and nothing else changed), to compare with ``caseBlindName``.
    static func asciiLowered(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { (0x41...0x5A).contains($0.value) ? Unicode.Scalar($0.value + 0x20)! : $0 }))
    }
}
