public import CatalogueStore
public import Foundation
public import Logging
public import PostgresStore
public import StoreInterface

/// Which store a command or a server uses: `--db`, else `OILCAT_DB`, else the default SQLite file. An address
/// beginning `postgres://` (or `postgresql://`) is a PostgreSQL database, which a clinic chain's servers share;
/// anything else is the path of an SQLite file, the embedded default (``DatabaseLocation``).
public enum StoreLocation: Sendable {
    /// An SQLite file, and whether it is the default one.
    case sqlite(path: String, isDefault: Bool)
    /// A PostgreSQL database.
    case postgres(PostgresLocation)

    /// The store named by `explicit` (`--db`), else by `OILCAT_DB`, else the default SQLite file.
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> StoreLocation {
        let named = [explicit, environment[DatabaseLocation.environmentVariable]].compactMap { $0 }.first { !$0.isEmpty }
        if let named, isPostgresAddress(named) {
            return .postgres(try PostgresLocation(named, environment: environment))
        }
        let (path, isDefault) = try DatabaseLocation.resolve(explicit: explicit, environment: environment)
        return .sqlite(path: path, isDefault: isDefault)
    }

    /// Whether `text` is a PostgreSQL address rather than a file path.
    public static func isPostgresAddress(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// The store's name to show: the file's path, or the address without its password.
    public var shown: String {
        switch self {
        case .sqlite(let path, _): path
        case .postgres(let location): location.redacted
        }
    }

    /// Opens the store, bringing its schema up to date unless `migrate` is false (SQLite only: a PostgreSQL database is
    /// always brought up to date, under its migration lock). `connections` sizes an SQLite store; PostgreSQL keeps a
    /// pool. `logger` takes the PostgreSQL driver's messages.
    public func open(
        migrate: Bool = true, connections: CatalogueDatabase.Connections = .pool,
        logger: Logger = Logger(label: "oilcat.store", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> any ClinicStore {
        switch self {
        case .sqlite(let path, _):
            return try CatalogueDatabase.open(at: path, migrate: migrate, connections: connections)
        case .postgres(let location):
            return try await PostgresCatalogue.open(location, logger: logger)
        }
    }
}
