import Foundation
import HTTPTypes
import Hummingbird

/// Every state-changing request made with a session cookie must carry the session's CSRF token: the `_csrf` field
/// of a form, or an `X-CSRF-Token` header. Requests with an API token carry no cookie and need none; anonymous
/// requests fall through to the route, which refuses them.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = ClinicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method), let expected = context.identity?.csrf else {
            return try await next(request, context)
        }
        if let header = request.headers[HTTPField.Name("X-CSRF-Token")!] {
            guard Credentials.constantTimeEqual(header, expected) else { throw AccessError.csrf }
            return try await next(request, context)
        }
        var request = request
        guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else { throw AccessError.csrf }
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard let sent = FormFields(String(buffer: body))["_csrf"], Credentials.constantTimeEqual(sent, expected) else {
            throw AccessError.csrf
        }
        return try await next(request, context)
    }
}

/// The fields of an `application/x-www-form-urlencoded` body or a query string; repeated names keep every value.
/// A name or value that is not valid percent-encoded UTF-8, or that holds NUL, is kept out and named in
/// ``problem``: forms and queries with one are refused with 400, never stored as typed.
struct FormFields: Sendable {
    private(set) var pairs: [(String, String)] = []
    /// The first field that could not be read, as an error to answer with.
    private(set) var problem: InputError?

    init(_ text: String) {
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(pieces[0]), let value = pieces.count > 1 ? Self.decode(pieces[1]) : "" else {
                if problem == nil {
                    let shown = String(pieces[0].prefix(40))
                    problem = InputError(
                        code: "INPUT-ENCODING",
                        message: "the field '\(shown)' is not valid UTF-8 text (or holds a NUL character); send text as UTF-8"
                    )
                }
                continue
            }
            pairs.append((name, value))
        }
    }

    /// `+` as a space, then percent-decoding; `nil` for invalid UTF-8 or a NUL.
    static func decode(_ text: Substring) -> String? {
        let plus = text.replacingOccurrences(of: "+", with: " ")
        guard let decoded = plus.contains("%") ? plus.removingPercentEncoding : plus, !decoded.utf8.contains(0) else { return nil }
        return decoded
    }

    /// The first value of `name`, or `nil`.
    subscript(name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    /// The first value of `name` with surrounding spaces removed, `nil` when empty.
    func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Every non-empty value of `name`.
    func all(_ name: String) -> [String] {
        pairs.filter { $0.0 == name && !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }.map(\.1)
    }
}
