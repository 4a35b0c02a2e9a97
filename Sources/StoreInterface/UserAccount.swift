public import Foundation

/// What a person may do in the web app.
public enum UserRole: String, Codable, Sendable, CaseIterable {
    /// Suppliers, import runs, users, and everything a therapist may do.
    case admin
    /// Clients, patch tests, safe oils with their reasons, stock.
    case therapist
    /// Stock, reception's suitable / ask-therapist / not-suitable check, the day's due readings: no clinical detail.
    case reception

    /// Whether this role may see clinical detail (conditions, results, reasons).
    public var seesClinicalDetail: Bool { self != .reception }
}

/// A person who signs in to the web app.
public struct UserAccount: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var role: UserRole
    public var createdAt: Date
    public var disabled: Bool

    public init(id: Int64, name: String, role: UserRole, createdAt: Date, disabled: Bool) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.disabled = disabled
    }
}

/// A user with their password hash (bcrypt), for signing in and for checking a session: never shown.
public struct UserCredentials: Sendable, Equatable {
    public var user: UserAccount
    public var passwordHash: String

    public init(user: UserAccount, passwordHash: String) {
        self.user = user
        self.passwordHash = passwordHash
    }
}

/// An API token as listed: never the token itself.
public struct APITokenInfo: Codable, Sendable, Equatable {
    public var id: Int64
    public var userID: Int64
    public var label: String
    public var createdAt: Date
    public var revoked: Bool

    public init(id: Int64, userID: Int64, label: String, createdAt: Date, revoked: Bool) {
        self.id = id
        self.userID = userID
        self.label = label
        self.createdAt = createdAt
        self.revoked = revoked
    }
}
