public import Foundation
import NIOSSL
public import PostgresNIO

/// Where a PostgreSQL database is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require]`
/// (`postgresql://` too). Without a password in the address, `PGPASSWORD` gives it. TLS is required (the server's
/// certificate checked against the system's roots, and its name) unless the host is this machine or
/// `sslmode=disable` says otherwise (`require` checks the certificate as libpq's `verify-full` does). The password
/// never appears in ``redacted`` or in an error: an error does not repeat the address.
public struct PostgresLocation: Sendable {
    public let host: String
    public let port: Int
    public let user: String
    public let database: String
    public let usesTLS: Bool
    let password: String?

    /// Reads an address; `environment` supplies `PGPASSWORD`.
    public init(_ address: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresStoreError) {
        // The address is not repeated: it may hold a password.
        func refuse(_ why: String) -> PostgresStoreError {
            PostgresStoreError(.badAddress, "the PostgreSQL address is not usable: \(why); write postgres://USER@HOST:PORT/DATABASE")
        }
        let lowered = address.lowercased()
        guard lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") else {
            throw refuse("it must start with postgres://")
        }
        guard let parts = URLComponents(string: address) else {
            throw refuse("it cannot be read as an address (in a password, @ % # / ? and spaces must be percent-encoded, or give the password in PGPASSWORD)")
        }
        // An IPv6 host is written in brackets; the connection wants it without.
        guard var host = parts.host, !host.isEmpty else { throw refuse("it names no host") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let user = parts.user, !user.isEmpty else { throw refuse("it names no user") }
        let database = String(parts.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw refuse("it names no database") }
        let local = ["localhost", "127.0.0.1", "::1"].contains(host.lowercased())
        var usesTLS = !local
        for item in parts.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"): usesTLS = false
            case ("sslmode", "require"), ("sslmode", "verify-full"): usesTLS = true
            case ("sslmode", _): throw refuse("its sslmode is not one of disable, require, verify-full")
            default: throw refuse("it has an option other than sslmode (a password goes before the @, or in PGPASSWORD)")
            }
        }
        self.host = host
        self.port = parts.port ?? 5432
        self.user = user
        self.database = database
        self.usesTLS = usesTLS
        self.password = parts.password ?? environment["PGPASSWORD"]
    }

    /// The address without its password, to show.
    public var redacted: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(shownHost):\(port)/\(database)" + (usesTLS ? "" : "?sslmode=disable")
    }

    /// The settings of one connection (see ``sessionSettings(schema:)``).
    public func configuration(schema: String? = nil) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = usesTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = Self.sessionSettings(schema: schema)
        return configuration
    }

    /// What every connection runs with, whatever the server's or role's defaults: READ COMMITTED (the sign-in count
    /// and the migrator's lock rely on it), UTC and ISO dates (a session's stored last use is compared as text), and
    /// the schema when one is given.
    static func sessionSettings(schema: String?) -> [(String, String)] {
        var settings = [("default_transaction_isolation", "read committed"), ("TimeZone", "UTC"), ("DateStyle", "ISO, YMD")]
        if let schema { settings.append(("search_path", quotedIdentifier(schema))) }
        return settings
    }

    /// A name quoted for SQL, its quotes doubled.
    static func quotedIdentifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
