public import CatalogueCore
import Foundation
import PostgresNIO
public import StoreInterface

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

    /// A clear refusal for text PostgreSQL cannot hold where SQLite can — a NUL character (SQLSTATE 22021), or a value
    /// too long for an index (54000) — which only reaches the server when a caller did not clean it first.
    var unstorableText: ClinicStoreError? {
        switch sqlState {
        case "22021":
            ClinicStoreError(code: "STORE-TEXT", message: "a value holds a NUL character, which cannot be stored; remove it and try again")
        case "54000":
            ClinicStoreError(code: "STORE-TEXT", message: "a value is too long to be stored and looked up; shorten it and try again")
        default:
            nil
        }
    }

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
extension PostgresStoreError: DatabaseFailure {}
