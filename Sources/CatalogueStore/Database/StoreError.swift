public import CatalogueCore
public import StoreInterface

/// A database that cannot be opened, migrated or written, with the path and what to do.
public struct StoreError: CodedError, Equatable {
    /// The kinds of failure.
    public enum Kind: String, Sendable, Equatable {
        /// The file cannot be opened or is not a SQLite database.
        case cannotOpen = "DB-OPEN"
        /// A migration failed; the database was left at its previous version.
        case migrationFailed = "DB-MIGRATE"
        /// The database was written by a newer version of OilCatalogue.
        case newerSchema = "DB-NEWER"
        /// A read or write failed.
        case failed = "DB-FAILED"
        /// Another program held the write lock for longer than the busy timeout (an import applying a large feed).
        case busy = "DB-BUSY"
    }

    /// What went wrong.
    public var kind: Kind
    /// The database file.
    public var path: String
    /// The detail and what to do.
    public var detail: String

    public init(kind: Kind, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    public var code: String { kind.rawValue }

    public var message: String {
        switch kind {
        case .cannotOpen: "cannot open the database at \(path): \(detail)"
        case .migrationFailed: "cannot migrate the database at \(path): \(detail)"
        case .newerSchema: "the database at \(path) \(detail)"
        case .failed: "database error at \(path): \(detail)"
        case .busy: "the database at \(path) is busy: \(detail)"
        }
    }
}
extension StoreError: DatabaseFailure {}
