import CatalogueCore
import StoreInterface
import Foundation
import Hummingbird
import OilCatalogue

/// `/api/v1/clients`, `/api/v1/patch-tests` and the safe-oils list: clinical, so therapists and admins only —
/// but for the client search and the due readings, which reception gets without clinical detail.
struct ClinicAPI {
    let services: ClinicServices
    var actions: ClinicActions { ClinicActions(services: services) }

    struct NewClient: Decodable {
        var name: String
        var conditions: [String]?
        var note: String?
        /// Another person with the name of an existing client.
        var sameName: Bool?
    }

    struct NewPatchTest: Decodable {
        var client: Int64
        var product: String
        var site: String?
        var concentration: String?
        var carrier: String?
        var occluded: Bool?
        var applied_at: String?
    }

    struct NewReading: Decodable {
        var result: String
        var relevance: String?
        var read_at: String?
    }

    /// A client as reception sees them: a name to greet, an id to check stock against.
    struct ClientName: Encodable {
        var id: Int64
        var name: String
    }

    /// A due reading as reception sees it: who, when; no product, no result.
    struct DueReading: Encodable {
        var test: Int64
        var client: Int64
        var clientName: String
        var appliedAt: Date
        var hoursSinceApplication: Int
    }

    func register(_ routes: RouteTable) {
        routes.on(.get, "/api/v1/clients", roles: .everyone) { request, _, user in
            let clients = try await services.database.clients(matching: request.query.text("q"), limit: 200)
            guard user.account.role.seesClinicalDetail else {
                return try Responses.json(clients.map { ClientName(id: $0.id, name: $0.name) })
            }
            return try Responses.json(clients)
        }

        routes.on(.post, "/api/v1/clients", roles: .clinical) { request, context, user in
            var request = request
            let body = try await request.json(NewClient.self, context: context)
            let id = try await actions.addClient(
                name: body.name, conditions: body.conditions ?? [], note: body.note, sameName: body.sameName ?? false, actor: user.actor
            )
            return try Responses.json(["id": id], status: .created)
        }

        routes.on(.get, "/api/v1/clients/{id}", roles: .clinical) { _, context, _ in
            return try await Responses.json(try actions.report(try context.id("id")))
        }

        routes.on(.get, "/api/v1/clients/{id}/patch-tests", roles: .clinical) { _, context, _ in
            let id = try context.id("id")
            _ = try await actions.client(id)
            return try Responses.json(try await services.database.patchTestListings(client: id).map { PatchTestJSON($0) })
        }

        routes.on(.get, "/api/v1/clients/{id}/safe-oils", roles: .clinical) { request, context, _ in
            let query = request.query
            let limit = try query.text("limit").map { text -> Int in
                guard let value = Int(text), (1...1000).contains(value) else { throw InputError.invalid("limit", "1 to 1000") }
                return value
            } ?? 50
            let offset = try query.text("offset").map { text -> Int in
                guard let value = Int(text), value >= 0 else { throw InputError.invalid("offset", "0 or more") }
                return value
            } ?? 0
            let includeBlocked = try query.text("include_blocked").map { text -> Bool in
                guard let value = Bool(text) else { throw InputError.invalid("include_blocked", "true or false") }
                return value
            } ?? false
            let listing = try await actions.safeOils(
                client: try context.id("id"), properties: query.all("property"), location: query.text("location"),
                includeBlocked: includeBlocked, limit: limit, offset: offset
            )
            return Responses.json(encoded: listing.json)
        }

        routes.on(.post, "/api/v1/patch-tests", roles: .clinical) { request, context, user in
            var request = request
            let body = try await request.json(NewPatchTest.self, context: context)
            let id = try await actions.applyPatchTest(
                client: body.client, product: body.product, site: body.site, concentration: body.concentration, carrier: body.carrier,
                occluded: body.occluded ?? false, appliedAt: body.applied_at, actor: user.actor
            )
            return try Responses.json(["id": id], status: .created)
        }

        routes.on(.post, "/api/v1/patch-tests/{id}/readings", roles: .clinical) { request, context, user in
            var request = request
            let test = try context.id("id")
            let body = try await request.json(NewReading.self, context: context)
            let (reading, listing) = try await actions.recordReading(
                test: test, result: body.result, relevance: body.relevance, readAt: body.read_at, actor: user.actor
            )
            struct Recorded: Encodable {
                var reading: Int64
                var test: PatchTestJSON?
            }
            return try Responses.json(Recorded(reading: reading, test: listing), status: .created)
        }

        routes.on(.get, "/api/v1/patch-tests/due", roles: .everyone) { _, _, user in
            let due = try await services.database.dueReadings(now: Date(), minimumHours: 24)
            guard user.account.role.seesClinicalDetail else {
                return try Responses.json(due.map {
                    DueReading(test: $0.test.id, client: $0.clientID, clientName: $0.clientName, appliedAt: $0.test.appliedAt, hoursSinceApplication: $0.test.hours(at: Date()))
                })
            }
            return try Responses.json(due.map { PatchTestJSON($0) })
        }
    }
}
