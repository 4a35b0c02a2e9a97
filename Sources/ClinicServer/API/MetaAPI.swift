import Hummingbird

/// `/health` (public, for monitors), the pages' stylesheet (public), `/openapi.yaml` and `/api/v1/me`.
struct MetaAPI {
    let services: ClinicServices

    func register(_ routes: RouteTable) {
        routes.onPublic(.get, "/health") { _, _ in
            _ = try services.database.read { try $0.tableExists("client") }
            return try Responses.json(["status": "ok"])
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
