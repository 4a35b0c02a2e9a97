import Hummingbird
import OilCatalogue
import StoreInterface

/// `/api/v1/stock` and reception's check for a client: every role, and never clinical detail.
struct StockAPI {
    let services: ClinicServices
    var actions: ClinicActions { ClinicActions(services: services) }

    struct Movement: Decodable {
        var kind: String
        var location: String
        var product: String
        var quantity: Double
        var batch: String?
        var expires: String?
        var opened: String?
        var reorder_level: Double?
    }

    struct CheckResult: Encodable {
        var client: ClinicAPI.ClientName
        var location: String
        var products: [StockCheckRow]
        /// True when nothing on the shelf is suitable.
        var nothingSuitable: Bool
    }

    func register(_ routes: RouteTable) {
        routes.on(.get, "/api/v1/stock", roles: .everyone) { request, _, _ in
            let query = request.query
            guard let location = query.text("location") else {
                return try Responses.json(["locations": try await services.database.stockLocations()])
            }
            let low = try query.text("low").map { text -> Bool in
                guard let value = Bool(text) else { throw InputError.invalid("low", "true or false") }
                return value
            } ?? false
            return try Responses.json(try await services.database.stockRows(location: location, lowOnly: low))
        }

        routes.on(.post, "/api/v1/stock/movements", roles: .everyone) { request, context, user in
            var request = request
            let body = try await request.json(Movement.self, context: context)
            let after = try await actions.changeStock(
                kind: body.kind, location: body.location, product: body.product, quantity: body.quantity, batch: body.batch,
                expires: body.expires, opened: body.opened, reorderLevel: body.reorder_level, actor: user.actor
            )
            struct Changed: Encodable {
                var location: String
                var product: String
                var quantity: Double
            }
            return try Responses.json(
                Changed(location: StockRules.locationName(body.location), product: body.product, quantity: after),
                status: .created
            )
        }

        routes.on(.get, "/api/v1/clients/{id}/stock-check", roles: .everyone) { request, context, _ in
            let query = request.query
            let (client, rows) = try await actions.stockCheck(client: try context.id("id"), location: query.text("location"), properties: query.all("property"))
            return try Responses.json(CheckResult(
                client: .init(id: client.id, name: client.name), location: query.text("location") ?? "", products: rows,
                nothingSuitable: !rows.contains { $0.verdict == .suitable }
            ))
        }
    }
}
