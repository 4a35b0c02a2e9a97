import StoreInterface
import Hummingbird
import HummingbirdAuth

/// Signs a request in from its session cookie: the session's user, if they still exist and are enabled.
struct SessionUserAuthenticator: AuthenticatorMiddleware {
    typealias Context = ClinicRequestContext
    let database: any UserStore

    func authenticate(request: Request, context: Context) async throws -> ClinicUser? {
        guard let session = context.sessions.session, let found = try await database.userCredentials(id: session.userID),
            !found.user.disabled, let credential = session.credential,
            Credentials.constantTimeEqual(credential, Credentials.credentialDigest(found.passwordHash))
        else {
            return nil
        }
        return ClinicUser(account: found.user, method: .session(csrf: session.csrf))
    }
}

/// Signs a request in from `Authorization: Bearer <token>`. A token that is unknown or revoked is refused with 401
/// at once, rather than treated as anonymous.
struct TokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = ClinicRequestContext
    let database: any UserStore

    func authenticate(request: Request, context: Context) async throws -> ClinicUser? {
        // /metrics has a bearer token of its own (--metrics-token), which is no user's.
        guard let bearer = request.headers.bearer, request.uri.path != "/metrics" else { return nil }
        guard let account = try await database.user(tokenHash: Credentials.tokenHash(bearer.token)) else {
            throw AccessError.invalidToken
        }
        return ClinicUser(account: account, method: .token)
    }
}
