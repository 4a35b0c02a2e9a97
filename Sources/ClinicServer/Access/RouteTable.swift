public import CatalogueStore
public import HTTPTypes
import Hummingbird

/// One route as registered: who may use it. The endpoint × role test walks this table, so a route cannot be
/// added without saying who may call it.
public struct RouteSpec: Sendable, Hashable {
    public var method: HTTPRequest.Method
    public var path: String
    /// The roles allowed; `nil` for the two public routes (login and health).
    public var roles: Set<UserRole>?

    /// JSON API routes answer errors in JSON; pages in HTML, and send anonymous visitors to the login page.
    public var isAPI: Bool { path.hasPrefix("/api/") || path == "/openapi.yaml" }
}

/// Registers routes with their roles on a Hummingbird router, checking the role before the handler runs.
final class RouteTable {
    let router: Router<ClinicRequestContext>
    private(set) var specs: [RouteSpec] = []

    init(router: Router<ClinicRequestContext>) {
        self.router = router
    }

    typealias Handler = @Sendable (Request, ClinicRequestContext, ClinicUser) async throws -> Response
    typealias PublicHandler = @Sendable (Request, ClinicRequestContext) async throws -> Response

    /// A route for signed-in users with one of `roles`.
    func on(_ method: HTTPRequest.Method, _ path: String, roles: Set<UserRole>, handler: @escaping Handler) {
        specs.append(RouteSpec(method: method, path: path, roles: roles))
        router.on(RouterPath(path), method: method) { request, context in
            guard let user = context.identity else { throw AccessError.unauthenticated }
            guard roles.contains(user.account.role) else { throw AccessError.forbidden }
            return try await handler(request, context, user)
        }
    }

    /// A route anyone may use.
    func onPublic(_ method: HTTPRequest.Method, _ path: String, handler: @escaping PublicHandler) {
        specs.append(RouteSpec(method: method, path: path, roles: nil))
        router.on(RouterPath(path), method: method, use: handler)
    }
}

extension Set where Element == UserRole {
    /// Everyone signed in.
    static let everyone: Set<UserRole> = [.admin, .therapist, .reception]
    /// Those who see clinical detail.
    static let clinical: Set<UserRole> = [.admin, .therapist]
    static let admin: Set<UserRole> = [.admin]
}
