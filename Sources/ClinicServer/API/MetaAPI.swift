import Hummingbird

/// `/health` (public, for monitors), `/openapi.yaml` and `/api/v1/me`.
struct MetaAPI {
    let services: ClinicServices

    func register(_ routes: RouteTable) {
        routes.onPublic(.get, "/health") { _, _ in
            _ = try services.database.read { try $0.tableExists("client") }
            return try Responses.json(["status": "ok"])
        }

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
