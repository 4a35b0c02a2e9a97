/// How the server is reached and how long sessions last.
public struct WebSecurityOptions: Sendable {
    /// The server terminates TLS itself (`oilcat serve --tls-cert --tls-key`): every request is HTTPS.
    public var servesTLS: Bool
    /// A proxy in front terminates TLS: trust its `X-Forwarded-Proto` and `X-Forwarded-For`.
    public var behindProxy: Bool
    /// A session unused this long ends (30 minutes by default).
    public var idleTimeout: Duration
    /// A session ends this long after sign-in, however busy (a working day).
    public var lifetime: Duration
    /// The bearer token `/metrics` asks for; without one it answers loopback clients only.
    public var metricsToken: String?

    public init(
        servesTLS: Bool = false, behindProxy: Bool = false, idleTimeout: Duration = .seconds(30 * 60), lifetime: Duration = .seconds(10 * 60 * 60),
        metricsToken: String? = nil
    ) {
        self.metricsToken = metricsToken
        self.servesTLS = servesTLS
        self.behindProxy = behindProxy
        self.idleTimeout = idleTimeout
        self.lifetime = lifetime
    }
}
