import CatalogueCore
import CatalogueStore
import Foundation
import Hummingbird
import OilCatalogue

/// The therapist's pages: find a client → the client's page → safe oils → record a test or a reading; the printable
/// safe list.
struct TherapistPages {
    let services: ClinicServices
    var actions: ClinicActions { ClinicActions(services: services) }

    struct ClientsModel {
        var query: String
        var clients: [ClientSummary]
        var conditions: [Option]
        var searched: Bool
    }

    struct Option {
        var value: String
        var label: String
        var checked: Bool
    }

    struct ClientModel {
        var report: ClientReport
        var conditionNames: [String]
        var pendingTests: [PatchTestJSON]
        var finishedTests: [PatchTestJSON]
        var blockedCount: Int
        var blocked: [ClientReport.Blocked]
        var moreBlocked: Int
        var products: [ProductSummary]
        var results: [Option]
        var now: String
    }

    struct SafeOilsModel {
        var client: ClientProfile
        var properties: [Option]
        var location: String
        var locations: [Option]
        var rows: [RowView]
        var total: Int
        var more: Int
        var includeBlocked: Bool
        var printQuery: String
        var date: String
        var avoid: [SuitabilityEngine.Avoidance]
        /// Each allergy in force with the label names to avoid for it, without readings or dates.
        var allergyNames: [AllergyAvoidance]
        var conditionNames: [String]
    }

    /// A pasted report, line by line, with a form to confirm it.
    struct AllergyReportModel {
        var client: ClientProfile
        var lines: [AllergyReportImport.Line]
        var text: String
        var source: String
    }

    /// "Wool alcohols: avoid Lanolin, Lanolin Alcohol, …", as CAMP's lists print it.
    struct AllergyAvoidance {
        var name: String
        var labels: String
    }

    /// A product in the therapist's list, as the page prints it.
    struct RowView {
        var product: String
        var name: String
        var status: String
        var reasons: [String]
        var properties: String
        var inStock: String?
        var fit: String

        init(_ row: SuitabilityRow) {
            product = row.product
            name = row.name
            status = row.status
            reasons = row.reasons
            properties = row.properties.joined(separator: ", ")
            inStock = row.in_stock.map(CatalogueDatabase.number)
            fit = row.condition_fit.joined(separator: "; ")
        }
    }

    func register(_ routes: RouteTable) {
        routes.on(.get, "/clients", roles: .clinical) { request, _, user in
            let query = request.query.text("q") ?? ""
            let clients = try services.database.clients(matching: query, limit: 100)
            let conditions = services.taxonomy.conditions.map { Option(value: $0.id.rawValue, label: $0.name, checked: false) }
            return Pages.render(
                services, "clients", ClientsModel(query: query, clients: clients, conditions: conditions, searched: !query.isEmpty),
                user: user, title: "Clients", notice: Notice.from(request.query)
            )
        }

        routes.on(.post, "/clients", roles: .clinical) { request, context, user in
            var request = request
            let form = try await request.form(context: context)
            let id = try actions.addClient(name: form["name"], conditions: form.all("condition"), note: form.text("note"), actor: user.actor)
            return Responses.seeOther("/clients/\(id)", notice: .clientAdded)
        }

        routes.on(.get, "/clients/{id}", roles: .clinical) { request, context, user in
            let profile = try actions.client(try context.id("id"))
            let report = try actions.report(profile.id, blockedLimit: 50)
            let tests = report.patchTests.filter { $0.correction == nil }
            let model = ClientModel(
                report: report,
                conditionNames: profile.conditions.compactMap { services.taxonomy.condition($0)?.name },
                pendingTests: tests.filter { $0.outcome == "pending" },
                finishedTests: tests.filter { $0.outcome != "pending" },
                blockedCount: report.blockedCount, blocked: report.blocked, moreBlocked: max(0, report.blockedCount - report.blocked.count),
                products: try productChoices(),
                results: ["negative", "doubtful", "+", "++", "+++", "irritant"].map { Option(value: $0, label: $0, checked: false) },
                now: Self.localMinute(Date())
            )
            return Pages.render(services, "client", model, user: user, title: profile.name, notice: Notice.from(request.query))
        }

        routes.on(.post, "/clients/{id}/patch-tests", roles: .clinical) { request, context, user in
            var request = request
            let client = try context.id("id")
            let form = try await request.form(context: context)
            let test = try actions.applyPatchTest(
                client: client, product: form.text("product"), site: form.text("site"), concentration: form.text("concentration"),
                carrier: form.text("carrier"), occluded: form["occluded"] != nil, appliedAt: form.text("applied_at"), actor: user.actor
            )
            return Responses.seeOther("/clients/\(client)", notice: .testRecorded, number: test)
        }

        // A pasted patch-test report: without `confirm`, what each line becomes; with it, recorded whole.
        routes.on(.post, "/clients/{id}/allergy-report", roles: .clinical) { request, context, user in
            var request = request
            let client = try context.id("id")
            let form = try await request.form(context: context)
            return try allergyReport(client: client, form: form, user: user)
        }

        routes.on(.post, "/patch-tests/{id}/readings", roles: .clinical) { request, context, user in
            var request = request
            let test = try context.id("id")
            let form = try await request.form(context: context)
            let (_, listing) = try actions.recordReading(
                test: test, result: form.text("result"), relevance: form.text("relevance"), readAt: form.text("read_at"), actor: user.actor
            )
            let client = listing?.client ?? 0
            return Responses.seeOther("/clients/\(client)", notice: .readingRecorded, number: test)
        }

        routes.on(.get, "/clients/{id}/safe-oils", roles: .clinical) { request, context, user in
            let model = try safeOils(request, context, limit: 100)
            return Pages.render(services, "safe-oils", model, user: user, title: "Safe oils for \(model.client.name)")
        }

        routes.on(.get, "/clients/{id}/safe-oils/print", roles: .clinical) { request, context, user in
            let model = try safeOils(request, context, limit: nil)
            return Pages.render(services, "safe-oils-print", model, user: user, title: "Safe list — \(model.client.name)")
        }
    }

