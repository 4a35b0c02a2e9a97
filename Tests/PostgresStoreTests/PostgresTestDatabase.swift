import Foundation
import Logging
import PostgresNIO
import PostgresStore
import Testing

/// A PostgreSQL schema of its own for one test, on the server `OILCAT_TEST_POSTGRES_URL` names (`.ci/run` starts one
/// with scripts/test-postgres.sh). Without the variable the PostgreSQL tests are skipped, except in CI, where
/// `OILCAT_TEST_REQUIRE_POSTGRES=1` makes the missing server a failure (``PostgresLocationTests``).
struct PostgresTestDatabase {
    static let address = ProcessInfo.processInfo.environment["OILCAT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static var isAvailable: Bool { address != nil }
    static let logger = Logger(label: "oilcat.tests.postgres")

    let location: PostgresLocation
    let schema: String

    /// Runs `body` with a fresh, empty schema, which is dropped afterwards.
    static func withSchema<T>(_ body: (PostgresTestDatabase) async throws -> T) async throws -> T {
        let location = try PostgresLocation(try #require(address))
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try await PostgresConnection.connect(configuration: try location.configuration(), id: 0, logger: logger)
        try await admin.query(PostgresQuery(unsafeSQL: #"CREATE SCHEMA "\#(schema)""#), logger: logger)
        let database = PostgresTestDatabase(location: location, schema: schema)
        do {
            let result = try await body(database)
            try await admin.query(PostgresQuery(unsafeSQL: #"DROP SCHEMA "\#(schema)" CASCADE"#), logger: logger)
            try await admin.close()
            return result
        } catch {
            _ = try? await admin.query(PostgresQuery(unsafeSQL: #"DROP SCHEMA "\#(schema)" CASCADE"#), logger: logger)
            try? await admin.close()
            throw error
        }
    }

    /// A connection whose `search_path` is the test's schema, closed after `body`.
    func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(
            configuration: try location.configuration(schema: schema), id: 1, logger: Self.logger
        )
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
