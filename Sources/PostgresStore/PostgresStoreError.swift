public import CatalogueCore
import Foundation
import PostgresNIO

/// Why the PostgreSQL store could not do what was asked, with a code (`DB-…`) and what to do about it.
public struct PostgresStoreError: CodedError {
    public enum Kind: String, Sendable {
        /// The address given is not a PostgreSQL address this program can use.
        case badAddress = "DB-ADDRESS"
        /// The schema was written by a newer OilCatalogue.
        case newerSchema = "DB-NEWER"
        /// A migration failed; nothing of it was applied.
        case migration = "DB-MIGRATION"
        /// The server refused or failed a statement.
        case server = "DB-SERVER"
    }

    public let kind: Kind
    public let message: String
    /// The server's SQLSTATE, when the server refused a statement.
    public let sqlState: String?

    init(_ kind: Kind, _ message: String, sqlState cause: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = (cause as? PSQLError)?.serverInfo?[.sqlState] ?? (cause as? PostgresStoreError)?.sqlState
    }

    public var code: String { kind.rawValue }

    /// The server's own words for a failed statement (its message, detail and SQLSTATE); postgres-nio's description
    /// alone hides them.
    static func serverWords(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        guard let info = error.serverInfo else { return "\(error.code)" }
        var words = info[.message] ?? "\(error.code)"
        if let detail = info[.detail] { words += " (\(detail))" }
        if let state = info[.sqlState] { words += " [SQLSTATE \(state)]" }
        return words
    }
}
