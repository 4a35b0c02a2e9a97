import CatalogueStore
import Foundation
import Hummingbird
import HummingbirdAuth

/// Signing in and out. The login form is protected by a double-submit token: a random value in an HttpOnly,
/// SameSite=Strict cookie that the form must repeat.
struct LoginPages {
    let services: ClinicServices
    static let loginCookie = "oilcat_login"

    struct LoginModel {
        var loginToken: String
        var next: String
        var error: String?
        var name: String
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
            guard !services.logins.isLocked(name) else {
                return loginPage(
                    request, next: next, error: "Too many failed sign-ins for this name. Wait 15 minutes, or ask an admin to set a new password.",
                    name: name, status: .tooManyRequests
                )
            }
            guard let (account, hash) = try services.database.userCredentials(name: name), !account.disabled,
                try await Credentials.verify(password, hash: hash)
            else {
                services.logins.recordFailure(name)
                return loginPage(request, next: next, error: "That name and password do not match an active user.", name: name, status: .unauthorized)
            }
            services.logins.clear(name)
            context.sessions.createSession(WebSession(userID: account.id, csrf: Credentials.randomSecret()))
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

    /// Only a path on this site: never another host ("//evil.example") or a scheme.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.hasPrefix("/login") else { return nil }
        return next
    }
}
