import CatalogueCore
import Foundation
import Hummingbird
import OilCatalogue
import StoreInterface

/// The admin's pages: suppliers and their import runs (with the full report), starting an import, users and API
/// tokens.
struct AdminPages {
    let services: ClinicServices
    var api: AdminAPI { AdminAPI(services: services) }
    var actions: ClinicActions { ClinicActions(services: services) }

    struct HomeModel {
        var suppliers: [AdminAPI.SupplierView]
        var runs: [AdminAPI.RunView]
        /// Products whose latest record was rejected (not known to be safe until a good record arrives).
        var stale: [StaleView]
        var hasStale: Bool
    }

    struct RunModel {
        var run: AdminAPI.RunView
        var report: ImportReport?
        var failed: Bool
        var rejected: [DiagnosticView]
        var changed: [String]
        /// "Golden Jojoba Oil (NAT-JOJ-100)": the SKUs of the report with their products' names.
        var added: [String]
        var removed: [String]
        var affected: [AffectedView]
        /// What could not be done after the run was committed; when the affected clients could not be listed, the
        /// page says so rather than "None".
        var afterCommit: [String]
        var affectedUnknown: Bool
        /// The catalogue read again before the run, when the reference data had changed.
        var reread: RereadView?
    }

    struct RereadView {
        var summary: String
        var products: [String]
        var changes: [AffectedView]
    }

    struct AffectedView {
        var client: Int64
        var clientName: String
        var product: String
        var status: String
        var previousStatus: String
        var reasons: [String]
    }

    struct StaleView {
        var supplier: String
        var sku: String
        var name: String
        var since: String
        var reason: String
    }

    struct DiagnosticView {
        var text: String
    }

    struct UsersModel {
        var users: [UserRow]
        var roles: [TherapistPages.Option]
        var token: String?
        var tokenUser: String?
        var newPassword: String?
        var passwordUser: String?
        var tokens: [TokenRow]
    }

    struct TokenRow {
        var id: Int64
        var user: String
        var label: String
        var created: String
        var revoked: Bool
    }

    struct UserRow {
        var id: Int64
        var name: String
        var role: String
        var since: String
        var disabled: Bool
        /// Sign-in attempts counted against the name now (0 shows nothing).
        var failures: Int
    }

    private func homeModel() async throws -> HomeModel {
        let clock = services.clock
        let stale = try await services.database.staleProducts().map {
            StaleView(supplier: $0.supplier, sku: $0.sku, name: $0.name, since: clock.minute($0.since), reason: $0.reason)
        }
        return await HomeModel(
            suppliers: try api.suppliers(), runs: try api.runs(supplier: nil, limit: 30), stale: stale, hasStale: !stale.isEmpty
        )
    }

