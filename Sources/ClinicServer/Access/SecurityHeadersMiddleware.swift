import Foundation
import HTTPTypes
import Hummingbird

/// The outermost middleware: every response, errors and redirects included, says `nosniff` and keeps its referrer
/// on this site; over HTTPS, cookies are marked `Secure` and browsers are told to stay on HTTPS.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ClinicRequestContext
    let options: WebSecurityOptions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        if response.headers[HTTPField.Name("Referrer-Policy")!] == nil {
            response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        }
        if Self.isHTTPS(request, options) {
            response.headers[HTTPField.Name("Strict-Transport-Security")!] = "max-age=31536000"
            let cookies = response.headers[values: .setCookie]
            if cookies.contains(where: { !$0.lowercased().contains("; secure") }) {
                response.headers[values: .setCookie] = cookies.map { $0.lowercased().contains("; secure") ? $0 : $0 + "; Secure" }
            }
        }
        return response
    }

    /// Whether the browser reached us over HTTPS: our own TLS, or a trusted proxy's `X-Forwarded-Proto: https`.
    static func isHTTPS(_ request: Request, _ options: WebSecurityOptions) -> Bool {
        if options.servesTLS { return true }
        guard options.behindProxy, let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!] else { return false }
        // A chain of proxies lists one value each; the first is the client's.
        return proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }
}
