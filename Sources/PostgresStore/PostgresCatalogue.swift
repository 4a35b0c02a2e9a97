import CatalogueCore
public import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// The catalogue in a PostgreSQL database: a pool of connections (postgres-nio's `PostgresClient`, run for as long as
/// the value is open) over a schema brought up to date when it is opened.
///
/// It implements the store's protocols (StoreInterface) one domain at a time; each passes the same contract tests as
/// the SQLite store. Every connection runs with READ COMMITTED, UTC and ISO dates whatever the server's defaults,
/// which the statements rely on.
public final class PostgresCatalogue: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// For connections of their own, outside the pool (import locks).
    let connectionConfiguration: PostgresConnection.Configuration
    /// The connections holding import locks, by run and supplier.
    let heldImportLocks = Mutex<[String: PostgresConnection]>([:])
    /// The migrations ``open(_:schema:logger:)`` applied, in order; empty when the schema was up to date.
    public let newlyMigrated: [String]
    private let running: Task<Void, Never>

    private init(
        client: PostgresClient, connectionConfiguration: PostgresConnection.Configuration, newlyMigrated: [String],
        logger: Logger
    ) {
        self.client = client
        self.newlyMigrated = newlyMigrated
        self.connectionConfiguration = connectionConfiguration
        self.logger = logger
        // Detached: the pool lives until ``close()``, not until whatever task opened it is told to shut down.
        running = Task.detached { await client.run() }
    }

    /// Opens the database at `location` (in `schema`, when given: the schema must exist) and migrates it; a database
    /// written by a newer version is refused untouched (``PostgresStoreError/Kind/newerSchema``). The migration runs
    /// on a connection of its own first, so a wrong password or an unreachable server fails at once, in the
    /// server's words.
    public static func open(_ location: PostgresLocation, schema: String? = nil, logger: Logger) async throws -> PostgresCatalogue {
        let connection: PostgresConnection
        let configuration = try location.configuration(schema: schema)
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw PostgresStoreError(.server, "could not connect to \(location.redacted): \(PostgresStoreError.serverWords(error))")
        }
        let newlyMigrated: [String]
        do {
            newlyMigrated = try await PostgresMigrator.migrate(connection, logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
        return PostgresCatalogue(
            client: PostgresClient(configuration: try location.clientConfiguration(schema: schema), backgroundLogger: logger),
            connectionConfiguration: configuration, newlyMigrated: newlyMigrated, logger: logger
        )
    }

    /// Closes every connection and waits until they are closed; the value is not used after.
    public func close() async {
        for connection in heldImportLocks.withLock({ held in defer { held = [:] }; return Array(held.values) }) { try? await connection.close() }
        running.cancel()
        await running.value
    }

    deinit { running.cancel() }

    /// Runs `body` in one transaction on one connection (rolled back if it throws), turning a server's refusal into a
    /// ``PostgresStoreError``. A transaction the server chose as a deadlock's victim is run once more, unless
    /// `retrying` is false (a body that cannot run twice).
    func transaction<T: Sendable>(retrying: Bool = true, _ body: (PostgresConnection) async throws -> sending T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await client.withTransaction(logger: logger) { try await body($0) }
            } catch let error as PostgresTransactionError {
                // The store's own refusals (an unknown user, a name taken), and any error of the caller's own, pass
                // through as they are; only what the server or the driver said is explained.
                if let inner = error.closureError, !(inner is PSQLError), !(inner is PostgresDecodingError), !(inner is PostgresError) {
                    throw inner
                }
                let cause = error.closureError ?? error.beginError ?? error.commitError ?? error
                let refusal = PostgresStoreError(.server, "the database refused a change: \(PostgresStoreError.serverWords(cause))", sqlState: cause)
                if refusal.sqlState == "40P01", retrying, attempt == 1 {
                    attempt += 1
                    continue
                }
                throw refusal.unstorableText ?? refusal
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // The pool could not give a connection (the server down, its circuit breaker open): the database's
                // failure, not the caller's.
                throw PostgresStoreError(.server, "the database cannot be reached: \(PostgresStoreError.serverWords(error))", sqlState: error)
            }
        }
    }

    /// Runs a statement and reads every row it returns with `read`, turning a server's refusal — when the statement
    /// starts or while its rows arrive — into a ``PostgresStoreError`` that gives its words.
    func rows<T>(_ query: PostgresQuery, file: String = #fileID, line: Int = #line, _ read: (PostgresRow) throws -> T) async throws -> [T] {
        do {
            var result: [T] = []
            for try await row in try await client.query(query, logger: logger, file: file, line: line) { result.append(try read(row)) }
            return result
        } catch {
            let refusal = PostgresStoreError(.server, "the database refused a statement: \(PostgresStoreError.serverWords(error))", sqlState: error)
            throw refusal.unstorableText ?? refusal
        }
    }

    /// Runs a statement that returns no rows (or whose rows are not needed).
    func execute(_ query: PostgresQuery, file: String = #fileID, line: Int = #line) async throws {
        _ = try await rows(query, file: file, line: line) { _ in () }
    }
}

extension PostgresLocation {
    /// The pool's settings, with `search_path` set when `schema` is given.
    func clientConfiguration(schema: String?) throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = usesTLS ? .require(.makeClientConfiguration()) : .disable
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = Self.sessionSettings(schema: schema)
        return configuration
    }
}
