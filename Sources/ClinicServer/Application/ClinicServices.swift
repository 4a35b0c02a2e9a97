public import CatalogueCore
public import CatalogueStore
public import Foundation
import Mustache
import OilCatalogue

/// What every route works with: the database, the reference taxonomy, the templates, and the in-memory caches.
/// The server loads the taxonomy once at start; restart it after editing the reference catalogue.
public final class ClinicServices: Sendable {
    public let database: CatalogueDatabase
    public let taxonomy: Taxonomy
    /// The taxonomy files' fingerprint (stamps the suitability snapshot).
    public let fingerprint: String
    /// Where imported feeds are archived.
    public let archiveFolder: URL
    let templates: MustacheLibrary
    let openAPIDocument: String
    let lists: SuitabilityCache
    let logins = LoginThrottle()

    /// Loads the templates and the OpenAPI document from the module's resources.
    /// - Throws: ``ServerSetupError`` when a resource is missing or a template does not parse.
    public init(database: CatalogueDatabase, taxonomy: Taxonomy, fingerprint: String, archiveFolder: URL) async throws {
        self.database = database
        self.taxonomy = taxonomy
        self.fingerprint = fingerprint
        self.archiveFolder = archiveFolder
        guard let resources = Bundle.module.url(forResource: "Web", withExtension: nil) else {
            throw ServerSetupError(code: "SERVER-RESOURCES", message: "the server's templates are missing from its resource bundle; rebuild oilcat")
        }
        do {
            templates = try await MustacheLibrary(directory: resources.appending(path: "Templates").path)
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
        lists = SuitabilityCache()
    }
}

/// A problem starting the server.
public struct ServerSetupError: CodedError {
    public var code: String
    public var message: String
}