    func register(_ routes: RouteTable) {
        routes.on(.get, "/admin", roles: .admin) { request, _, user in
            await Pages.render(
                services, "admin",
                try homeModel(),
                user: user,
                title: "Suppliers and imports", notice: Notice.from(request.query)
            )
        }

        routes.on(.get, "/admin/imports/{id}", roles: .admin) { request, context, user in
            let (run, report) = try await api.run(try context.id("id"))
            let changes: [ImportReport.Change] = report?.changed ?? []
            let added: [String] = report?.added ?? []
            let removed: [String] = report?.removed ?? []
            let affected: [ImportReport.Affected] = report?.affected ?? []
            var skus: [String] = added + removed
            skus += changes.map(\.sku)
            skus += affected.compactMap { ProductReference.split($0.product)?.sku }
            let names = try await services.database.productNames(supplier: run.supplierId, skus: skus)
            func named(_ sku: String) -> String { names[sku].map { "\($0) (\(sku))" } ?? sku }
            func namedReference(_ reference: String) -> String {
                guard let (supplier, sku) = ProductReference.split(reference), supplier == run.supplierId, let name = names[sku] else { return reference }
                return "\(name) (\(reference))"
            }
            let model = RunModel(
                run: AdminAPI.RunView(run), report: report, failed: run.status == .failed,
                rejected: (report?.rejected ?? []).map { DiagnosticView(text: "\($0)") },
                changed: changes.map { "\(named($0.sku)): \($0.fields.joined(separator: ", "))" },
                added: added.map(named), removed: removed.map(named),
                affected: affected.map {
                    AffectedView(
                        client: $0.client, clientName: $0.clientName, product: namedReference($0.product), status: $0.status,
                        previousStatus: $0.previousStatus, reasons: $0.reasons
                    )
                },
                afterCommit: report?.afterCommit ?? [], affectedUnknown: report?.affectedUnknown ?? false,
                reread: report?.reread.map { reread in
                    RereadView(
                        summary: reread.summary(limit: 0)[0] + " (every supplier)",
                        products: reread.products,
                        changes: reread.changes.map {
                            AffectedView(
                                client: $0.client, clientName: $0.clientName, product: $0.product, status: $0.status,
                                previousStatus: $0.previousStatus, reasons: $0.reasons
                            )
                        }
                    )
                }
            )
            return Pages.render(services, "import-run", model, user: user, title: "Import run \(run.id ?? 0)", notice: Notice.from(request.query))
        }

        routes.on(.post, "/admin/suppliers/{id}/import", roles: .admin) { request, context, user in
            var request = request
            let form = try await request.form(context: context)
            let report = try await actions.startImport(
                supplier: try context.text("id"), dryRun: form["dry_run"] != nil, maxErrors: nil, allowLargeRemoval: form["allow_large_removal"] != nil,
                actor: user.actor
            )
            guard let run = report.runId else { return Responses.seeOther("/admin", notice: .importNotStarted) }
            return Responses.seeOther("/admin/imports/\(run)", notice: .importStarted)
        }

        routes.on(.get, "/admin/users", roles: .admin) { request, _, user in
            Pages.render(services, "users", try await usersModel(), user: user, title: "Users", notice: Notice.from(request.query))
        }

        routes.on(.post, "/admin/users", roles: .admin) { request, context, user in
            var request = request
            let form = try await request.form(context: context)
            _ = try await actions.addUser(name: form.text("name"), role: form.text("role"), password: form["password"], actor: user.actor)
            return Responses.seeOther("/admin/users", notice: .userAdded)
        }

        routes.on(.post, "/admin/users/{id}/tokens", roles: .admin) { request, context, user in
            var request = request
            let id = try context.id("id")
            let form = try await request.form(context: context)
            guard let account = try await services.database.user(id: id) else { throw InputError.notFound("no user \(id)") }
            let (_, token) = try await Credentials.createToken(for: id, label: form.text("label") ?? "api", in: services.database, actor: user.actor)
            // Shown once, on this response only: it is not stored.
            return Pages.render(services, "users", try await usersModel(token: token, tokenUser: account.name), user: user, title: "Users")
        }

        routes.on(.post, "/admin/users/{id}/disable", roles: .admin) { _, context, user in
            let id = try context.id("id")
            guard id != user.account.id else {
                throw InputError(status: .conflict, code: "USER-SELF", message: "you cannot disable your own account; ask another admin")
            }
            try await services.database.setUserDisabled(id, disabled: true, actor: user.actor)
            return Responses.seeOther("/admin/users", notice: .userDisabled)
        }

        routes.on(.post, "/admin/users/{id}/enable", roles: .admin) { _, context, user in
            try await services.database.setUserDisabled(try context.id("id"), disabled: false, actor: user.actor)
            return Responses.seeOther("/admin/users", notice: .userEnabled)
        }

        routes.on(.post, "/admin/tokens/{id}/revoke", roles: .admin) { _, context, user in
            try await services.database.revokeAPIToken(try context.id("id"), actor: user.actor)
            return Responses.seeOther("/admin/users", notice: .tokenRevoked)
        }

        routes.on(.post, "/admin/users/{id}/password", roles: .admin) { _, context, user in
            let id = try context.id("id")
            guard let account = try await services.database.user(id: id) else { throw InputError.notFound("no user \(id)") }
            let password = Credentials.randomSecret(bytes: 12)
            try await services.database.setPasswordHash(user: id, passwordHash: try Credentials.hashPassword(password), actor: user.actor)
            // Shown once, on this response only.
            return Pages.render(
                services, "users", try await usersModel(newPassword: password, passwordUser: account.name), user: user, title: "Users",
                notice: Notice.passwordReset.message(number: nil)
            )
        }

        routes.on(.post, "/admin/users/{id}/unlock", roles: .admin) { _, context, user in
            let id = try context.id("id")
            guard let account = try await services.database.user(id: id) else { throw InputError.notFound("no user \(id)") }
            try await services.database.clearSignInFailures(name: account.name, actor: user.actor)
            return Responses.seeOther("/admin/users", notice: .signInsCleared)
        }
    }

    private func usersModel(token: String? = nil, tokenUser: String? = nil, newPassword: String? = nil, passwordUser: String? = nil) async throws -> UsersModel {
        let clock = services.clock
        let accounts = try await services.database.users()
        let names = Dictionary(accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var users: [UserRow] = []
        for account in accounts {
            users.append(
                UserRow(
                    id: account.id, name: account.name, role: account.role.rawValue, since: clock.day(account.createdAt),
                    disabled: account.disabled, failures: try await services.database.signInFailureCount(name: account.name)
                )
            )
        }
        return UsersModel(
            users: users,
            roles: UserRole.allCases.map { .init(value: $0.rawValue, label: $0.rawValue, checked: $0 == .therapist) },
            token: token, tokenUser: tokenUser, newPassword: newPassword, passwordUser: passwordUser,
            tokens: try await services.database.apiTokens().map {
                TokenRow(id: $0.id, user: names[$0.userID] ?? "user \($0.userID)", label: $0.label, created: clock.minute($0.createdAt), revoked: $0.revoked)
            }
        )
    }
}
