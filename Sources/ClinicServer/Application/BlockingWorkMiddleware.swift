import Hummingbird

/// Runs the rest of the request — sessions, authentication, the route — on ``BlockingWorkExecutor``, so the
/// synchronous database calls in it never hold a thread of Swift's cooperative pool.
///
/// The probes stay off the pool: `/health` and `/metrics` touch no database, and `/ready` reads only, which WAL
/// never makes wait; a pool full of writes waiting for a lock must not fail a liveness probe.
struct BlockingWorkMiddleware<Context: RequestContext>: RouterMiddleware {
    static var probes: Set<String> { ["/health", "/ready", "/metrics"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.probes.contains(request.uri.path) { return try await next(request, context) }
        return try await withTaskExecutorPreference(BlockingWorkExecutor.shared) {
            try await next(request, context)
        }
    }
}
