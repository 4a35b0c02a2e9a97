import StoreInterface
import Foundation
import Hummingbird
import OilCatalogue

/// The queue of unresolved label spellings and the aliases that work it: admins only.
struct LabelQueueAPI {
    let services: ClinicServices

    struct NewAlias: Decodable {
        var spelling: String
        /// An ingredient id or INCI name; absent with `mixture`.
        var ingredient: String?
        var mixture: Bool?
    }

    func register(_ routes: RouteTable) {
        routes.on(.get, "/api/v1/label-queue", roles: .admin) { _, _, _ in
            try Responses.json(try await LabelQueue.unresolved(database: services.database))
        }

        routes.on(.get, "/api/v1/label-aliases", roles: .admin) { _, _, _ in
            try Responses.json(try await services.database.labelAliases())
        }

        routes.on(.post, "/api/v1/label-aliases", roles: .admin) { request, context, user in
            var request = request
            let body = try await request.json(NewAlias.self, context: context)
            let outcome = try await addAlias(spelling: body.spelling, ingredient: body.ingredient, mixture: body.mixture ?? false, actor: user.actor)
            return try Responses.json(outcome, status: .created)
        }
    }

    /// Adds an alias; exactly one of an ingredient and `mixture` must be given.
    func addAlias(spelling: String, ingredient: String?, mixture: Bool, actor: String) async throws -> LabelQueue.Outcome {
        let ingredient = ingredient.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        guard (ingredient == nil) == mixture else {
            throw InputError(
                status: .unprocessableContent, code: "ALIAS-TARGET",
                message: "give either an ingredient (id or INCI name) or mark the spelling a mixture, not both or neither"
            )
        }
        try await ReferenceDataReread.requireCurrent(database: services.database, fingerprint: services.fingerprint)
        return try await LabelQueue.addAlias(
            spelling: spelling, ingredient: ingredient, database: services.database, taxonomy: services.taxonomy, actor: actor
        )
    }
}
