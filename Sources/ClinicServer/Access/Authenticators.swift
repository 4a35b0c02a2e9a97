import CatalogueStore
import Hummingbird
import HummingbirdAuth

/// Signs a request in from its session cookie: the session's user, if they still exist and are enabled.
struct SessionUserAuthenticator: AuthenticatorMiddleware {
    typealias Context = ClinicRequestContext
    let database: CatalogueDatabase

    func authenticate(request: Request, context: Context) async throws -> ClinicUser? {
        guard let session = context.sessions.session, let (account, hash) = try database.userCredentials(id: session.userID),
            !account.disabled, let credential = session.credential, Credentials.constantTimeEqual(credential, Credentials.credentialDigest(hash))
        else {
            return nil
        }
        return ClinicUser(account: account, method: .session(csrf: session.csrf))
    }
}

/// Signs a request in from `Authorization: Bearer <token>`. A token that is unknown or revoked is refused with 401
/// at once, rather than treated as anonymous.
struct TokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = ClinicRequestContext
    let database: CatalogueDatabase

    func authenticate(request: Request, context: Context) async throws -> ClinicUser? {
        // /metrics has a bearer token of its own (--metrics-token), which is no user's.
        guard let bearer = request.headers.bearer, request.uri.path != "/metrics" else { return nil }
        guard let account = try database.user(tokenHash: Credentials.tokenHash(bearer.token)) else {
            throw AccessError.invalidToken
        }
        return ClinicUser(account: account, method: .token)
    }
}
