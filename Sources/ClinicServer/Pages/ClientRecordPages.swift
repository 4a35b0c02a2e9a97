import CatalogueCore
import Foundation
import Hummingbird
import OilCatalogue
import StoreInterface

/// The client's record beyond tests and readings: editing the conditions and note, correcting a test or a reading
/// (a new entry with a reason, never an edit), and a reaction the client reports. Each writes to the audit log
/// through the store, as the command line does.
struct ClientRecordPages {
    let services: ClinicServices
    var actions: ClinicActions { ClinicActions(services: services) }
    var therapist: TherapistPages { TherapistPages(services: services) }

    struct EditModel {
        var id: Int64
        var name: String
        var note: String
        var conditions: [TherapistPages.Option]
    }

    struct CorrectionModel {
        var test: TestView
        var clientName: String
    }

    struct ReactionModel {
        var id: Int64
        var name: String
        var picker: TherapistPages.ProductPicker
        var now: String
    }

    func register(_ routes: RouteTable) {
        routes.on(.get, "/clients/{id}/edit", roles: .clinical) { request, context, user in
            let profile = try await actions.client(try context.id("id"))
            let note = try await services.database.clientSummary(profile.id)?.note ?? ""
            let chosen = Set(profile.conditions.map(\.rawValue))
            let model = EditModel(
                id: profile.id, name: profile.name, note: note,
                conditions: services.taxonomy.conditions.map { .init(value: $0.id.rawValue, label: $0.name, checked: chosen.contains($0.id.rawValue)) }
            )
            return Pages.render(services, "client-edit", model, user: user, title: "Edit \(profile.name)", notice: Notice.from(request.query))
        }

        routes.on(.post, "/clients/{id}/edit", roles: .clinical) { request, context, user in
            var request = request
            let profile = try await actions.client(try context.id("id"))
            let form = try await request.form(context: context)
            guard let name = form.text("name")?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty, name.count <= 200 else {
                throw InputError.invalid("name", "the client's name, 1 to 200 characters")
            }
            let wanted = try form.all("condition").map { text -> ConditionID in
                guard let condition = services.taxonomy.condition(named: text) else {
                    throw InputError.invalid("condition", "among " + services.taxonomy.conditions.map(\.id.rawValue).joined(separator: ", "))
                }
                return condition.id
            }
            let current = Set(profile.conditions)
            let note = form["note"] ?? ""
            let oldNote = try await services.database.clientSummary(profile.id)?.note ?? ""
            try await services.database.updateClient(
                id: profile.id, name: name == profile.name ? nil : name, note: note == oldNote ? nil : note,
                addConditions: wanted.filter { !current.contains($0) },
                removeConditions: profile.conditions.filter { !wanted.contains($0) }, actor: user.actor, at: Date()
            )
            return Responses.seeOther("/clients/\(profile.id)", notice: .clientUpdated)
        }

        routes.on(.get, "/patch-tests/{id}/correct", roles: .clinical) { request, context, user in
            let listing = try await testListing(try context.id("id"))
            let model = CorrectionModel(test: TestView(PatchTestJSON(listing), clock: services.clock), clientName: listing.clientName)
            return Pages.render(services, "correct-test", model, user: user, title: "Correct patch test \(listing.test.id)", notice: Notice.from(request.query))
        }

        routes.on(.post, "/patch-tests/{id}/corrections", roles: .clinical) { request, context, user in
            var request = request
            let listing = try await testListing(try context.id("id"))
            let form = try await request.form(context: context)
            guard let kind = form.text("kind"), ["refuted", "entered-in-error"].contains(kind) else {
                throw InputError.invalid("kind", "refuted or entered-in-error; choose one")
            }
            guard let reason = form.text("reason"), !TextHygiene.isBlank(reason) else {
                throw InputError(code: "INPUT-REASON-MISSING", message: "say why the test or reading is corrected; nothing was recorded")
            }
            var reading: Int64?
            if let text = form.text("reading"), !text.isEmpty, text != "test" {
                guard let id = Int64(text), listing.test.readings.contains(where: { $0.id == id }) else {
                    throw InputError.invalid("reading", "one of this test's readings, or the whole test")
                }
                reading = id
            }
            try await services.database.correctPatchTest(
                test: listing.test.id, reading: reading, kind: kind, reason: reason, actor: user.actor, now: Date()
            )
            return Responses.seeOther("/clients/\(listing.clientID)", notice: .testCorrected, number: listing.test.id)
        }

        routes.on(.get, "/clients/{id}/reactions", roles: .clinical) { request, context, user in
            let profile = try await actions.client(try context.id("id"))
            let model = await ReactionModel(
                id: profile.id, name: profile.name, picker: try therapist.productPicker(request.query.text("product_q") ?? ""),
                now: services.clock.field(Date())
            )
            return Pages.render(services, "reaction", model, user: user, title: "Reaction reported by \(profile.name)", notice: Notice.from(request.query))
        }

        routes.on(.post, "/clients/{id}/reactions", roles: .clinical) { request, context, user in
            var request = request
            let profile = try await actions.client(try context.id("id"))
            let form = try await request.form(context: context)
            guard let product = form.text("product"), !product.isEmpty else { throw InputError.missing("product") }
            let (supplier, sku) = try actions.product(product)
            let at = try actions.time(form.text("at"), field: "at")
            let id = try await services.database.recordReportedReaction(
                client: profile.id, supplier: supplier, sku: sku, at: at, note: form.text("note").flatMap { TextHygiene.multiLine($0).nilIfBlank },
                actor: user.actor, now: Date()
            )
            return Responses.seeOther("/clients/\(profile.id)", notice: .reactionRecorded, number: id)
        }
    }

    private func testListing(_ id: Int64) async throws -> PatchTestListing {
        guard let listing = try await services.database.patchTestListing(id) else { throw InputError.notFound("no patch test \(id)") }
        if listing.correction != nil {
            throw InputError(status: .conflict, code: "TEST-CORRECTED", message: "patch test \(id) was already corrected; it has no effect")
        }
        return listing
    }
}
