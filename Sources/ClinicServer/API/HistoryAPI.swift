import Foundation
import Hummingbird
import StoreInterface

/// `/api/v1/clients/{id}/history`, `/api/v1/history-entries/{id}/…` and `/api/v1/clients/{id}/intake-review`: the
/// client's medical history, as the intake section of the client page records it. Clinical: therapists and admins.
/// Until a client has an intake review or an entry in force, no product is `safe` for them.
struct HistoryAPI {
    let services: ClinicServices
    var actions: ClinicActions { ClinicActions(services: services) }

    struct NewEntry: Decodable {
        var item: String
        var since: String?
        var source: String?
        var note: String?
        /// The entry this one replaces.
        var corrects: Int64?
    }

    struct Resolution: Decodable {
        var on: String?
        var note: String?
    }

    struct Withdrawal: Decodable {
        var reason: String
    }

    struct Review: Decodable {
        var note: String?
    }

    func register(_ routes: RouteTable) {
        routes.on(.post, "/api/v1/clients/{id}/history", roles: .clinical) { request, context, user in
            var request = request
            let body = try await request.json(NewEntry.self, context: context)
            let id = try await actions.addHistoryEntry(
                client: try context.id("id"), item: body.item, since: body.since, source: body.source, note: body.note,
                corrects: body.corrects, actor: user.actor
            )
            return try Responses.json(["id": id], status: .created)
        }

        routes.on(.post, "/api/v1/history-entries/{id}/resolve", roles: .clinical) { request, context, user in
            var request = request
            let body = try await request.json(Resolution.self, context: context)
            let id = try await services.database.resolveHistoryEntry(try context.id("id"), on: body.on, note: body.note, actor: user.actor, at: Date())
            return try Responses.json(["id": id], status: .created)
        }

        routes.on(.post, "/api/v1/history-entries/{id}/withdraw", roles: .clinical) { request, context, user in
            var request = request
            let body = try await request.json(Withdrawal.self, context: context)
            let id = try await services.database.withdrawHistoryEntry(try context.id("id"), reason: body.reason, actor: user.actor, at: Date())
            return try Responses.json(["id": id], status: .created)
        }

        routes.on(.post, "/api/v1/clients/{id}/intake-review", roles: .clinical) { request, context, user in
            var request = request
            let body = try await request.json(Review.self, context: context)
            let id = try await services.database.recordIntakeReview(client: try context.id("id"), note: body.note, actor: user.actor, at: Date())
            return try Responses.json(["id": id], status: .created)
        }
    }
}
