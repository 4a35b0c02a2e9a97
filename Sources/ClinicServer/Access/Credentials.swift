public import CatalogueCore
public import StoreInterface
import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Passwords (bcrypt) and API tokens (random, stored as SHA-256).
public enum Credentials {
    /// bcrypt's work factor: about a quarter of a second per hash on this class of machine.
    static let cost: UInt8 = 11

    /// Shortest password accepted.
    public static let minimumPasswordLength = 10

    /// Hashes a password with bcrypt.
    /// - Throws: ``CredentialError`` when the password is shorter than ``minimumPasswordLength``.
    public static func hashPassword(_ password: String) throws -> String {
        guard password.count >= minimumPasswordLength else {
            throw CredentialError(code: "USER-PASSWORD-SHORT", message: "a password has at least \(minimumPasswordLength) characters")
        }
        guard password.utf8.count <= 72 else {
            throw CredentialError(code: "USER-PASSWORD-LONG", message: "a password has at most 72 bytes (bcrypt reads no further)")
        }
        return Bcrypt.hash(password, cost: cost)
    }

    /// Checks a password off the request threads (bcrypt is slow on purpose).
    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash no password matches, checked for names that have no user, so an unknown name costs as much as a
    /// known one and the answer's time does not tell which names exist.
    static let unknownUserHash = Bcrypt.hash(randomSecret(bytes: 18), cost: cost)

    /// A new random secret, URL-safe: a password for a first admin or an API token.
    public static func randomSecret(bytes: Int = 24) -> String {
        let data = Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Creates an API token for a user: returns the token, shown once; only its hash is stored.
    public static func createToken(for user: Int64, label: String, in store: any UserStore, actor: String) async throws -> (id: Int64, token: String) {
        let token = "oct_" + randomSecret(bytes: 32)
        let id = try await store.addAPIToken(user: user, label: label, tokenHash: tokenHash(token), actor: actor)
        return (id, token)
    }

    /// The digest of a password hash that a session carries (``WebSession/credential``).
    static func credentialDigest(_ passwordHash: String) -> String {
        String(tokenHash("session:" + passwordHash).prefix(32))
    }

    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two secrets in time independent of where they differ.
    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// A password or token that cannot be used.
public struct CredentialError: CodedError {
    public var code: String
    public var message: String
}
