import CatalogueCore
import CatalogueStore
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import StoreInterface
import NIOCore

/// Turns every error into a 4xx answer the caller can act on — JSON for the API, a page for people — and
/// anything unexpected into a logged 500 that says nothing of the internals. Anonymous visitors of a page are sent
/// to the login page.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ClinicRequestContext
    let services: ClinicServices
    /// Filled in after the middleware is added: the routes, to tell a wrong method (405) from a wrong address (404).
    let routes: RouteIndex

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let path = request.uri.path
            let isAPI = path.hasPrefix("/api/") || path == "/openapi.yaml"
            if error is any DatabaseFailure { ServerMetrics.databaseError() }
            var problem = Problem(error, logger: context.logger)
            var allowed: [HTTPRequest.Method] = []
            if problem.httpStatus == .notFound, case is HTTPError = error {
                allowed = routes.methods(matching: path)
                if !allowed.isEmpty {
                    problem = Problem(status: .methodNotAllowed, code: "HTTP-405", message: "this address takes " + allowed.map(\.rawValue).joined(separator: ", "))
                }
            }
            if !isAPI, case AccessError.unauthenticated = error {
                let next = request.method == .get ? "?next=" + (request.uri.description.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") : ""
                return Response.redirect(to: "/login" + next, type: .normal)
            }
            var response: Response
            if isAPI {
                response = try Responses.json(["error": problem], status: problem.httpStatus)
                if problem.httpStatus == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
                if !allowed.isEmpty { response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ") }
            } else {
                response = Pages.render(
                    services, "error", ErrorPage(status: Int(problem.status), code: problem.code, message: problem.message),
                    user: context.identity, title: "Something went wrong", status: problem.httpStatus
                )
            }
            // Busy for now (another program's write lock, the sign-in checks): say when to try again.
            if problem.code == StoreError.Kind.busy.rawValue || problem.code == "AUTH-BUSY" { response.headers[.retryAfter] = "5" }
            return response
        }
    }
}

/// An error as the API returns it: `{"error": {"status": 404, "code": "…", "message": "…"}}`.
struct Problem: Encodable, Sendable {
    var status: Int
    var code: String
    var message: String

    var httpStatus: HTTPResponse.Status { .init(code: status) }

    init(status: HTTPResponse.Status, code: String, message: String) {
        self.status = status.code
        self.code = code
        self.message = message
    }

    init(_ error: any Error, logger: Logger) {
        switch error {
        case let error as AccessError:
            self.init(status: error.status, code: error.code, message: error.message)
        case let error as InputError:
            self.init(status: error.status, code: error.code, message: error.message)
        case let error as any CodedError:
            self.init(status: Self.status(ofCode: error.code), code: error.code, message: error.message)
        case let error as HTTPError:
            let message = error.body ?? error.status.reasonPhrase
            self.init(status: error.status, code: "HTTP-\(error.status.code)", message: Self.explain(error.status, message))
        case is NIOTooManyBytesError:
            self.init(status: .contentTooLarge, code: "HTTP-413", message: Self.explain(.contentTooLarge, ""))
        case is DecodingError:
            self.init(status: .badRequest, code: "INPUT-JSON", message: "the JSON body does not have the expected fields; see /openapi.yaml")
        default:
            logger.error("unexpected error: \(String(reflecting: error))")
            self.init(status: .internalServerError, code: "SERVER-ERROR", message: "the server could not answer; the error is logged")
        }
    }

    /// Store errors name what is unknown, taken or not allowed.
    static func status(ofCode code: String) -> HTTPResponse.Status {
        if code.contains("UNKNOWN") { return .notFound }
        if code.contains("EXISTS") || code.contains("LOCK") || code.contains("CORRECTED") || code == "REFERENCE-DATA-CHANGED" {
            return .conflict
        }
        if code.hasPrefix("STORE-") || code.hasPrefix("DB-") { return .serviceUnavailable }
        return .unprocessableContent
    }

    static func explain(_ status: HTTPResponse.Status, _ message: String) -> String {
        switch status {
        case .contentTooLarge: "the request body is larger than 64 KB"
        case .notFound: "there is nothing at this address"
        case .methodNotAllowed: "this address does not take that method"
        case .badRequest: "the request is malformed: \(message)"
        default: message
        }
    }
}

/// Input that cannot be used, with the field and what to send instead.
struct InputError: Error {
    var status: HTTPResponse.Status = .badRequest
    var code: String
    var message: String

    static func missing(_ field: String) -> InputError {
        InputError(code: "INPUT-MISSING", message: "'\(field)' is required")
    }

    static func invalid(_ field: String, _ expected: String) -> InputError {
        InputError(code: "INPUT-INVALID", message: "'\(field)' must be \(expected)")
    }

    static func notFound(_ what: String) -> InputError {
        InputError(status: .notFound, code: "NOT-FOUND", message: what)
    }
}

struct ErrorPage {
    var status: Int
    var code: String
    var message: String
}
