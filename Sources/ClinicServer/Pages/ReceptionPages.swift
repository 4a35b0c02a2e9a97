import Foundation
import Hummingbird
import OilCatalogue
import StoreInterface

/// Reception's pages: today's due readings, stock with what is low, and "check a client" with one verdict per
/// product. Nothing here shows a reason, a result or a condition, whoever is signed in.
struct ReceptionPages {
    let services: ClinicServices
    var actions: ClinicActions { ClinicActions(services: services) }

    struct DueView {
        var test: Int64
        var client: Int64
        var clientName: String
        var applied: String
        var hours: Int
    }

    struct HomeModel {
        var due: [DueView]
        var locations: [String]
        /// Therapists and admins follow a due reading to the client and the test; reception sees who and when only.
        var linksToClient: Bool
    }

    struct StockModel {
        var location: String
        var locations: [TherapistPages.Option]
        var low: Bool
        var rows: [StockRowView]
        var hasLocation: Bool
    }

    struct StockRowView {
        var product: String
        var name: String
        var batch: String
        var quantity: String
        var expires: String
        var opened: String
        var isLow: Bool
    }

    struct CheckModel {
        var query: String
        var clients: [ClinicAPI.ClientName]
        var client: ClinicAPI.ClientName?
        var location: String
        var locations: [TherapistPages.Option]
        var rows: [CheckRowView]
        var checked: Bool
        var nothingSuitable: Bool
    }

    struct CheckRowView {
        var product: String
        var name: String
        var inStock: String
        var verdict: String
        var label: String
        var suitable: Bool
        var ask: Bool
    }

    func register(_ routes: RouteTable) {
        routes.on(.get, "/reception", roles: .everyone) { request, _, user in
            await Pages.render(
                services, "reception", HomeModel(due: try due(), locations: try await services.database.stockLocations(), linksToClient: user.account.role.seesClinicalDetail),
                user: user, title: "Reception",
                notice: Notice.from(request.query)
            )
        }

        routes.on(.get, "/due", roles: .everyone) { _, _, user in
            await Pages.render(
                services, "due", HomeModel(due: try due(), locations: [], linksToClient: user.account.role.seesClinicalDetail), user: user,
                title: "Readings due"
            )
        }

        routes.on(.get, "/stock", roles: .everyone) { request, _, user in
            let query = request.query
            let location = query.text("location")
            let low = query["low"] != nil
            var rows: [StockRow] = []
            if let location { rows = try await services.database.stockRows(location: location, lowOnly: low) }
            let model = StockModel(
                location: location ?? "",
                locations: try await services.database.stockLocations().map { .init(value: $0, label: $0, checked: $0 == location) },
                low: low,
                rows: rows.map {
                    StockRowView(
                        product: $0.product, name: $0.name, batch: $0.batch, quantity: StockRules.number($0.quantity),
                        expires: $0.expires ?? "", opened: $0.opened ?? "", isLow: $0.isLow
                    )
                },
                hasLocation: location != nil
            )
            return Pages.render(services, "stock", model, user: user, title: "Stock", notice: Notice.from(query))
        }

        routes.on(.post, "/stock", roles: .everyone) { request, context, user in
            var request = request
            let form = try await request.form(context: context)
            guard let quantityText = form.text("quantity"), let quantity = Double(quantityText) else { throw InputError.invalid("quantity", "a number") }
            _ = try await actions.changeStock(
                kind: form.text("kind"), location: form.text("location"), product: form.text("product"), quantity: quantity,
                batch: form.text("batch"), expires: form.text("expires"), opened: form.text("opened"),
                reorderLevel: try form.text("reorder_level").map {
                    guard let value = Double($0) else { throw InputError.invalid("reorder_level", "a number") }
                    return value
                },
                actor: user.actor
            )
            let location = StockRules.locationName(form.text("location") ?? "")
            return Responses.seeOther(
                "/stock?location=" + (location.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                notice: .stockSaved
            )
        }

        routes.on(.get, "/check", roles: .everyone) { request, _, user in
            let query = request.query
            let text = query.text("q") ?? ""
            let location = query.text("location")
            var model = CheckModel(
                query: text, clients: [], client: nil, location: location ?? "",
                locations: try await services.database.stockLocations().map { .init(value: $0, label: $0, checked: $0 == location) },
                rows: [], checked: false, nothingSuitable: false
            )
            if !text.isEmpty {
                model.clients = try await services.database.clients(matching: text, limit: 50).map { .init(id: $0.id, name: $0.name) }
            }
            if let clientText = query.text("client") {
                guard let id = Int64(clientText) else { throw InputError.invalid("client", "a client id") }
                let (client, rows) = try await actions.stockCheck(client: id, location: location, properties: [])
                model.client = .init(id: client.id, name: client.name)
                model.checked = true
                model.rows = rows.map {
                    CheckRowView(
                        product: $0.product, name: $0.name, inStock: StockRules.number($0.in_stock), verdict: $0.verdict.rawValue,
                        label: Self.label($0.verdict), suitable: $0.verdict == .suitable, ask: $0.verdict == .askTherapist
                    )
                }
                model.nothingSuitable = !rows.contains { $0.verdict == .suitable }
            }
            return Pages.render(services, "check", model, user: user, title: "Check a client")
        }
    }

    static func label(_ verdict: ReceptionVerdict) -> String {
        switch verdict {
        case .suitable: "Suitable"
        case .askTherapist: "Ask the therapist"
        case .notSuitable: "Not suitable"
        }
    }

    private func due() async throws -> [DueView] {
        let now = Date()
        let clock = services.clock
        return try await services.database.dueReadings(now: now, minimumHours: 24).map {
            DueView(test: $0.test.id, client: $0.clientID, clientName: $0.clientName, applied: clock.minute($0.test.appliedAt), hours: $0.test.hours(at: now))
        }
    }
}
