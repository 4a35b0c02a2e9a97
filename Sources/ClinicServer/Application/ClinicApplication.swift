public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdAuth
public import Logging

/// The clinic web app: a Hummingbird 2 server over ``ClinicServices``.
public enum ClinicApplication {
    static let sessionCookie = "oilcat_session"

    /// The router with every route and middleware: security headers → metrics → the request's log line → errors →
    /// the pool that may block (``BlockingWorkMiddleware``) → input checks → sessions → who is asking → CSRF → routes.
    public static func router(_ services: ClinicServices) -> (router: Router<ClinicRequestContext>, routes: [RouteSpec]) {
        let router = Router(context: ClinicRequestContext.self)
        let table = RouteTable(router: router)
        let security = services.security
        ServerMetrics.start()
        router.add(middleware: SecurityHeadersMiddleware(options: security))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ErrorMiddleware(services: services, routes: table.index))
        router.add(middleware: BlockingWorkMiddleware())
        router.add(middleware: RequestInputMiddleware())
        router.add(middleware: SessionMiddleware(
            storage: StoreSessionDriver(store: services.database, idleTimeout: security.idleTimeout),
            configuration: .init(
                sessionCookieParameters: .init(name: sessionCookie, path: "/", secure: security.servesTLS, sameSite: .strict),
                defaultSessionExpiration: security.lifetime
            )
        ))
        router.add(middleware: SessionUserAuthenticator(database: services.database))
        router.add(middleware: TokenAuthenticator(database: services.database))
        router.add(middleware: CSRFMiddleware())
        MetaAPI(services: services).register(table)
        CatalogueAPI(services: services).register(table)
        ClinicAPI(services: services).register(table)
        HistoryAPI(services: services).register(table)
        StockAPI(services: services).register(table)
        AdminAPI(services: services).register(table)
        LabelQueueAPI(services: services).register(table)
        LoginPages(services: services).register(table)
        TherapistPages(services: services).register(table)
        ClientRecordPages(services: services).register(table)
        IntakePages(services: services).register(table)
        ReceptionPages(services: services).register(table)
        AdminPages(services: services).register(table)
        LabelQueuePages(services: services).register(table)
        return (router, table.specs)
    }

    /// The application listening on `host:port`: plain HTTP, or HTTPS with `tls` (the server's certificate chain
    /// and key, PEM files).
    /// - Throws: ``ServerSetupError`` `SERVER-TLS` when the certificate or key cannot be read.
    public static func make(
        _ services: ClinicServices, host: String, port: Int, tls: TLSFiles? = nil, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let server: HTTPServerBuilder = if let tls { try .tls(.http1(), tlsConfiguration: tls.configuration()) } else { .http1() }
        return Application(
            router: router(services).router,
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: "OilCatalogue"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}
