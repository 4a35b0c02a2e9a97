import CatalogueCore
public import Foundation
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: SignInStore {
    /// Several servers count at once: a transaction-scoped advisory lock on the client address (in this schema) makes
    /// the count and the insert one step for every server; under READ COMMITTED (set on every connection) the count
    /// sees what the previous holder committed. An address that keeps a lock waiting past a few seconds has a burst in
    /// flight: it is refused like one over its limit, rather than holding the pool's connections.
    public func admitSignIn(name: String, address: String, limits: SignInLimits, now: Date) async throws -> SignInAdmission {
        let key = UserNameKey.of(name)
        let since = now.addingTimeInterval(-limits.window)
        do {
            return try await transaction { connection in
                for try await _ in try await connection.query("SET LOCAL lock_timeout = '3s'", logger: logger) {}
                for try await _ in try await connection.query(
                    #"SELECT pg_advisory_xact_lock(hashtext('oilcat-sign-in:' || current_schema() || ':' || \#(address)))"#, logger: logger
                ) {}
                // Only this address's expired attempts: the lock covers them, and no other sign-in waits on them.
                try await connection.query(#"DELETE FROM "signInAttempt" WHERE "address" = \#(address) AND "at" <= \#(since)"#, logger: logger)
                var (forName, forAddress) = (0, 0)
                let counts = try await connection.query(
                    #"""
                    SELECT count(*) FILTER (WHERE "nameKey" = \#(key)), count(*) FROM "signInAttempt"
                    WHERE "address" = \#(address) AND "at" > \#(since)
                    """#,
                    logger: logger
                )
                for try await (name, all) in counts.decode((Int, Int).self) { (forName, forAddress) = (name, all) }
                if forName >= limits.perNameAndAddress { return .nameLocked }
                if forAddress >= limits.perAddress { return .addressLocked }
                try await connection.query(
                    #"INSERT INTO "signInAttempt" ("nameKey", "address", "at") VALUES (\#(key), \#(address), \#(now))"#, logger: logger
                )
                return .admitted
            }
        } catch let error as PostgresStoreError where error.sqlState == "55P03" {
            return .addressLocked
        }
    }

    public func signInSucceeded(name: String, address: String) async throws {
        try await execute(#"DELETE FROM "signInAttempt" WHERE "nameKey" = \#(UserNameKey.of(name)) AND "address" = \#(address)"#)
        // Other addresses' expired attempts, a few at a time, skipping any a sign-in holds.
        try await execute(
            #"""
            DELETE FROM "signInAttempt" WHERE ctid IN (
              SELECT ctid FROM "signInAttempt" WHERE "at" <= \#(Date().addingTimeInterval(-SignInLimits().window))
              LIMIT 500 FOR UPDATE SKIP LOCKED)
            """#
        )
    }

    @discardableResult
    public func clearSignInFailures(name: String, actor: String, at date: Date) async throws -> Int {
        try await transaction { connection in
            let deleted = try await connection.query(
                #"WITH gone AS (DELETE FROM "signInAttempt" WHERE "nameKey" = \#(UserNameKey.of(name)) RETURNING 1) SELECT count(*) FROM gone"#,
                logger: logger
            )
            var count = 0
            for try await value in deleted.decode(Int.self) { count = value }
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "user.unlock", entity: "user", entityId: name,
                detail: AuditDetail.json(["cleared": String(count)]), at: date
            )
            return count
        }
    }

    public func signInFailureCount(name: String, window: TimeInterval, now: Date) async throws -> Int {
        try await rows(
            #"SELECT count(*) FROM "signInAttempt" WHERE "nameKey" = \#(UserNameKey.of(name)) AND "at" > \#(now.addingTimeInterval(-window))"#
        ) { try $0.decode(Int.self) }.first ?? 0
    }
}
