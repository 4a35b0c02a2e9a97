import StoreInterface
import Hummingbird
import HummingbirdAuth
import NIOCore

/// `/health`, `/ready` and `/metrics` (public, for monitors; metrics behind a token or loopback), the pages'
/// stylesheet (public), `/openapi.yaml` and `/api/v1/me`.
struct MetaAPI {
    let services: ClinicServices

    func register(_ routes: RouteTable) {
        // Alive: the process answers. For a load balancer's liveness probe; touches nothing.
        routes.onPublic(.get, "/health") { _, _ in
            try Responses.json(["status": "ok"])
        }

        // Ready: the store answers (an SQLite file there and readable, or the PostgreSQL server reached), its schema is
        // this version's, the reference data is loaded. 503 with what is wrong otherwise.
        routes.onPublic(.get, "/ready") { _, _ in
            let problems = await Readiness.problems(services)
            if problems.isEmpty { return try Responses.json(["status": "ready"]) }
            var response = try Responses.json(ReadinessReport(status: "not-ready", problems: problems), status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        }

        // Prometheus's text format: with a token configured, only to `Authorization: Bearer TOKEN`; without one,
        // only to a client on this machine's loopback (and never through a proxy, whose peer address is its own).
        routes.onPublic(.get, "/metrics") { request, context in
            if let expected = services.security.metricsToken {
                guard let bearer = request.headers.bearer?.token, Credentials.constantTimeEqual(bearer, expected) else {
                    throw AccessError.invalidToken
                }
            } else {
                guard !services.security.behindProxy, context.remoteAddress.map(Readiness.isLoopback) == true else {
                    throw InputError(status: .forbidden, code: "METRICS-LOOPBACK", message: "metrics are served to this machine only; set --metrics-token to read them from elsewhere")
                }
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: ServerMetrics.exposition()))
            )
        }

        routes.onPublic(.get, "/static/oilcat.css") { _, _ in Responses.stylesheet(services.stylesheet) }

        routes.on(.get, "/openapi.yaml", roles: .everyone) { _, _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: .init(string: services.openAPIDocument))
            )
        }

        routes.on(.get, "/api/v1/me", roles: .everyone) { _, _, user in
            struct Me: Encodable {
                var id: Int64
                var name: String
                var role: String
            }
            return try Responses.json(Me(id: user.account.id, name: user.account.name, role: user.account.role.rawValue))
        }
    }
}
