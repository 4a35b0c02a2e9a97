public import Foundation
import NIOSSL
public import PostgresNIO

/// Where a PostgreSQL database is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require]`
/// (`postgresql://` too). Without a password in the address, `PGPASSWORD` gives it. TLS is required (the server's
/// certificate checked against the system's roots, and its name) unless the host is this machine or
/// `sslmode=disable` says otherwise. The password never appears in ``redacted`` or in an error.
public struct PostgresLocation: Sendable {
    public let host: String
    public let port: Int
    public let user: String
    public let database: String
    public let usesTLS: Bool
    let password: String?

    /// Reads an address; `environment` supplies `PGPASSWORD`.
    public init(_ address: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresStoreError) {
        func refuse(_ why: String) -> PostgresStoreError {
            PostgresStoreError(.badAddress, "'\(Self.withoutPassword(address))' is not a PostgreSQL address: \(why); write postgres://USER@HOST:PORT/DATABASE")
        }
        guard let parts = URLComponents(string: address), let scheme = parts.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else { throw refuse("it must start with postgres://") }
        guard let host = parts.host, !host.isEmpty else { throw refuse("it names no host") }
        guard let user = parts.user, !user.isEmpty else { throw refuse("it names no user") }
        let database = String(parts.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw refuse("it names no database") }
        let local = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased())
        var usesTLS = !local
        for item in parts.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"): usesTLS = false
            case ("sslmode", "require"), ("sslmode", "verify-full"): usesTLS = true
            case ("sslmode", let value): throw refuse("sslmode '\(value ?? "")' is not one of disable, require, verify-full")
            default: throw refuse("the option '\(item.name)' is not known (only sslmode is)")
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
    public var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)" + (usesTLS ? "" : "?sslmode=disable") }

    /// The connection settings, with `search_path` set when `schema` is given.
    public func configuration(schema: String? = nil) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = usesTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        return configuration
    }

    /// `address` with any password replaced, for messages.
    static func withoutPassword(_ address: String) -> String {
        guard var parts = URLComponents(string: address), parts.password != nil else { return address }
        parts.password = "***"
        return parts.string ?? "(an address)"
    }
}
