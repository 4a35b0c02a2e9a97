import StoreInterface
import Foundation
import Hummingbird
import OilCatalogue

/// The admin's page of unresolved label spellings: map one to an ingredient or mark it a mixture; every product
/// printing it is resolved again at once.
struct LabelQueuePages {
    let services: ClinicServices
    var api: LabelQueueAPI { LabelQueueAPI(services: services) }

    struct Model {
        var queue: [LabelQueue.Spelling]
        var aliases: [AliasView]
        var changes: [String]
    }

    struct AliasView {
        var spelling: String
        var means: String
        var by: String
    }

    func register(_ routes: RouteTable) {
        routes.on(.get, "/admin/labels", roles: .admin) { request, _, user in
            await Pages.render(services, "labels", try model(changes: []), user: user, title: "Unresolved label names", notice: Notice.from(request.query))
        }

        routes.on(.post, "/admin/labels/aliases", roles: .admin) { request, context, user in
            var request = request
            let form = try await request.form(context: context)
            guard let spelling = form.text("spelling"), !spelling.isEmpty else { throw InputError.missing("spelling") }
            let outcome = try await api.addAlias(
                spelling: spelling, ingredient: form.text("ingredient"), mixture: form["mixture"] != nil, actor: user.actor
            )
            let changes = outcome.changes.map { "\($0.clientName): \($0.product) \($0.previousStatus) → \($0.status)" }
            return await Pages.render(
                services, "labels", try model(changes: changes), user: user, title: "Unresolved label names",
                notice: "'\(outcome.spelling)' mapped; \(outcome.products.count) product(s) resolved again."
            )
        }
    }

    private func model(changes: [String]) async throws -> Model {
        let taxonomy = services.taxonomy
        return Model(
            queue: try await LabelQueue.unresolved(database: services.database),
            aliases: try await services.database.labelAliases().map { alias in
                AliasView(
                    spelling: alias.spelling,
                    means: alias.ingredientId.map { id in taxonomy.ingredient(.init(id)).map { "\($0.inci) (\(id))" } ?? id }
                        ?? "mixture of unknown composition",
                    by: alias.createdBy
                )
            },
            changes: changes
        )
    }
}
