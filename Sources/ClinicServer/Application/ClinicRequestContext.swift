public import Hummingbird
public import HummingbirdAuth
public import StoreInterface
import Foundation
import HTTPTypes
public import NIOCore

/// How a request proved who it is.
public enum AuthMethod: Sendable, Equatable {
    /// A browser session cookie; forms must carry the session's CSRF token.
    case session(csrf: String)
    /// `Authorization: Bearer <token>` from a script; no cookie, so no CSRF token.
    case token
}

/// The signed-in user of a request.
public struct ClinicUser: Sendable, Equatable {
    public var account: UserAccount
    public var method: AuthMethod

    /// The audit log's actor for writes made through the web app.
    var actor: String {
        switch method {
        case .session: "web:\(account.name)"
        case .token: "api:\(account.name)"
        }
    }

    var csrf: String? {
        if case .session(let csrf) = method { return csrf }
        return nil
    }
}

/// A browser session as stored: who signed in, and the token every form of the session carries.
public struct WebSession: Codable, Sendable, Equatable {
    public var userID: Int64
    public var csrf: String
    /// A short digest of the password hash the session was made with: a sign-in that finished its bcrypt check
    /// just after a password change cannot leave a session that outlives the change.
    public var credential: String?

    public init(userID: Int64, csrf: String, credential: String?) {
        self.userID = userID
        self.csrf = csrf
        self.credential = credential
    }
}

/// The request context of every route: the user (from a session or an API token) and the session.
public struct ClinicRequestContext: AuthRequestContext, SessionRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: ClinicUser?
    public let sessions: SessionContext<WebSession>
    /// The peer's address (the proxy's, behind one: see ``WebSecurityOptions/behindProxy``).
    public let remoteAddress: SocketAddress?
    /// Filled in by the route with who the request turned out to be, for the request's log line.
    let observed = RequestObservation()

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        sessions = .init()
        remoteAddress = source.channel.remoteAddress
    }

    /// Who is asking, for counting sign-in attempts: behind a trusted proxy, the last `X-Forwarded-For` entry (the
    /// one the proxy appended; earlier entries are whatever the client wrote), else the peer's IP address. An IPv6
    /// address counts by its /64 network, which one client holds whole.
    func clientAddress(_ request: Request, _ options: WebSecurityOptions) -> String {
        if options.behindProxy, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return Self.network(String(last.prefix(64)))
        }
        if let ip = remoteAddress?.ipAddress { return Self.network(ip) }
        return "local"
    }

    /// An IPv4 address as it is; an IPv6 address as its first four groups (its /64 network).
    static func network(_ address: String) -> String {
        guard address.contains(":"), !address.hasPrefix("::ffff:") else { return address }
        let halves = address.components(separatedBy: "::")
        let head = halves[0].split(separator: ":").map(String.init)
        let tail = halves.count > 1 ? halves[1].split(separator: ":").map(String.init) : []
        let groups = head + Array(repeating: "0", count: max(0, 8 - head.count - tail.count)) + tail
        return groups.prefix(4).joined(separator: ":") + "::/64"
    }

    /// Bodies are small forms and JSON objects: anything larger is refused with 413 before it is read.
    public var maxUploadSize: Int { 64 * 1024 }
}

/// The JSON the API writes and reads: sorted keys, ISO 8601 dates.
enum JSONCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
