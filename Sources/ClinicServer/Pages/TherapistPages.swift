import CatalogueCore
import Foundation
import Hummingbird
import OilCatalogue
import StoreInterface

/// The therapist's pages: find a client → the client's page → safe oils → record a test or a reading; the printable
/// safe list.
struct TherapistPages {
    let services: ClinicServices
    var actions: ClinicActions { ClinicActions(services: services) }

    struct ClientsModel {
        var query: String
        var clients: [ClientRowView]
        var conditions: [Option]
        var searched: Bool
    }

    struct ClientRowView {
        var id: Int64
        var name: String
        var conditions: String
        var since: String
    }

    struct Option {
        var value: String
        var label: String
        var checked: Bool
    }

    struct ClientModel {
        var report: ClientReport
        var conditionNames: [String]
        var summary: ClientSummaryView
        var pendingTests: [TestView]
        var finishedTests: [TestView]
        var blockedCount: Int
        var blocked: [ListRow]
        /// Blocked products beyond those listed (nil for none).
        var moreBlocked: Int?
        var picker: ProductPicker
        var results: [Option]
        var now: String
        var intake: IntakePages.Model
    }

    /// What the client page opens with: what the client reacted to, then how many products are blocked, caution
    /// or unknown, and why.
    struct ClientSummaryView {
        var reactions: [TestView]
        /// What to avoid, as the printed list names it: each allergy with its label names, then the ingredients
        /// blocked for the client grouped by their short cause.
        var allergyNames: [AllergyAvoidance]
        var avoidGroups: [AvoidGroup]
        var groups: [CauseGroup]
        var counts: [StatusCount]
    }

    struct StatusCount {
        var status: String
        var label: String
        var count: Int
    }

    /// The patch-test form's product choices, narrowed by a search on the server (a GET form, no script).
    struct ProductPicker {
        var query: String
        var products: [ProductSummary]
        /// More products match than are listed: narrow the search.
        var truncated: Bool
        var searched: Bool
        static let limit = 50
    }

    struct SafeOilsModel {
        var client: ClientProfile
        var properties: [Option]
        /// The stock location chosen; nil when none is.
        var location: String?
        var locations: [Option]
        var rows: [ListRow]
        var total: Int
        /// Products beyond those listed (nil for none).
        var more: Int?
        var includeBlocked: Bool
        var filtered: Bool
        var printQuery: String
        var date: String
        var avoid: [SuitabilityEngine.Avoidance]
        /// Each allergy in force with the label names to avoid for it, without readings or dates.
        var allergyNames: [AllergyAvoidance]
        var conditionNames: [String]
        var groups: [CauseGroup]
        /// The ingredients to avoid grouped by their short cause, for the printed list.
        var avoidGroups: [AvoidGroup]
        /// The printed list: safe products, then those to check with the therapist (blocked ones never).
        var safeRows: [ListRow]
        /// The products to check, grouped by status and short cause: each cause printed once.
        var checkGroups: [CheckGroup]
        var notes: [TreatmentNoteJSON]
    }

    /// A pasted report, line by line, with a form to confirm it.
    struct AllergyReportModel {
        var client: ClientProfile
        var lines: [ReportLineView]
        var text: String
        var source: String
    }

    /// One line of a pasted report as the preview shows it: a positive, doubtful or irritant reading stands out.
    struct ReportLineView {
        var line: Int
        var name: String
        var reading: String
        var readingClass: String
        var resolvesTo: String
        var kind: String
        var recordedAs: String
        var labelNames: [String]

        init(_ line: AllergyReportImport.Line) {
            self.line = line.line
            name = line.name
            reading = line.reading
            readingClass = StatusText.resultClass(line.reading)
            resolvesTo = line.resolves_to
            kind = line.kind.replacingOccurrences(of: "-", with: " ")
            recordedAs = line.recorded_as
            labelNames = line.label_names
        }
    }

    struct CheckGroup {
        var label: String
        var cause: String?
        var rows: [ListRow]

        static func groups(_ rows: [ListRow]) -> [CheckGroup] {
            var groups: [CheckGroup] = []
            for row in rows {
                let label = row.statusLabel
                let cause = row.cause
                if let index = groups.firstIndex(where: { $0.label == label && $0.cause == cause }) {
                    groups[index].rows.append(row)
                } else {
                    groups.append(CheckGroup(label: label, cause: cause, rows: [row]))
                }
            }
            return groups
        }
    }

