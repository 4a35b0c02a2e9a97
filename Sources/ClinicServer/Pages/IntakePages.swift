import CatalogueCore
import Foundation
import Hummingbird
import OilCatalogue
import StoreInterface

/// The intake section of the therapist's client page: the medical history (record, correct, resolve, withdraw), the
/// treatment notes with their sources, and the review of the intake with its date. Clinical roles only: reception
/// never reaches these routes, and its check shows a verdict word, never a reason.
struct IntakePages {
    let services: ClinicServices

    /// What the client page shows of the intake.
    struct Model {
        var notes: [TreatmentNoteJSON]
        var entries: [MedicalHistoryJSON]
        var items: [TherapistPages.Option]
        var sources: [TherapistPages.Option]
        var review: IntakeReviewStatus
        /// No intake review and no entry in force: every product reads caution until the history is taken.
        var notTaken: Bool
        var today: String
    }

    func model(_ profile: ClientProfile) async throws -> Model {
        let listings = try await services.database.historyListings(client: profile.id)
        return Model(
            notes: TreatmentNoteJSON.notes(for: profile, taxonomy: services.taxonomy),
            entries: listings.filter(\.inForce).map { MedicalHistoryJSON($0, taxonomy: services.taxonomy) },
            items: services.taxonomy.historyItems.map { TherapistPages.Option(value: $0.id.rawValue, label: $0.name, checked: false) },
            sources: MedicalHistoryEntry.Source.allCases.map { TherapistPages.Option(value: $0.rawValue, label: $0.rawValue, checked: false) },
            review: IntakeReviewStatus(
                last: try await services.database.lastIntakeReview(client: profile.id), periodDays: services.intakeReviewDays
            ),
            notTaken: !profile.historyOnRecord,
            today: IntakeReviewStatus.day(Date())
        )
    }

    func register(_ routes: RouteTable) {
        routes.on(.post, "/clients/{id}/history", roles: .clinical) { request, context, user in
            var request = request
            let client = try context.id("id")
            let form = try await request.form(context: context)
            var corrects: Int64?
            if let text = form.text("corrects") {
                guard let number = Int64(text) else { throw InputError.invalid("corrects", "an entry number") }
                corrects = number
            }
            let id = try await ClinicActions(services: services).addHistoryEntry(
                client: client, item: form.text("item"), since: form.text("since"), source: form.text("source"), note: form.text("note"),
                corrects: corrects, actor: user.actor
            )
            return Responses.seeOther("/clients/\(client)", notice: .historyRecorded, number: id)
        }

        routes.on(.post, "/history-entries/{id}/resolve", roles: .clinical) { request, context, user in
            var request = request
            let entry = try context.id("id")
            let form = try await request.form(context: context)
            let id = try await services.database.resolveHistoryEntry(entry, on: form.text("on"), note: form.text("note"), actor: user.actor, at: Date())
            return Responses.seeOther("/clients/\(try await client(of: id))", notice: .historyResolved, number: entry)
        }

        routes.on(.post, "/history-entries/{id}/withdraw", roles: .clinical) { request, context, user in
            var request = request
            let entry = try context.id("id")
            let form = try await request.form(context: context)
            guard let reason = form.text("reason") else { throw InputError.missing("reason") }
            let id = try await services.database.withdrawHistoryEntry(entry, reason: reason, actor: user.actor, at: Date())
            return Responses.seeOther("/clients/\(try await client(of: id))", notice: .historyWithdrawn, number: entry)
        }

        routes.on(.post, "/clients/{id}/intake-review", roles: .clinical) { request, context, user in
            var request = request
            let client = try context.id("id")
            let form = try await request.form(context: context)
            _ = try await services.database.recordIntakeReview(client: client, note: form.text("note"), actor: user.actor, at: Date())
            return Responses.seeOther("/clients/\(client)", notice: .intakeReviewed)
        }
    }

    /// The client a history entry belongs to.
    private func client(of entry: Int64) async throws -> Int64 {
        try await services.database.client(ofHistoryEntry: entry) ?? 0
    }
}
