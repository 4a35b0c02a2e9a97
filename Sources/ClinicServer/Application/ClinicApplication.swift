public import Hummingbird
import HummingbirdAuth
public import Logging

/// The clinic web app: a Hummingbird 2 server over ``ClinicServices``.
public enum ClinicApplication {
    /// How long a browser session lasts without use: a working day.
    static let sessionLifetime: Duration = .seconds(10 * 60 * 60)
    static let sessionCookie = "oilcat_session"

    /// The router with every route and middleware: errors → sessions → who is asking → CSRF → routes.
    public static func router(_ services: ClinicServices) -> (router: Router<ClinicRequestContext>, routes: [RouteSpec]) {
        let router = Router(context: ClinicRequestContext.self)
        let table = RouteTable(router: router)
        router.add(middleware: ErrorMiddleware(services: services, routes: table.index))
        router.add(middleware: SessionMiddleware(
            storage: SQLiteSessionDriver(database: services.database),
            configuration: .init(
                sessionCookieParameters: .init(name: sessionCookie, path: "/", secure: false, sameSite: .strict),
                defaultSessionExpiration: sessionLifetime
            )
        ))
        router.add(middleware: SessionUserAuthenticator(database: services.database))
        router.add(middleware: TokenAuthenticator(database: services.database))
        router.add(middleware: CSRFMiddleware())
        MetaAPI(services: services).register(table)
        CatalogueAPI(services: services).register(table)
        ClinicAPI(services: services).register(table)
        StockAPI(services: services).register(table)
        AdminAPI(services: services).register(table)
        LabelQueueAPI(services: services).register(table)
        LoginPages(services: services).register(table)
        TherapistPages(services: services).register(table)
        ReceptionPages(services: services).register(table)
        AdminPages(services: services).register(table)
        LabelQueuePages(services: services).register(table)
        return (router, table.specs)
    }

    /// The application listening on `host:port`.
    public static func make(
        _ services: ClinicServices, host: String, port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(services).router,
            configuration: .init(address: .hostname(host, port: port), serverName: "OilCatalogue"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}
