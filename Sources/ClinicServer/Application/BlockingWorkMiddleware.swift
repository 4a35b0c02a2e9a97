import Hummingbird

/// Runs the rest of the request — sessions, authentication, the route — on ``BlockingWorkExecutor``, so the
/// synchronous database calls in it never hold a thread of Swift's cooperative pool.
struct BlockingWorkMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await withTaskExecutorPreference(BlockingWorkExecutor.shared) {
            try await next(request, context)
        }
    }
}
