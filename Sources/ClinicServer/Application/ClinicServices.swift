public import CatalogueCore
public import Foundation
import Mustache
import OilCatalogue
public import StoreInterface

/// What every route works with: the database, the reference taxonomy, the templates, and the in-memory caches.
/// The server loads the taxonomy once at start; restart it after editing the reference catalogue.
public final class ClinicServices: Sendable {
    /// The store: SQLite or PostgreSQL; the routes do not know which.
    public let database: any ClinicStore
    public let taxonomy: Taxonomy
    /// The taxonomy files' fingerprint (stamps the suitability snapshot).
    public let fingerprint: String
    /// Where imported feeds are archived.
    public let archiveFolder: URL
    let templates: MustacheLibrary
    let openAPIDocument: String
    /// The stylesheet every page links (`/static/oilcat.css`).
    let stylesheet: String
    let lists: SuitabilityCache
    /// How the server is reached (TLS, a proxy) and how long sessions last.
    public let security: WebSecurityOptions
    /// How many days a client's intake review holds before the client page prompts for a new one.
    public let intakeReviewDays: Int
    /// The cap on bcrypt checks running at once.
    let passwordChecks = PasswordCheckGate()
    /// The clinic's time zone: pages show times in it and read a form's local times in it.
    public let timeZone: TimeZone
    var clock: ClinicClock { ClinicClock(timeZone: timeZone) }

    /// Loads the templates and the OpenAPI document from the module's resources.
    /// - Throws: ``ServerSetupError`` when a resource is missing or a template does not parse.
    public init(
        database: any ClinicStore, taxonomy: Taxonomy, fingerprint: String, archiveFolder: URL, security: WebSecurityOptions = .init(),
        timeZone: TimeZone = .current,
        intakeReviewDays: Int = 90
    ) async throws {
        self.database = database
        self.timeZone = timeZone
        self.intakeReviewDays = max(1, intakeReviewDays)
        self.security = security
        self.taxonomy = taxonomy
        self.fingerprint = fingerprint
        self.archiveFolder = archiveFolder
        guard let resources = Bundle.module.url(forResource: "Web", withExtension: nil) else {
            throw ServerSetupError(code: "SERVER-RESOURCES", message: "the server's templates are missing from its resource bundle; rebuild oilcat")
        }
        let templateFolder = resources.appending(path: "Templates")
        try Self.checkEscaping(templateFolder)
        HTMLEscaping.register()
        do {
            templates = try await MustacheLibrary(directory: templateFolder.path)
        } catch {
            throw ServerSetupError(code: "SERVER-TEMPLATE", message: "a page template does not parse: \(error)")
        }
        guard templates.getTemplate(named: "layout-top") != nil else {
            throw ServerSetupError(code: "SERVER-RESOURCES", message: "the page templates are missing from \(resources.path); rebuild oilcat")
        }
        do {
            openAPIDocument = try String(contentsOf: resources.appending(path: "openapi.yaml"), encoding: .utf8)
        } catch {
            throw ServerSetupError(code: "SERVER-RESOURCES", message: "openapi.yaml cannot be read from the resource bundle (\(error)); rebuild oilcat")
        }
        do {
            stylesheet = try String(contentsOf: resources.appending(path: "Static/oilcat.css"), encoding: .utf8)
        } catch {
            throw ServerSetupError(code: "SERVER-RESOURCES", message: "oilcat.css cannot be read from the resource bundle (\(error)); rebuild oilcat")
        }
        lists = SuitabilityCache()
    }

    /// Refuses to start with a template that does not select the scalar-wise HTML escaper on its first line:
    /// without it swift-mustache escapes per grapheme cluster, which supplier text can get round.
    static func checkEscaping(_ folder: URL) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasSuffix(".mustache") {
            let text = (try? String(contentsOf: folder.appending(path: name), encoding: .utf8)) ?? ""
            guard text.hasPrefix(HTMLEscaping.pragma + "\n") else {
                throw ServerSetupError(
                    code: "SERVER-TEMPLATE",
                    message: "the template \(name) must begin with the line '\(HTMLEscaping.pragma)' so that every value is escaped scalar by scalar"
                )
            }
        }
    }
}

/// A problem starting the server.
public struct ServerSetupError: CodedError {
    public var code: String
    public var message: String
}
