public import Foundation
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: SessionStore {
    public func session(keyHash: String, idle: TimeInterval?, now: Date) async throws -> StoredSession? {
        // The last use is also read as the server's text of it (UTC, ISO: see PostgresLocation.sessionSettings): the
        // exact stored form, for a later touch's condition.
        let found = try await rows(
            #"SELECT "value", "expiresAt", "lastSeenAt", "lastSeenAt"::text FROM "webSession" WHERE "keyHash" = \#(keyHash)"#
        ) { try $0.decode((ByteBuffer, Date?, Date?, String?).self) }
        guard let (value, expiresAt, lastSeenAt, stored) = found.first else { return nil }
        if let expiresAt, expiresAt <= now { return nil }
        if let idle, let lastSeenAt, now.timeIntervalSince(lastSeenAt) > idle { return nil }
        let due = idle != nil && (lastSeenAt.map { now.timeIntervalSince($0) > 60 } ?? true)
        return StoredSession(
            value: Data(value.readableBytesView), expiresAt: expiresAt, lastUse: SessionLastUse(stored: stored, at: lastSeenAt), touchDue: due
        )
    }

    public func touchSession(keyHash: String, from lastUse: SessionLastUse, now: Date, idle: TimeInterval?) async throws {
        if lastUse.timedOut(idle: idle) { return }
        try await execute(
            #"""
            UPDATE "webSession" SET "lastSeenAt" = \#(now)
            WHERE "keyHash" = \#(keyHash) AND "lastSeenAt"::text IS NOT DISTINCT FROM \#(lastUse.stored)
            """#
        )
    }

    public func storeSession(keyHash: String, user: Int64?, value: Data, expiresAt: Date?, now: Date) async throws {
        try await transaction { connection in
            try await connection.query(#"DELETE FROM "webSession" WHERE "expiresAt" <= \#(now)"#, logger: logger)
            try await connection.query(
                #"""
                INSERT INTO "webSession" ("keyHash", "userId", "value", "expiresAt", "lastSeenAt")
                VALUES (\#(keyHash), \#(user), \#(value), \#(expiresAt), \#(now))
                ON CONFLICT ("keyHash") DO UPDATE SET "value" = excluded."value", "userId" = excluded."userId",
                  "expiresAt" = COALESCE(excluded."expiresAt", "webSession"."expiresAt"), "lastSeenAt" = excluded."lastSeenAt"
                """#,
                logger: logger
            )
        }
    }

    public func removeSession(keyHash: String) async throws {
        try await execute(#"DELETE FROM "webSession" WHERE "keyHash" = \#(keyHash)"#)
    }
}
