import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StrictJSON

/// Building responses: JSON, HTML, redirects after a form.
enum Responses {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        json(encoded: try JSONCoding.encoder.encode(value), status: status)
    }

    /// A body already encoded as JSON.
    static func json(encoded data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                HTTPField.Name("Referrer-Policy")!: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// After a successful form: back to a page (303, so a reload does not post again), with a notice.
    static func seeOther(_ path: String, notice: String? = nil) -> Response {
        let query = notice.map { (path.contains("?") ? "&" : "?") + "notice=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? ""
        return Response.redirect(to: path + query, type: .normal)
    }
}

/// Reading query parameters and path parameters with clear errors.
extension Request {
    var query: FormFields { FormFields(uri.query ?? "") }
}

extension ClinicRequestContext {
    func id(_ name: String) throws -> Int64 {
        guard let text = parameters.get(name), let value = Int64(text), value > 0 else {
            throw InputError(status: .notFound, code: "NOT-FOUND", message: "'\(parameters.get(name) ?? "")' is not a valid \(name)")
        }
        return value
    }

    func text(_ name: String) throws -> String {
        guard let text = parameters.get(name), !text.isEmpty else { throw InputError.missing(name) }
        return text
    }
}

extension Request {
    /// A form body's fields (the CSRF middleware has already collected the body of a session's form).
    mutating func form(context: ClinicRequestContext) async throws -> FormFields {
        guard headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else {
            throw InputError(status: .unsupportedMediaType, code: "INPUT-FORM", message: "send the form as application/x-www-form-urlencoded")
        }
        return FormFields(String(buffer: try await collectBody(upTo: context.maxUploadSize)))
    }

    /// A JSON body decoded as `T`, with the field at fault named.
    mutating func json<T: Decodable>(_ type: T.Type, context: ClinicRequestContext) async throws -> T {
        guard headers[.contentType]?.hasPrefix("application/json") == true else {
            throw InputError(status: .unsupportedMediaType, code: "INPUT-JSON", message: "send a JSON body with Content-Type: application/json")
        }
        let body = try await collectBody(upTo: context.maxUploadSize)
        // Strict first: Foundation's decoder accepts trailing commas and other things JSON does not allow.
        do {
            var parser = JSONStreamParser(bytes: Array(buffer: body))
            _ = try parser.parseDocument()
        } catch let error as JSONSyntaxError {
            throw InputError(code: "INPUT-JSON", message: "the body is not valid JSON: \(error.reason) at line \(error.line), column \(error.column)")
        }
        do {
            return try JSONCoding.decoder.decode(T.self, from: Data(buffer: body))
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw InputError(code: "INPUT-JSON", message: "the body is not valid JSON")
        } catch DecodingError.keyNotFound(let key, _) {
            throw InputError.missing(key.stringValue)
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context) {
            throw InputError(code: "INPUT-INVALID", message: "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type or value")
        }
    }
}