    private func safeOils(_ request: Request, _ context: ClinicRequestContext, limit: Int?) throws -> SafeOilsModel {
        let query = request.query
        let chosen = Set(query.all("property"))
        let location = query.text("location")
        let includeBlocked = query["include_blocked"] != nil
        let id = try context.id("id")
        let listing = try actions.safeOils(
            client: id, properties: Array(chosen).sorted(), location: location, includeBlocked: includeBlocked,
            limit: limit, offset: 0
        )
        let client = try actions.client(id)
        let engine = SuitabilityEngine(taxonomy: services.taxonomy, client: client)
        let locations = try services.database.stockLocations()
        return SafeOilsModel(
            client: client,
            properties: services.taxonomy.properties.map { Option(value: $0.id.rawValue, label: $0.name, checked: chosen.contains($0.id.rawValue)) },
            location: location ?? "",
            locations: locations.map { Option(value: $0, label: $0, checked: $0 == location) },
            rows: listing.rows.map(RowView.init), total: listing.total, more: max(0, listing.total - listing.rows.count), includeBlocked: includeBlocked,
            printQuery: request.uri.query ?? "",
            date: Self.day(Date()),
            avoid: engine.avoidances,
            allergyNames: Self.allergyNames(client, taxonomy: services.taxonomy),
            conditionNames: client.conditions.compactMap { services.taxonomy.condition($0)?.name }
        )
    }

    /// A pasted report's preview, or (with `confirm`) the report recorded and a redirect to the client. Synchronous
    /// on purpose: as branches of the async route closure, it crashed the release compiler's coroutine splitting
    /// (Swift 6.3.1).
    private func allergyReport(client: Int64, form: FormFields, user: ClinicUser) throws -> Response {
        let text = form["report"] ?? ""
        let source = form.text("source") ?? ClientAllergy.Source.dermatologist.rawValue
        if form["confirm"] != nil {
            let count = try actions.recordAllergyReport(client: client, text: text, source: source, actor: user.actor)
            return Responses.seeOther("/clients/\(client)", notice: .reportRecorded, number: Int64(count))
        }
        let report = try actions.readAllergyReport(client: client, text: text)
        let profile = try actions.client(client)
        let model = AllergyReportModel(client: profile, lines: report.lines, text: text, source: source)
        return Pages.render(services, "allergy-report", model, user: user, title: "Patch-test report for \(profile.name)")
    }

    /// The client's allergies in force, each named as the taxonomy names it, with its label names to avoid.
    static func allergyNames(_ client: ClientProfile, taxonomy: Taxonomy) -> [AllergyAvoidance] {
        var seen = Set<AllergyTarget>()
        return client.allergies.filter { seen.insert($0.target).inserted }.map { allergy in
            let labels = taxonomy.avoidedLabelNames(for: allergy.target)
            return AllergyAvoidance(
                name: taxonomy.name(of: allergy.target),
                labels: labels.isEmpty
                    ? "no label name to avoid (not an ingredient of massage products)" : "avoid " + labels.joined(separator: ", ")
            )
        }
    }

    /// The products a test can be recorded for, as choices: the first 500 by name.
    private func productChoices() throws -> [ProductSummary] {
        var filter = ProductFilter()
        filter.limit = 500
        return try services.database.searchProducts(filter)
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.dateStyle = .long
        return formatter.string(from: date)
    }

    /// "2026-11-21T10:30" for a datetime-local field.
    static func localMinute(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }
}
