import ArgumentParser
import CatalogueStore
import ClinicServer
import Foundation
import Hummingbird
import Logging
import OilCatalogue

/// `oilcat serve [--host 127.0.0.1] [--port 8080]`: the clinic web app.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the clinic web app (pages and the JSON API) on the same database.",
        discussion: """
            Pages for therapists, reception and admins at http://HOST:PORT/, the JSON API under /api/v1 (described at \
            /openapi.yaml; send 'Authorization: Bearer <token>'). Create the first admin with \
            'oilcat user add --name NAME --role admin'. The reference catalogue is read once at start: restart the \
            server after editing it.
            """
    )

    @Option(help: "The address to listen on; 0.0.0.0 for every interface.") var host = "127.0.0.1"
    @Option(help: "The port (0 picks a free one).") var port = 8080
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be trace, debug, info, notice, warning or error") }
    }

    func run() async throws {
        let (taxonomy, fingerprint) = try global.taxonomyWithFingerprint()
        let location = try DatabaseLocation.resolve(explicit: global.databasePath)
        let database = try CatalogueDatabase.open(at: location.path)
        let services = try await ClinicServices(
            database: database, taxonomy: taxonomy, fingerprint: fingerprint,
            archiveFolder: URL(fileURLWithPath: location.path).deletingLastPathComponent().appending(path: "feeds")
        )
        var logger = Logger(label: "oilcat.serve")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let hasAdmin = try database.hasAdmin()
        let app = ClinicApplication.make(services, host: host, port: port, logger: logger) { port in
            let shownHost = host == "0.0.0.0" ? "127.0.0.1" : host
            Output.line("OilCatalogue is serving \(location.path)")
            Output.line("Open http://\(shownHost):\(port)/ (API: http://\(shownHost):\(port)/openapi.yaml). Stop with Ctrl-C.")
            if !hasAdmin { Output.line("No admin yet: create one with 'oilcat user add --name NAME --role admin'.") }
        }
        try await app.runService()
    }
}