    func register(_ routes: RouteTable) {
        routes.on(.get, "/clients", roles: .clinical) { request, _, user in
            let query = request.query.text("q") ?? ""
            let clock = services.clock
            let clients = try await services.database.clients(matching: query, limit: 100).map {
                ClientRowView(
                    id: $0.id, name: $0.name, conditions: services.taxonomy.conditionNames($0.conditions).joined(separator: ", "),
                    since: clock.day($0.createdAt)
                )
            }
            let conditions = services.taxonomy.conditions.map { Option(value: $0.id.rawValue, label: $0.name, checked: false) }
            return Pages.render(
                services, "clients", ClientsModel(query: query, clients: clients, conditions: conditions, searched: !query.isEmpty),
                user: user, title: "Clients", notice: Notice.from(request.query)
            )
        }

        routes.on(.post, "/clients", roles: .clinical) { request, context, user in
            var request = request
            let form = try await request.form(context: context)
            let id = try await actions.addClient(
                name: form["name"], conditions: form.all("condition"), note: form.text("note"), sameName: form["same_name"] != nil,
                actor: user.actor
            )
            return Responses.seeOther("/clients/\(id)", notice: .clientAdded)
        }

        routes.on(.get, "/clients/{id}", roles: .clinical) { request, context, user in
            let profile = try await actions.client(try context.id("id"))
            let model = try await clientModel(profile, productQuery: request.query.text("product_q") ?? "")
            return Pages.render(services, "client", model, user: user, title: profile.name, notice: Notice.from(request.query))
        }

        routes.on(.post, "/clients/{id}/patch-tests", roles: .clinical) { request, context, user in
            var request = request
            let client = try context.id("id")
            let form = try await request.form(context: context)
            let test = try await actions.applyPatchTest(
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
            return try await allergyReport(client: client, form: form, user: user)
        }

        // An allergy (or a tested-negative line) entered in error: retracted with a reason, never deleted.
        routes.on(.post, "/allergies/{id}/retract", roles: .clinical) { request, context, user in
            var request = request
            let allergy = try context.id("id")
            let form = try await request.form(context: context)
            let client = try await actions.retractAllergy(allergy, reason: form.text("reason"), actor: user.actor)
            return Responses.seeOther("/clients/\(client)", notice: .allergyRetracted, number: allergy)
        }

        routes.on(.post, "/patch-tests/{id}/readings", roles: .clinical) { request, context, user in
            var request = request
            let test = try context.id("id")
            let form = try await request.form(context: context)
            try Self.checkReadingForm(result: form.text("result"), relevance: form.text("relevance"))
            let (_, listing) = try await actions.recordReading(
                test: test, result: form.text("result"), relevance: form.text("relevance"), readAt: form.text("read_at"), actor: user.actor
            )
            let client = listing?.client ?? 0
            return Responses.seeOther("/clients/\(client)", notice: .readingRecorded, number: test)
        }

        routes.on(.get, "/clients/{id}/safe-oils", roles: .clinical) { request, context, user in
            let model = try await safeOils(request, context, limit: 100)
            return Pages.render(services, "safe-oils", model, user: user, title: "Safe oils for \(model.client.name)")
        }

        routes.on(.get, "/clients/{id}/safe-oils/print", roles: .clinical) { request, context, user in
            let model = try await safeOils(request, context, limit: nil)
            return Pages.render(services, "safe-oils-print", model, user: user, title: "Safe list — \(model.client.name)")
        }
    }

    private func safeOils(_ request: Request, _ context: ClinicRequestContext, limit: Int?) async throws -> SafeOilsModel {
        let query = request.query
        let chosen = Set(query.all("property"))
        let location = query.text("location")?.nilIfBlank
        let includeBlocked = query["include_blocked"] != nil
        let id = try context.id("id")
        let listing = try await actions.safeOils(
            client: id, properties: Array(chosen).sorted(), location: location, includeBlocked: includeBlocked,
            limit: limit, offset: 0
        )
        let client = try await actions.client(id)
        let engine = SuitabilityEngine(taxonomy: services.taxonomy, client: client)
        let locations = try await services.database.stockLocations()
        let names = PropertyNames(services.taxonomy)
        let rows = listing.rows.map { ListRow($0, names: names) }
        let avoid = AvoidList(client: client, taxonomy: services.taxonomy, engine: engine)
        let more = listing.total - listing.rows.count
        return SafeOilsModel(
            client: client,
            properties: services.taxonomy.properties.map { Option(value: $0.id.rawValue, label: $0.name, checked: chosen.contains($0.id.rawValue)) },
            location: location,
            locations: locations.map { Option(value: $0, label: $0, checked: $0 == location) },
            rows: rows, total: listing.total, more: more > 0 ? more : nil, includeBlocked: includeBlocked,
            filtered: !chosen.isEmpty || location != nil,
            printQuery: request.uri.query ?? "",
            date: services.clock.day(Date()),
            avoid: engine.avoidances,
            allergyNames: avoid.allergies,
            conditionNames: client.conditions.compactMap { services.taxonomy.condition($0)?.name },
            groups: CauseGroup.groups(listing.rows.map { ($0.status, $0.reasons) }),
            avoidGroups: avoid.groups,
            safeRows: rows.filter { $0.status == "safe" },
            checkGroups: CheckGroup.groups(rows.filter { $0.status != "safe" && $0.status != "blocked" }),
            notes: TreatmentNoteJSON.notes(for: client, taxonomy: services.taxonomy)
        )
    }

    private func clientModel(_ profile: ClientProfile, productQuery: String) async throws -> ClientModel {
        let clock = services.clock
        let report = try await actions.report(profile.id, blockedLimit: 50)
        let tests = report.patchTests.filter { $0.correction == nil }.map { TestView($0, clock: clock) }
        // The counts and causes of the statuses a therapist must know about, from the list the safe-oils page shows.
        let snapshot = try await services.lists.snapshot(services)
        var counts = [StatusCount(status: "blocked", label: StatusText.label("blocked"), count: report.blockedCount)]
        var grouped: [(status: String, reasons: [String])] = report.blocked.map { ("blocked", $0.reasons) }
        for status in [SuitabilityStatus.pending, .unknown, .caution] {
            let (rows, total) = try await SuitabilityListing.rows(
                taxonomy: services.taxonomy, fingerprint: services.fingerprint, client: profile, database: services.database, properties: [],
                stock: [:], checksStock: false, includeBlocked: false, limit: 200, only: status, snapshot: snapshot
            )
            counts.append(StatusCount(status: status.rawValue, label: StatusText.label(status.rawValue), count: total))
            grouped += rows.map { ($0.status, $0.reasons) }
        }
        let more = report.blockedCount - report.blocked.count
        let avoid = AvoidList(
            client: profile, taxonomy: services.taxonomy, engine: SuitabilityEngine(taxonomy: services.taxonomy, client: profile)
        )
        return ClientModel(
            report: report,
            conditionNames: profile.conditions.compactMap { services.taxonomy.condition($0)?.name },
            summary: ClientSummaryView(
                reactions: tests.filter(\.reacted), allergyNames: avoid.allergies, avoidGroups: avoid.groups,
                groups: CauseGroup.groups(grouped), counts: counts.filter { $0.count > 0 }
            ),
            pendingTests: tests.filter { $0.outcome == "pending" },
            finishedTests: tests.filter { $0.outcome != "pending" },
            blockedCount: report.blockedCount, blocked: report.blocked.map(ListRow.init), moreBlocked: more > 0 ? more : nil,
            picker: try await productPicker(productQuery),
            results: ["negative", "doubtful", "+", "++", "+++", "irritant"].map { Option(value: $0, label: Self.resultLabel($0), checked: false) },
            now: clock.field(Date()),
            intake: try await IntakePages(services: services).model(profile)
        )
    }

    /// A pasted report's preview, or (with `confirm`) the report recorded and a redirect to the client. Each case is
    /// a function of its own, with no branch around an `await`: as branches of one async function (or of the route
    /// closure), they crashed the release compiler's coroutine splitting (Swift 6.3.1).
    private func allergyReport(client: Int64, form: FormFields, user: ClinicUser) async throws -> Response {
        let text = form["report"] ?? ""
        let source = form.text("source") ?? ClientAllergy.Source.dermatologist.rawValue
        let step = form["confirm"] != nil ? recordReport : previewReport
        return try await step(client, text, source, user)
    }

    private func recordReport(client: Int64, text: String, source: String, user: ClinicUser) async throws -> Response {
        let count = try await actions.recordAllergyReport(client: client, text: text, source: source, actor: user.actor)
        return Responses.seeOther("/clients/\(client)", notice: .reportRecorded, number: Int64(count))
    }

    private func previewReport(client: Int64, text: String, source: String, user: ClinicUser) async throws -> Response {
        let report = try await actions.readAllergyReport(client: client, text: text)
        let profile = try await actions.client(client)
        let model = AllergyReportModel(client: profile, lines: report.lines.map(ReportLineView.init), text: text, source: source)
        return Pages.render(services, "allergy-report", model, user: user, title: "Patch-test report for \(profile.name)")
    }

    /// The products a test can be recorded for: those whose name or SKU matches the search, at most 50 by name.
    func productPicker(_ query: String) async throws -> ProductPicker {
        var filter = ProductFilter()
        filter.text = query.nilIfBlank
        filter.limit = ProductPicker.limit + 1
        let found = try await services.database.searchProducts(filter)
        return ProductPicker(
            query: query, products: Array(found.prefix(ProductPicker.limit)), truncated: found.count > ProductPicker.limit,
            searched: query.nilIfBlank != nil
        )
    }

    static func resultLabel(_ value: String) -> String {
        switch value {
        case "negative": "negative (−)"
        case "doubtful": "doubtful (?+)"
        case "+": "+ weak positive"
        case "++": "++ strong positive"
        case "+++": "+++ extreme positive"
        case "irritant": "irritant (IR)"
        default: value
        }
    }

    /// The reading form has no default result: a reading without one is refused, and so is a `++` or `+++` without
    /// its relevance. Nothing is written.
    static func checkReadingForm(result: String?, relevance: String?) throws {
        guard let result = result?.nilIfBlank else {
            throw InputError(
                code: "INPUT-RESULT-MISSING",
                message: "choose the reading's result (negative, doubtful, +, ++, +++ or irritant): there is no default, and nothing was recorded"
            )
        }
        if ["++", "+++"].contains(result), relevance?.nilIfBlank == nil {
            throw InputError(
                code: "INPUT-RELEVANCE-MISSING",
                message: "a \(result) reading needs its relevance (current, past or unknown); nothing was recorded"
            )
        }
    }
}
