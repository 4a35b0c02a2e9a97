public import Foundation

/// Failed sign-ins, counted per user name and client address, shared by every server on one database: what the web
/// app's sign-in throttling needs of a backend. Names are compared by their key (`UserNameKey`).
public protocol SignInStore: Sendable {
    /// Counts a sign-in attempt *before* its password is checked, atomically: of a burst of parallel attempts, on
    /// one server or several, only the first `limits.perNameAndAddress` are admitted, whichever carries the right
    /// password. The count is per name *and* client address, so guessing from one place cannot lock the real user out
    /// elsewhere.
    func admitSignIn(name: String, address: String, limits: SignInLimits, now: Date) async throws -> SignInAdmission

    /// A successful sign-in: its name's attempts from that address no longer count.
    func signInSucceeded(name: String, address: String) async throws

    /// An admin's reset: every counted attempt for this name, from every address, is forgotten, with an audit line.
    /// Returns how many.
    @discardableResult
    func clearSignInFailures(name: String, actor: String, at date: Date) async throws -> Int

    /// How many attempts count against a name at `now`, from every address.
    func signInFailureCount(name: String, window: TimeInterval, now: Date) async throws -> Int
}

extension SignInStore {
    public func admitSignIn(name: String, address: String) async throws -> SignInAdmission {
        try await admitSignIn(name: name, address: address, limits: SignInLimits(), now: Date())
    }

    @discardableResult
    public func clearSignInFailures(name: String, actor: String) async throws -> Int {
        try await clearSignInFailures(name: name, actor: actor, at: Date())
    }

    public func signInFailureCount(name: String) async throws -> Int {
        try await signInFailureCount(name: name, window: SignInLimits().window, now: Date())
    }
}

/// How many failed sign-ins are allowed before a name is refused, and for how long.
public struct SignInLimits: Sendable {
    /// Attempts for one name from one address within ``window``.
    public var perNameAndAddress = 5
    /// Attempts from one address, whatever the names, within ``window`` (one address spraying many names).
    public var perAddress = 50
    /// How long an attempt counts.
    public var window: TimeInterval = 15 * 60

    public init() {}
}

/// Whether a sign-in attempt may check its password.
public enum SignInAdmission: Sendable, Equatable {
    /// Counted; check the password.
    case admitted
    /// Too many recent attempts for this name from this address.
    case nameLocked
    /// Too many recent attempts from this address.
    case addressLocked
}
