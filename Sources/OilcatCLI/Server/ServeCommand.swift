import ArgumentParser
import CatalogueStore
import ClinicServer
import Foundation
import Hummingbird
import Logging
import OilCatalogue
import StoreInterface

/// `oilcat serve [--host 127.0.0.1] [--port 8080] [--tls-cert PEM --tls-key PEM | --behind-proxy] [--time-zone ZONE]`: the clinic web app.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the clinic web app (pages and the JSON API) on the same database.",
        discussion: """
            Pages for therapists, reception and admins at http://HOST:PORT/, the JSON API under /api/v1 (described at \
            /openapi.yaml; send 'Authorization: Bearer <token>'). Create the first admin with \
            'oilcat user add --name NAME --role admin'. The reference catalogue is read once at start: restart the \
            server after editing it.

            Anywhere but this machine's loopback, serve HTTPS: give --tls-cert and --tls-key (PEM files), or run \
            behind a proxy that terminates TLS and pass --behind-proxy so that its X-Forwarded-Proto and \
            X-Forwarded-For are trusted. Session cookies are marked Secure on HTTPS. Sessions end after \
            --idle-minutes without use (30 by default) and 10 hours after sign-in.

            Examples:
              oilcat serve
              oilcat serve --host 0.0.0.0 --port 8443 --tls-cert /etc/oilcat/cert.pem --tls-key /etc/oilcat/key.pem
              oilcat serve --port 8080 --behind-proxy
              oilcat serve --time-zone Europe/London
            """
    )

    @Option(help: "The address to listen on; 0.0.0.0 for every interface.") var host = "127.0.0.1"
    @Option(help: "The port (0 picks a free one).") var port = 8080
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Option(help: ArgumentHelp("The server's certificate chain (PEM) for HTTPS.", valueName: "path")) var tlsCert: String?
    @Option(help: ArgumentHelp("The certificate's private key (PEM) for HTTPS.", valueName: "path")) var tlsKey: String?
    @Flag(help: "A proxy in front terminates TLS: trust its X-Forwarded-Proto and X-Forwarded-For headers.") var behindProxy = false
    @Option(help: "Minutes without use after which a session ends (1 to 600).") var idleMinutes = 30
    @Option(help: "Log lines as 'text' or 'json' (one object a line, for a log collector).") var logFormat = "text"
    @Option(help: "Days after which a client's intake review is due again (the client page prompts for it).")
    var intakeReviewDays = 90
    @Option(
        help: ArgumentHelp(
            "A bearer token /metrics asks for (also OILCAT_METRICS_TOKEN); without one, metrics answer this machine only.", valueName: "token"
        )
    ) var metricsToken: String?
    @Option(
        help: ArgumentHelp(
            "The clinic's time zone, such as Europe/London: pages show times in it and read typed times in it (default: this machine's).",
            valueName: "zone"
        )
    ) var timeZone: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var feeds: FeedArchiveOptions

    /// The zone `--time-zone` names, or the machine's.
    var clinicTimeZone: TimeZone? { timeZone.map { TimeZone(identifier: $0) } ?? .current }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be trace, debug, info, notice, warning or error") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together: give both for HTTPS") }
        guard !(tlsCert != nil && behindProxy) else { throw ValidationError("give either --tls-cert/--tls-key or --behind-proxy, not both") }
        guard (1...600).contains(idleMinutes) else { throw ValidationError("--idle-minutes must be 1 to 600") }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format must be text or json") }
        guard clinicTimeZone != nil else {
            throw ValidationError("--time-zone '\(timeZone ?? "")' is not a time zone; give one such as Europe/London or UTC")
        }
        guard (1...3650).contains(intakeReviewDays) else { throw ValidationError("--intake-review-days must be 1 to 3650") }
    }

    func run() async throws {
        let (taxonomy, fingerprint) = try global.taxonomyWithFingerprint()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let json = logFormat == "json"
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = json ? JSONLogHandler(label: label) : TextLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let location = try global.storeLocation()
        let archive = feeds.location(store: location)
        try archive.check()
        // The PostgreSQL driver says what it does at debug level: its warnings and errors reach the server's log.
        var storeLogger = Logger(label: "oilcat.store")
        storeLogger.logLevel = max(level, .warning)
        let database = OpenStores.keep(try await location.open(logger: storeLogger))
        // A release or an edited Catalogue folder brings other reference data: every product is read again with it
        // before the first page is served.
        if let outcome = try await ReferenceDataReread.ensureCurrent(
            database: database, taxonomy: taxonomy, fingerprint: fingerprint, actor: "server"
        ) {
            for line in outcome.summary() { Output.error("oilcat serve: " + line) }
        }
        let tls = tlsCert.flatMap { cert in tlsKey.map { TLSFiles(certificatePath: cert, keyPath: $0) } }
        let services = try await ClinicServices(
            database: database, taxonomy: taxonomy, fingerprint: fingerprint,
            archiveFolder: archive.folder,
            security: WebSecurityOptions(
                servesTLS: tls != nil, behindProxy: behindProxy, idleTimeout: .seconds(idleMinutes * 60),
                metricsToken: metricsToken ?? ProcessInfo.processInfo.environment["OILCAT_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            ),
            timeZone: clinicTimeZone ?? .current,
            intakeReviewDays: intakeReviewDays
        )
        var logger = Logger(label: "oilcat.serve")
        logger.logLevel = level
        // Tells 'oilcat db restore' that a server has an SQLite database open, for as long as this process runs.
        var lease: ServerLease?
        if case .sqlite(let path, _) = location { lease = try ServerLease(databasePath: path) }
        let hasAdmin = try await database.hasAdmin()
        let scheme = tls == nil ? "http" : "https"
        let app = try ClinicApplication.make(services, host: host, port: port, tls: tls, logger: logger) { port in
            let shownHost = host == "0.0.0.0" ? "127.0.0.1" : host
            Output.line("OilCatalogue is serving \(location.shown)")
            Output.line("Open \(scheme)://\(shownHost):\(port)/ (API: \(scheme)://\(shownHost):\(port)/openapi.yaml). Stop with Ctrl-C.")
            if !hasAdmin { Output.line("No admin yet: create one with 'oilcat user add --name NAME --role admin'.") }
        }
        // SIGTERM and SIGINT stop accepting connections and let requests in flight finish; an import started from
        // the web app is one transaction, so it is applied whole or not at all.
        try await app.runService()
        withExtendedLifetime(lease) {}
    }
}
