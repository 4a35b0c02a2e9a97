public import Logging
import NIOSSL
import PostgresNIO

/// The catalogue in a PostgreSQL database: a pool of connections (postgres-nio's `PostgresClient`, run for as long as
/// the value is open) over a schema brought up to date when it is opened.
///
/// It implements the store's protocols one domain at a time (sessions so far, ``SessionStore``); each passes the
/// same contract tests as the SQLite store.
public final class PostgresCatalogue: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        running = Task { await client.run() }
    }

    /// Opens the database at `location` (in `schema`, when given: the schema must exist) and migrates it; a database
    /// written by a newer version is refused untouched (``PostgresStoreError/Kind/newerSchema``).
    public static func open(_ location: PostgresLocation, schema: String? = nil, logger: Logger) async throws -> PostgresCatalogue {
        let catalogue = PostgresCatalogue(client: PostgresClient(configuration: try location.clientConfiguration(schema: schema), backgroundLogger: logger), logger: logger)
        do {
            _ = try await catalogue.client.withConnection { try await PostgresMigrator.migrate($0, logger: logger) }
        } catch {
            catalogue.close()
            throw error
        }
        return catalogue
    }

    /// Closes every connection; the value is not used after.
    public func close() {
        running.cancel()
    }

    deinit { running.cancel() }

    /// Runs `body` in one transaction on one connection (rolled back if it throws), turning a server's refusal into a
    /// ``PostgresStoreError``.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> sending T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { try await body($0) }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError as? PostgresStoreError { throw inner }
            let cause = error.closureError ?? error.beginError ?? error.commitError ?? error
            throw PostgresStoreError(.server, "the database refused a change: \(PostgresStoreError.serverWords(cause))")
        }
    }

    /// Runs a statement, turning a server's refusal into a ``PostgresStoreError`` that gives its words.
    @discardableResult
    func query(_ query: PostgresQuery, file: String = #fileID, line: Int = #line) async throws -> PostgresRowSequence {
        do {
            return try await client.query(query, logger: logger, file: file, line: line)
        } catch {
            throw PostgresStoreError(.server, "the database refused a statement: \(PostgresStoreError.serverWords(error))")
        }
    }
}

extension PostgresLocation {
    /// The pool's settings, with `search_path` set when `schema` is given.
    func clientConfiguration(schema: String?) throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = usesTLS ? .require(.makeClientConfiguration()) : .disable
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", Self.quotedIdentifier(schema))] }
        return configuration
    }
}
