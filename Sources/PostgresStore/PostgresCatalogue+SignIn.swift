import CatalogueCore
public import Foundation
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: SignInStore {
    /// Several servers count at once: a transaction-scoped advisory lock on the client address makes the count and
    /// the insert one step for every server (READ COMMITTED alone would let a parallel burst past the limit).
    public func admitSignIn(name: String, address: String, limits: SignInLimits, now: Date) async throws -> SignInAdmission {
        let key = UserNameKey.of(name)
        let since = now.addingTimeInterval(-limits.window)
        return try await transaction { connection in
            try await connection.query(#"SELECT pg_advisory_xact_lock(hashtext('oilcat-sign-in:' || \#(address)))"#, logger: logger)
            try await connection.query(#"DELETE FROM "signInAttempt" WHERE "at" <= \#(since)"#, logger: logger)
            let counts = try await connection.query(
                #"""
                SELECT count(*) FILTER (WHERE "nameKey" = \#(key)), count(*) FROM "signInAttempt"
                WHERE "address" = \#(address) AND "at" > \#(since)
                """#,
                logger: logger
            )
            var (forName, forAddress) = (0, 0)
            for try await (name, all) in counts.decode((Int, Int).self) { (forName, forAddress) = (name, all) }
            if forName >= limits.perNameAndAddress { return .nameLocked }
            if forAddress >= limits.perAddress { return .addressLocked }
            try await connection.query(
                #"INSERT INTO "signInAttempt" ("nameKey", "address", "at") VALUES (\#(key), \#(address), \#(now))"#, logger: logger
            )
            return .admitted
        }
    }

    public func signInSucceeded(name: String, address: String) async throws {
        try await query(#"DELETE FROM "signInAttempt" WHERE "nameKey" = \#(UserNameKey.of(name)) AND "address" = \#(address)"#)
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
            let detail = #"{"cleared":"\#(count)"}"#
            try await connection.query(
                #"""
                INSERT INTO "auditLog" ("at", "actor", "action", "entity", "entityId", "detail")
                VALUES (\#(date), \#(actor), 'user.unlock', 'user', \#(name), \#(detail))
                """#,
                logger: logger
            )
            return count
        }
    }

    public func signInFailureCount(name: String, window: TimeInterval, now: Date) async throws -> Int {
        let rows = try await query(
            #"SELECT count(*) FROM "signInAttempt" WHERE "nameKey" = \#(UserNameKey.of(name)) AND "at" > \#(now.addingTimeInterval(-window))"#
        )
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
