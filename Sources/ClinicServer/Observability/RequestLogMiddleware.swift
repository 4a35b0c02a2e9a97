import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// One log line per request: method, route template (never the address itself, which may hold a search), status,
/// duration and the user's name — never a client's name or clinical data.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ClinicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Below info (a server run with --log-level warning) the line would be dropped: build nothing.
        guard context.logger.logLevel <= .info else { return try await next(request, context) }
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "method": "\(request.method.rawValue)",
            "route": "\(context.endpointPath ?? "unmatched")",
            "status": "\(response.status.code)",
            "duration_ms": "\(String(format: "%.1f", milliseconds))",
        ]
        if let user = context.observed.user { metadata["user"] = "\(user)" }
        context.logger.info("request", metadata: metadata)
        return response
    }
}

/// What the inner layers learn about a request that the outer ones log: who it turned out to be.
final class RequestObservation: Sendable {
    private let name = Mutex<String?>(nil)

    var user: String? {
        get { name.withLock { $0 } }
        set { name.withLock { $0 = newValue } }
    }
}
