import StoreInterface
import Foundation
import Hummingbird
import HummingbirdAuth

/// Signing in and out, and changing one's own password. The login form is protected by a double-submit token: a
/// random value in an HttpOnly, SameSite=Strict cookie that the form must repeat.
struct LoginPages {
    let services: ClinicServices
    static let loginCookie = "oilcat_login"

    struct LoginModel {
        var loginToken: String
        var next: String
        var error: String?
        var name: String
    }

    struct PasswordModel {
        var error: String?
    }

    func register(_ routes: RouteTable) {
        routes.onPublic(.get, "/login") { request, context in
            if context.identity != nil { return Response.redirect(to: "/", type: .normal) }
            return loginPage(request, next: Self.safeNext(request.query["next"]), error: nil, name: "", status: .ok)
        }

        routes.onPublic(.post, "/login") { request, context in
            var request = request
            let form = try await request.form(context: context)
            let next = Self.safeNext(form["next"])
            guard let cookie = request.cookies[Self.loginCookie]?.value, let sent = form["_csrf"],
                Credentials.constantTimeEqual(cookie, sent)
            else {
                return loginPage(request, next: next, error: "The form had expired. Please sign in again.", name: form["name"] ?? "", status: .forbidden)
            }
            let name = form.text("name") ?? ""
            let password = form["password"] ?? ""
            let address = context.clientAddress(request, services.security)
            // Counted before the password is checked: a parallel burst cannot slip extra guesses in.
            switch try await services.database.admitSignIn(name: name, address: address) {
            case .admitted: break
            case .nameLocked:
                ServerMetrics.signInFailure("throttled")
                return loginPage(
                    request, next: next,
                    error: "Too many failed sign-ins for this name from here. Wait 15 minutes, or ask an admin to clear them.",
                    name: name, status: .tooManyRequests
                )
            case .addressLocked:
                ServerMetrics.signInFailure("throttled")
                return loginPage(
                    request, next: next, error: "Too many failed sign-ins from here. Wait 15 minutes.", name: name, status: .tooManyRequests
                )
            }
            let found = try await services.database.userCredentials(name: name)
            // Unknown names check a hash too: the answer takes as long as for a real user.
            let hash = found?.passwordHash ?? Credentials.unknownUserHash
            let matches = try await services.passwordChecks.run { try await Credentials.verify(password, hash: hash) }
            guard let account = found?.user, let accountHash = found?.passwordHash, matches, !account.disabled else {
                ServerMetrics.signInFailure("password")
                return loginPage(request, next: next, error: "That name and password do not match an active user.", name: name, status: .unauthorized)
            }
            try await services.database.signInSucceeded(name: name, address: address)
            context.sessions.createSession(
                WebSession(userID: account.id, csrf: Credentials.randomSecret(), credential: Credentials.credentialDigest(accountHash))
            )
            var response = Response.redirect(to: next ?? "/", type: .normal)
            response.setCookie(Cookie(name: Self.loginCookie, value: "", maxAge: 0, path: "/login", httpOnly: true, sameSite: .strict))
            return response
        }

        routes.on(.post, "/logout", roles: .everyone) { _, context, _ in
            context.sessions.clearSession()
            return Response.redirect(to: "/login", type: .normal)
        }

        routes.on(.get, "/", roles: .everyone) { _, _, user in
            switch user.account.role {
            case .admin: Response.redirect(to: "/admin", type: .normal)
            case .therapist: Response.redirect(to: "/clients", type: .normal)
            case .reception: Response.redirect(to: "/reception", type: .normal)
            }
        }

        routes.on(.get, "/account/password", roles: .everyone) { request, _, user in
            Pages.render(services, "password", PasswordModel(error: nil), user: user, title: "Change your password", notice: Notice.from(request.query))
        }

        routes.on(.post, "/account/password", roles: .everyone) { request, context, user in
            var request = request
            let form = try await request.form(context: context)
            func refuse(_ error: String, _ status: HTTPResponse.Status) -> Response {
                Pages.render(services, "password", PasswordModel(error: error), user: user, title: "Change your password", status: status)
            }
            guard let hash = try await services.database.userCredentials(id: user.account.id)?.passwordHash else { throw AccessError.unauthenticated }
            // Guessing the current password through a stolen session counts like guessing at the sign-in form.
            let address = context.clientAddress(request, services.security)
            guard try await services.database.admitSignIn(name: user.account.name, address: address) == .admitted else {
                ServerMetrics.signInFailure("throttled")
                return refuse("Too many wrong passwords from here. Wait 15 minutes, or ask an admin.", .tooManyRequests)
            }
            let current = form["current"] ?? ""
            guard try await services.passwordChecks.run({ try await Credentials.verify(current, hash: hash) }) else {
                ServerMetrics.signInFailure("password")
                return refuse("Your current password is not right.", .forbidden)
            }
            try await services.database.signInSucceeded(name: user.account.name, address: address)
            let new = form["password"] ?? ""
            guard new == form["confirm"] else { return refuse("The two new passwords differ.", .badRequest) }
            let newHash: String
            do { newHash = try Credentials.hashPassword(new) } catch let error as CredentialError { return refuse(error.message.capitalisedSentence, .badRequest) }
            // Ends every session and token of the user, this one included; a new session keeps them signed in here.
            try await services.database.setPasswordHash(user: user.account.id, passwordHash: newHash, actor: user.actor)
            if case .session = user.method {
                context.sessions.createSession(
                    WebSession(userID: user.account.id, csrf: Credentials.randomSecret(), credential: Credentials.credentialDigest(newHash))
                )
            }
            return Responses.seeOther("/account/password", notice: .passwordChanged)
        }
    }

    private func loginPage(_ request: Request, next: String?, error: String?, name: String, status: HTTPResponse.Status) -> Response {
        let token = request.cookies[Self.loginCookie]?.value ?? Credentials.randomSecret()
        var response = Pages.render(
            services, "login", LoginModel(loginToken: token, next: next ?? "", error: error, name: name), user: nil, title: "Sign in",
            status: status
        )
        response.setCookie(Cookie(name: Self.loginCookie, value: token, maxAge: 3600, path: "/login", httpOnly: true, sameSite: .strict))
        return response
    }

    /// Only a path on this site: one `/` then a path of printable ASCII — never another host (`//host`, `/\host`,
    /// `/\t/host`, which browsers read as `//host`), a scheme, or a control character.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.utf8.count <= 2048, next.hasPrefix("/"), !next.hasPrefix("/login") else { return nil }
        let bytes = Array(next.utf8)
        if bytes.count > 1, bytes[1] == UInt8(ascii: "/") || bytes[1] == UInt8(ascii: "\\") { return nil }
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) else { return nil }
        // Percent-encoded slashes, backslashes or controls right after the first slash are refused too.
        let decoded = next.removingPercentEncoding ?? ""
        guard !decoded.hasPrefix("//"), !decoded.hasPrefix("/\\"), !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        return next
    }
}

extension String {
    /// The first letter in upper case: a store message shown as a sentence.
    var capitalisedSentence: String { prefix(1).uppercased() + dropFirst() + (hasSuffix(".") ? "" : ".") }
}
