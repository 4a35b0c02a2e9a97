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

    /// The pages' stylesheet: the CSP allows styles from this site only, never inline.
    static func stylesheet(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
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
                .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                HTTPField.Name("Referrer-Policy")!: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// After a successful form: back to a page (303, so a reload does not post again), with a notice's code.
    static func seeOther(_ path: String, notice: Notice? = nil, number: Int64? = nil) -> Response {
        let query = notice.map { (path.contains("?") ? "&" : "?") + $0.query(number: number) } ?? ""
        return Response.redirect(to: path + query, type: .normal)
    }
}

/// Reading query parameters and path parameters with clear errors.
extension Request {
    var query: FormFields { FormFields(uri.query ?? "") }
}

extension ClinicRequestContext {
    func id(_ name: String) throws -> Int64 {
        let text = try self.text(name)
        guard let value = Int64(text), value > 0 else {
            throw InputError(status: .notFound, code: "NOT-FOUND", message: "'\(text)' is not a valid \(name)")
        }
        return value
    }

    /// A path parameter, percent-decoded (a SKU with a space, an accent or a `/` arrives as `%20`, `%C3%A9`, `%2F`).
    func text(_ name: String) throws -> String {
        guard let raw = parameters.get(name), !raw.isEmpty else { throw InputError.missing(name) }
        guard let text = raw.removingPercentEncoding, !text.utf8.contains(0) else {
            throw InputError(code: "INPUT-ENCODING", message: "the path's \(name) is not valid percent-encoded UTF-8 (or holds a NUL character)")
        }
        return text
    }
}

extension Request {
    /// A form body's fields (the CSRF middleware has already collected the body of a session's form).
    mutating func form(context: ClinicRequestContext) async throws -> FormFields {
        guard headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else {
            throw InputError(status: .unsupportedMediaType, code: "INPUT-FORM", message: "send the form as application/x-www-form-urlencoded")
        }
        let body = try await collectBody(upTo: context.maxUploadSize)
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw InputError(code: "INPUT-ENCODING", message: "the form is not valid UTF-8; send it as UTF-8")
        }
        let fields = FormFields(text)
        if let problem = fields.problem { throw problem }
        return fields
    }

    /// The path of the first string (or key) holding U+0000, or `nil`.
    static func nulField(in value: JSONValue, path: String = "") -> String? {
        switch value {
        case .string(let text): return text.utf8.contains(0) ? (path.isEmpty ? "the body" : path) : nil
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let found = nulField(in: element, path: path.isEmpty ? "\(index)" : "\(path).\(index)") { return found }
            }
            return nil
        case .object(let object):
            for member in object.members {
                let inner = path.isEmpty ? member.key : "\(path).\(member.key)"
                if member.key.utf8.contains(0) { return path.isEmpty ? "a key" : path }
                if let found = nulField(in: member.value, path: inner) { return found }
            }
            return nil
        default: return nil
        }
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
            if let field = Self.nulField(in: try parser.parseDocument()) {
                throw InputError(code: "INPUT-ENCODING", message: "'\(field)' holds a NUL character; remove it")
            }
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
