import Foundation
import Hummingbird

/// Refuses, with 400 and a message, an address whose path or query is not valid percent-encoded UTF-8 or holds a
/// NUL character, before any route reads it: nothing downstream sees such text, and nothing stores it as typed.
struct RequestInputMiddleware: RouterMiddleware {
    typealias Context = ClinicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.contains("%"), path.removingPercentEncoding.map({ $0.utf8.contains(0) }) ?? true {
            throw InputError(code: "INPUT-ENCODING", message: "the address's path is not valid percent-encoded UTF-8 (or holds a NUL character)")
        }
        if let query = request.uri.query, let problem = FormFields(query).problem {
            throw problem
        }
        return try await next(request, context)
    }
}
