import Foundation
public import GRDB

/// The embedded SQLite database: one file in WAL mode, reached through GRDB, with its migrations.
///
/// Like GRDB's `AppDatabase`, it is a `Sendable` value that owns the schema; every read and write goes through
/// ``writer`` inside a closure, so the connection never escapes.
public struct CatalogueDatabase: Sendable {
    /// The GRDB writer: a `DatabasePool` for a file, a `DatabaseQueue` in memory. SQLite's own, for this module,
    /// its tests and the benchmark's bulk set-up (`@_spi(SQLite) import CatalogueStore`): everything else goes
    /// through the named methods, which a PostgreSQL store can offer too.
    @_spi(SQLite) public let writer: any DatabaseWriter
    /// Where the database lives, or ":memory:".
    public let path: String
    /// Whose turn it is to write, in this process (see ``WriteTurn``).
    let writeTurn = WriteTurn()

    /// Wraps `writer`, migrating it to the current schema when `migrate` is true.
    @_spi(SQLite) public init(_ writer: any DatabaseWriter, path: String, migrate: Bool = true) throws(StoreError) {
        self.writer = writer
        self.path = path
        if migrate { try self.migrate() }
    }

    /// How many connections an opened database keeps.
    public enum Connections: Sendable {
        /// A WAL `DatabasePool`: one writer and concurrent readers — the server and imports.
        case pool
        /// One connection (a `DatabaseQueue` on the WAL file) for a short command. A command that only reads writes
        /// nothing: a pool writes a dummy transaction whenever it finds no WAL file, which is every time the last
        /// connection before it closed cleanly.
        case single
    }

    /// Opens (creating if needed) the database file at `path` in WAL mode.
    ///
    /// The folder must exist: an explicit path in a missing folder is a mistake to report, not to paper over.
    /// - Throws: ``StoreError`` with kind `cannotOpen` naming the path and the reason.
    public static func open(
        at path: String, migrate: Bool = true, connections: Connections = .pool
    ) throws(StoreError) -> CatalogueDatabase {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw StoreError(
                kind: .cannotOpen, path: path,
                detail: "the folder \(folder) does not exist; create it or choose another --db path"
            )
        }
        do {
            try createIfMissing(at: path)
            let writer: any DatabaseWriter
            switch connections {
            case .pool:
                writer = try DatabasePool(path: path, configuration: configuration())
            case .single:
                let queue = try DatabaseQueue(path: path, configuration: configuration(mapsFile: true))
                // WAL is a property of the file, set once by whoever creates it; asking again reads the header only.
                try queue.writeWithoutTransaction { db in
                    if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                        guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                            throw StoreError(kind: .cannotOpen, path: path, detail: "SQLite cannot switch the file to WAL mode")
                        }
                    }
                }
                writer = queue
            }
            return try CatalogueDatabase(writer, path: path, migrate: migrate)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(kind: .cannotOpen, path: path, detail: Self.explain(error))
        } catch {
            throw StoreError(kind: .cannotOpen, path: path, detail: "\(error)")
        }
    }

    /// The page size of a database this creates: 16 KiB. A product and its formulation take about a kilobyte, and an
    /// import writes tens of thousands of them in one transaction; larger pages make that transaction, its commit
    /// and the WAL checkpoint after it a quarter of the I/O calls, and the file some 6 % smaller. SQLite fixes a
    /// file's page size when it creates it (in WAL mode for good), so files made before keep theirs.
    static let pageSize = 16_384

    /// Creates the file at `path`, with ``pageSize`` pages and in WAL mode, when there is none (or it is empty).
    private static func createIfMissing(at path: String) throws {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue > 0 {
            return
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration())
        try queue.writeWithoutTransaction { db in
            // A file another process created meanwhile keeps what it was given.
            guard try Int.fetchOne(db, sql: "PRAGMA page_count") == 0 else { return }
            try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        try queue.close()
    }

    /// A private in-memory database, migrated, for tests and dry runs.
    public static func inMemory() throws(StoreError) -> CatalogueDatabase {
        do {
            return try CatalogueDatabase(DatabaseQueue(configuration: configuration()), path: ":memory:")
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(kind: .cannotOpen, path: ":memory:", detail: "\(error)")
        }
    }

    /// How much of the file SQLite maps into memory (256 MiB).
    static let memoryMapSize = 256 << 20

    /// The settings of every connection: foreign keys on, a 10 s wait on a busy file.
    /// - Parameter mapsFile: read through a memory map (`PRAGMA mmap_size`). Commands that read the suitability
    ///   snapshot, a blob of some 5.6 MB (a chain of overflow pages) at 100,000 products, load it in a quarter of
    ///   the time. Not for imports and the long-running server: every page they touch would count as the process's
    ///   memory.
    /// How long a read or write waits for another program's lock before it fails with ``StoreError/Kind/busy``.
    static let busyTimeout: TimeInterval = 10

    static func configuration(mapsFile: Bool = false) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "OilCatalogue"
        if mapsFile {
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA mmap_size = \(memoryMapSize)") }
        }
        return configuration
    }

    static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_NOTADB: "the file is not a SQLite database; point --db at an OilCatalogue database or a new file"
        case .SQLITE_CANTOPEN: "SQLite cannot open the file (check that the path is a file you may write)"
        case .SQLITE_READONLY: "the file is read-only; OilCatalogue needs to write to it"
        case .SQLITE_CORRUPT: "the database file is corrupt; restore it from a backup"
        default: error.message ?? "\(error)"
        }
    }

    /// Runs `body` in a write transaction, turning database errors into ``StoreError``.
    @_spi(SQLite) public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try inTurn {
            do {
                return try writer.write(body)
            } catch let error as DatabaseError {
                throw storeError(error)
            }
        }
    }

    /// Runs `body` once no other write of this process is under way, waiting at most ``busyTimeout`` for that:
    /// GRDB's writer is a queue, and a write waiting behind one that waits for another program's lock would
    /// otherwise wait for both timeouts, and so on down the queue.
    func inTurn<T>(_ body: () throws -> T) throws -> T {
        guard writeTurn.take(within: Self.busyTimeout) else {
            throw StoreError(
                kind: .busy, path: path,
                detail: "other writes of this server waited for its write lock for longer than \(Int(Self.busyTimeout)) s (an "
                    + "import applying a large feed, a backup or a restore); nothing was changed; try again when it has finished"
            )
        }
        defer { writeTurn.give() }
        return try body()
    }

    /// Runs `body` on the writer outside a transaction, for work that manages its own (see `LargeTransaction`),
    /// turning database errors into ``StoreError``: no GRDB error leaves the module.
    func writeOutsideTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try inTurn {
            do {
                return try writer.writeWithoutTransaction(body)
            } catch let error as DatabaseError {
                throw storeError(error)
            }
        }
    }

    /// Runs `body` on a consistent snapshot, turning database errors into ``StoreError``.
    @_spi(SQLite) public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as DatabaseError {
            throw storeError(error)
        }
    }

    /// A GRDB error as the ``StoreError`` that leaves the module: busy when another program kept the write lock past
    /// the busy timeout, failed otherwise.
    func storeError(_ error: DatabaseError) -> StoreError {
        if error.resultCode == .SQLITE_BUSY {
            return StoreError(
                kind: .busy, path: path,
                detail: "another program held its write lock for longer than \(Int(Self.busyTimeout)) s (an import applying a large "
                    + "feed, a backup or a restore); nothing was changed; try again when it has finished"
            )
        }
        return StoreError(kind: .failed, path: path, detail: Self.explain(error))
    }
}
