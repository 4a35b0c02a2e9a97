public import StoreInterface
public import HTTPTypes
import Hummingbird
import Synchronization

/// One route as registered: who may use it. The endpoint × role test walks this table, so a route cannot be
/// added without saying who may call it.
public struct RouteSpec: Sendable, Hashable {
    public var method: HTTPRequest.Method
    public var path: String
    /// The roles allowed; `nil` for the public routes (sign-in, health and the stylesheet).
    public var roles: Set<UserRole>?

    /// JSON API routes answer errors in JSON; pages in HTML, and send anonymous visitors to the login page.
    public var isAPI: Bool { path.hasPrefix("/api/") || path == "/openapi.yaml" }
}

/// Every route registered, readable from any request: the error middleware asks it which methods an address takes.
final class RouteIndex: Sendable {
    private let storage = Mutex<[RouteSpec]>([])

    var specs: [RouteSpec] { storage.withLock { $0 } }

    func append(_ spec: RouteSpec) { storage.withLock { $0.append(spec) } }

    /// The methods registered for a concrete path ("/api/v1/clients/12"), for a 405 that names them.
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return specs.filter { spec in
            let pattern = spec.path.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == segments.count && zip(pattern, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.map(\.method)
    }
}

/// Registers routes with their roles on a Hummingbird router, checking the role before the handler runs.
final class RouteTable {
    let router: Router<ClinicRequestContext>
    let index = RouteIndex()
    var specs: [RouteSpec] { index.specs }

    init(router: Router<ClinicRequestContext>) {
        self.router = router
    }

    typealias Handler = @Sendable (Request, ClinicRequestContext, ClinicUser) async throws -> Response
    typealias PublicHandler = @Sendable (Request, ClinicRequestContext) async throws -> Response

    /// A route for signed-in users with one of `roles`.
    func on(_ method: HTTPRequest.Method, _ path: String, roles: Set<UserRole>, handler: @escaping Handler) {
        index.append(RouteSpec(method: method, path: path, roles: roles))
        router.on(RouterPath(path), method: method) { request, context in
            guard let user = context.identity else { throw AccessError.unauthenticated }
            context.observed.user = user.account.name
            guard roles.contains(user.account.role) else { throw AccessError.forbidden }
            return try await handler(request, context, user)
        }
    }

    /// A route anyone may use.
    func onPublic(_ method: HTTPRequest.Method, _ path: String, handler: @escaping PublicHandler) {
        index.append(RouteSpec(method: method, path: path, roles: nil))
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
