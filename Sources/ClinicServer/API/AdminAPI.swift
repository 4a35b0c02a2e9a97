import Foundation
import Hummingbird
import OilCatalogue
import StoreInterface

/// Suppliers, import runs and users: admins only.
struct AdminAPI {
    let services: ClinicServices
    var actions: ClinicActions { ClinicActions(services: services) }

    struct SupplierView: Encodable {
        var id: String
        var name: String
        var format: String
        var source: String?
        var activeProducts: Int
        var lastRun: RunView?
    }

    /// An import run in lists (the same shape as `oilcat import runs --json`); the full report at
    /// `/api/v1/import-runs/{id}`.
    typealias RunView = ImportRunSummary

    struct StartImport: Decodable {
        var dry_run: Bool?
        var max_errors: Int?
        var allow_large_removal: Bool?
    }

    struct NewUser: Decodable {
        var name: String
        var role: String
        var password: String
    }

    struct NewToken: Decodable {
        var label: String?
    }

    func register(_ routes: RouteTable) {
        routes.on(.get, "/api/v1/suppliers", roles: .admin) { _, _, _ in try await Responses.json(try suppliers()) }

        routes.on(.get, "/api/v1/import-runs", roles: .admin) { request, _, _ in
            try await Responses.json(try runs(supplier: request.query.text("supplier"), limit: 100))
        }

        routes.on(.get, "/api/v1/import-runs/{id}", roles: .admin) { _, context, _ in
            let (run, report) = try await self.run(try context.id("id"))
            struct Detail: Encodable {
                var run: RunView
                var report: ImportReport?
            }
            return try Responses.json(Detail(run: RunView(run), report: report))
        }

        routes.on(.post, "/api/v1/suppliers/{id}/imports", roles: .admin) { request, context, user in
            var request = request
            let body = request.headers[.contentLength] == "0" || request.headers[.contentType] == nil
                ? StartImport() : try await request.json(StartImport.self, context: context)
            let report = try await actions.startImport(
                supplier: try context.text("id"), dryRun: body.dry_run ?? false, maxErrors: body.max_errors,
                allowLargeRemoval: body.allow_large_removal ?? false, actor: user.actor
            )
            let status: HTTPResponse.Status = report.status == "failed" ? .unprocessableContent : .created
            return try Responses.json(report, status: status)
        }

        routes.on(.get, "/api/v1/users", roles: .admin) { _, _, _ in try Responses.json(try await services.database.users()) }

        routes.on(.post, "/api/v1/users", roles: .admin) { request, context, user in
            var request = request
            let body = try await request.json(NewUser.self, context: context)
            let id = try await actions.addUser(name: body.name, role: body.role, password: body.password, actor: user.actor)
            return try Responses.json(["id": id], status: .created)
        }

        routes.on(.post, "/api/v1/users/{id}/tokens", roles: .admin) { request, context, user in
            var request = request
            let id = try context.id("id")
            guard try await services.database.user(id: id) != nil else { throw InputError.notFound("no user \(id)") }
            let body = request.headers[.contentType] == nil ? NewToken() : try await request.json(NewToken.self, context: context)
            let (tokenID, token) = try await Credentials.createToken(for: id, label: body.label ?? "api", in: services.database, actor: user.actor)
            struct Created: Encodable {
                var id: Int64
                var token: String
            }
            return try Responses.json(Created(id: tokenID, token: token), status: .created)
        }
    }

    func suppliers() async throws -> [SupplierView] {
        try await services.database.supplierOverviews().map { overview in
            let supplier = overview.supplier
            return SupplierView(
                id: supplier.id, name: supplier.name, format: supplier.format, source: supplier.source,
                activeProducts: overview.activeProducts, lastRun: overview.lastRun.map(RunView.init)
            )
        }
    }

    func runs(supplier: String?, limit: Int) async throws -> [RunView] {
        try await services.database.importRuns(supplier: supplier, failedOnly: false, limit: limit).map(RunView.init)
    }

    func run(_ id: Int64) async throws -> (ImportRunRecord, ImportReport?) {
        guard let run = try await services.database.importRun(id: id) else {
            throw InputError.notFound("no import run \(id)")
        }
        let report = ImportReport.stored(in: run)
        return (run, report)
    }
}
