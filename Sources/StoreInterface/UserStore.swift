public import Foundation

/// The web app's people and their API tokens, shared by every server on one database: what sign-in, the users page
/// and `oilcat user` need of a backend.
///
/// Passwords and tokens are never stored: a user holds a bcrypt hash, a token the SHA-256 of its text. Names are
/// checked by ``UserName`` and compared by their key (NFC, lower case). Every change writes its audit line in the
/// same transaction.
public protocol UserStore: Sendable {
    /// Adds a user; `passwordHash` is already hashed. Returns the new id.
    /// - Throws: ``ClinicStoreError`` `USER-EXISTS` when the name is taken (in any case or Unicode form), `USER-NAME`
    ///   when it breaks ``UserName``'s rules.
    func addUser(name: String, role: UserRole, passwordHash: String, actor: String, at date: Date) async throws -> Int64

    /// Every user, by name (ASCII letters compared without case).
    func users() async throws -> [UserAccount]

    /// The user with this id, or `nil`.
    func user(id: Int64) async throws -> UserAccount?

    /// The user with this name (in any case and Unicode form) and their password hash, for signing in.
    func userCredentials(name: String) async throws -> UserCredentials?

    /// The user with this id and their password hash, for checking a session.
    func userCredentials(id: Int64) async throws -> UserCredentials?

    /// Whether any enabled admin exists.
    func hasAdmin() async throws -> Bool

    /// Replaces a user's password hash, ends every session of theirs and revokes every token in force (whoever held
    /// the old password may have made them), and clears the failed sign-ins counted against the name.
    /// - Throws: ``ClinicStoreError`` `USER-UNKNOWN`.
    func setPasswordHash(user id: Int64, passwordHash: String, actor: String, at date: Date) async throws

    /// Disables or enables a user. Disabling ends their sessions and revokes their tokens at once, so enabling them
    /// again brings none of those back.
    /// - Throws: ``ClinicStoreError`` `USER-UNKNOWN`.
    func setUserDisabled(_ id: Int64, disabled: Bool, actor: String, at date: Date) async throws

    /// Stores a new API token's hash for a user; returns the token's id.
    /// - Throws: ``ClinicStoreError`` `USER-UNKNOWN`.
    func addAPIToken(user id: Int64, label: String, tokenHash: String, actor: String, at date: Date) async throws -> Int64

    /// Revokes a token in force; it stops working at once.
    /// - Throws: ``ClinicStoreError`` `TOKEN-UNKNOWN` when there is no such token in force.
    func revokeAPIToken(_ id: Int64, actor: String, at date: Date) async throws

    /// The tokens of a user (or of everyone, when `nil`), oldest first.
    func apiTokens(user id: Int64?) async throws -> [APITokenInfo]

    /// The enabled user owning the token in force with this hash (asked on every API request).
    func user(tokenHash: String) async throws -> UserAccount?
}

extension UserStore {
    /// Adds a user now.
    public func addUser(name: String, role: UserRole, passwordHash: String, actor: String) async throws -> Int64 {
        try await addUser(name: name, role: role, passwordHash: passwordHash, actor: actor, at: Date())
    }

    /// Replaces a user's password hash now.
    public func setPasswordHash(user id: Int64, passwordHash: String, actor: String) async throws {
        try await setPasswordHash(user: id, passwordHash: passwordHash, actor: actor, at: Date())
    }

    /// Disables or enables a user now.
    public func setUserDisabled(_ id: Int64, disabled: Bool, actor: String) async throws {
        try await setUserDisabled(id, disabled: disabled, actor: actor, at: Date())
    }

    /// Stores a new API token's hash now.
    public func addAPIToken(user id: Int64, label: String, tokenHash: String, actor: String) async throws -> Int64 {
        try await addAPIToken(user: id, label: label, tokenHash: tokenHash, actor: actor, at: Date())
    }

    /// Revokes a token now.
    public func revokeAPIToken(_ id: Int64, actor: String) async throws {
        try await revokeAPIToken(id, actor: actor, at: Date())
    }

    /// Every token, of every user.
    public func apiTokens() async throws -> [APITokenInfo] {
        try await apiTokens(user: nil)
    }
}
