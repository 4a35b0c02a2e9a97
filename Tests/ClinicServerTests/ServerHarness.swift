import CatalogueCore
@_spi(SQLite) import CatalogueStore
import ClinicServer
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import OilCatalogue
import StoreInterface

/// A real database in a temporary folder with the Naturalis sample feed imported, one user per role with an API
/// token, and a client with a ++ reaction, a diagnosed allergy and conditions: everything reception must not see.
final class ServerHarness: @unchecked Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let password = "correct horse battery"
    /// bcrypt is slow on purpose: hash the test password once.
    static let passwordHash = try! Credentials.hashPassword(password)

    let folder: URL
    let database: CatalogueDatabase
    let services: ClinicServices
    let routes: [RouteSpec]
    var tokens: [UserRole: String] = [:]
    var client: Int64 = 0
    var blendTest: Int64 = 0

    init(security: WebSecurityOptions = .init()) async throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "oilcat-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try CatalogueDatabase.open(at: folder.appending(path: "oilcat.sqlite").path)
        let (taxonomy, fingerprint) = try ReferenceCatalogueLoader.loadWithFingerprint(from: Self.repository.appending(path: "Catalogue"))
        let feed = Self.repository.appending(path: "Catalogue/suppliers/google-merchant/feed.xml").path
        try database.write { db in
            try SupplierRecord(id: "naturalis", name: "Naturalis", format: "google-merchant", source: feed).insert(db)
        }
        let runner = ImportRunner(database: database, taxonomy: taxonomy, taxonomyFingerprint: fingerprint)
        _ = try await runner.run(ImportRequest(supplier: "naturalis", feed: nil, dryRun: false, maxErrors: 0, allowLargeRemoval: false, archiveFolder: folder.appending(path: "feeds")))
        services = try await ClinicServices(
            database: database, taxonomy: taxonomy, fingerprint: fingerprint, archiveFolder: folder.appending(path: "feeds"), security: security
        )
        routes = ClinicApplication.router(services).routes
        for role in UserRole.allCases {
            let id = try await database.addUser(name: role.rawValue, role: role, passwordHash: Self.passwordHash, actor: "test")
            tokens[role] = try await Credentials.createToken(for: id, label: "test", in: database, actor: "test").token
        }
        // The clinical record reception must never see.
        client = try database.addClient(name: "Ada Lovelace", conditions: ["psoriasis", "sensitive-skin"], note: "prefers unscented", actor: "test")
        _ = try database.recordIntakeReview(client: client, note: nil, actor: "test")  // history taken: nothing to report
        let applied = Date().addingTimeInterval(-72 * 3600)
        blendTest = try database.applyPatchTest(
            client: client, supplier: "naturalis", sku: "NAT-CALM-100", site: "forearm", concentration: "2%", carrier: nil, occluded: true,
            at: applied, actor: "test"
        )
        _ = try database.recordReading(test: blendTest, result: .strongPositive, at: applied.addingTimeInterval(48 * 3600), relevance: .current, actor: "test")
        _ = try database.applyPatchTest(
            client: client, supplier: "naturalis", sku: "NAT-JOJ-100", site: "forearm", concentration: nil, carrier: nil, occluded: false,
            at: Date().addingTimeInterval(-30 * 3600), actor: "test"
        )
        guard let compositae = taxonomy.allergyTarget(named: "Compositae mix") else { fatalError("Compositae mix is not in the taxonomy") }
        _ = try database.addAllergy(client: client, target: compositae, enteredName: "Compositae mix", source: .dermatologist, note: nil, actor: "test")
        for sku in ["NAT-JOJ-100", "NAT-LAV-10", "NAT-CALM-100"] {
            try await database.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: sku, quantity: 3, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test")
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var application: some ApplicationProtocol { Application(router: ClinicApplication.router(services).router) }

    func headers(_ role: UserRole?, json: Bool = false) -> HTTPFields {
        var fields = HTTPFields()
        if let role, let token = tokens[role] { fields[.authorization] = "Bearer \(token)" }
        if json { fields[.contentType] = "application/json" }
        return fields
    }

    /// A route's path with its parameters filled in with ids that exist.
    func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: "{supplier}", with: "naturalis").replacingOccurrences(of: "{sku}", with: "NAT-LAV-10")
            .replacingOccurrences(of: "/clients/{id}", with: "/clients/\(client)")
            .replacingOccurrences(of: "/patch-tests/{id}", with: "/patch-tests/\(blendTest)")
            .replacingOccurrences(of: "/suppliers/{id}", with: "/suppliers/naturalis")
            .replacingOccurrences(of: "{id}", with: "1")
    }

    func auditCount() throws -> Int { try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM auditLog") ?? 0 } }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// The text of a page without its stylesheet (whose class names mention every status).
func visibleText(_ html: String) -> String {
    guard let start = html.range(of: "<style>"), let end = html.range(of: "</style>") else { return html }
    return String(html[..<start.lowerBound] + html[end.upperBound...])
}
