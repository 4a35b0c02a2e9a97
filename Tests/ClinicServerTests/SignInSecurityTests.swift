@_spi(SQLite) import CatalogueStore
import ClinicServer
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StoreInterface
import Testing

/// A login form's cookie and token, for posting sign-ins.
struct LoginForm {
    var cookie: String
    var token: String

    static func open(_ client: some TestClientProtocol) async throws -> LoginForm {
        let page = try await client.execute(uri: "/login", method: .get)
        let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let token = String(try #require(page.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1))
        return LoginForm(cookie: cookie, token: token)
    }

    func post(_ client: some TestClientProtocol, name: String, password: String, from address: String? = nil, next: String = "") async throws -> TestResponse {
        var headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
        if let address { headers[HTTPField.Name("X-Forwarded-For")!] = address }
        let encoded = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        return try await client.execute(
            uri: "/login", method: .post, headers: headers,
            body: ByteBuffer(string: "_csrf=\(token)&name=\(encoded(name))&password=\(encoded(password))&next=\(encoded(next))")
        )
    }
}

@Suite struct SignInSecurityTests {
    @Test func aParallelBurstGetsNoMoreGuessesThanTheLimitAndCannotLockTheUserOutElsewhere() async throws {
        let harness = try await ServerHarness(security: WebSecurityOptions(behindProxy: true))
        try await harness.application.test(.router) { client in
            let form = try await LoginForm.open(client)
            let attacker = "203.0.113.9"
            // 40 wrong passwords, all at once, from one address. (The right one is not among them: checked first, it
            // would rightly sign in and clear the count, and the order of a burst is anyone's.)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        // The first X-Forwarded-For entries are the client's own words: a new one each time changes nothing.
                        try await form.post(
                            client, name: "therapist", password: "wrong guess \(index)",
                            from: "192.0.2.\(index), \(attacker)"
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let checked = statuses.filter { $0 != .tooManyRequests }
            #expect(checked.count <= SignInLimits().perNameAndAddress, "\(checked.count) passwords were checked: \(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count >= 35)
            // The real user, elsewhere, signs in at once.
            let real = try await form.post(client, name: "therapist", password: ServerHarness.password, from: "198.51.100.7")
            #expect(real.status == .seeOther)
            // From the attacker's address the name stays refused, right password or not ...
            #expect(try await form.post(client, name: "THERAPIST", password: ServerHarness.password, from: attacker).status == .tooManyRequests)
            // ... until an admin clears the count.
            #expect(try await harness.database.signInFailureCount(name: "therapist") >= 5)
            try await harness.database.clearSignInFailures(name: "therapist", actor: "test")
            #expect(try await form.post(client, name: "therapist", password: ServerHarness.password, from: attacker).status == .seeOther)
        }
    }

    @Test func anAdminClearsFailedSignInsFromTheUsersPage() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let form = try await LoginForm.open(client)
            for _ in 0..<5 { _ = try await form.post(client, name: "reception", password: "not the password") }
            #expect(try await form.post(client, name: "reception", password: ServerHarness.password).status == .tooManyRequests)
            let admin = try await SessionClient.signIn(client, as: .admin)
            let users = try await client.execute(uri: "/admin/users", method: .get, headers: [.cookie: admin.cookie])
            #expect(users.text.contains("Clear failed sign-ins (5)"))
            let id = try #require(try await harness.database.userCredentials(name: "reception")?.user.id)
            let cleared = try await client.execute(
                uri: "/admin/users/\(id)/unlock", method: .post, headers: [.cookie: admin.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=\(admin.csrf)")
            )
            #expect(cleared.status == .seeOther)
            #expect(try await form.post(client, name: "reception", password: ServerHarness.password).status == .seeOther)
        }
    }

    @Test func unknownNamesCostAPasswordCheckToo() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let form = try await LoginForm.open(client)
            _ = try await form.post(client, name: "nobody-at-all", password: "warm up the dummy hash")
            let clock = ContinuousClock()
            // The quickest of three, taken in turn: the rest of the suite shares these cores and the password-check
            // threads, and may slow any one sign-in (three wrong passwords stay under the lock-out's five).
            var unknown = Duration.seconds(3_600)
            var known = Duration.seconds(3_600)
            for round in 1...3 {
                unknown = min(unknown, try await clock.measure {
                    _ = try await form.post(client, name: "nobody-else-\(round)", password: "a wrong password")
                })
                known = min(known, try await clock.measure { _ = try await form.post(client, name: "admin", password: "a wrong password") })
            }
            // Both ran bcrypt at the same cost: neither answers in a tenth of the other's time.
            #expect(unknown * 10 > known && known * 10 > unknown, "unknown \(unknown), known \(known)")
        }
    }

    @Test func aPasswordChangeEndsEverySessionAndToken() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .therapist)
            #expect(try await client.execute(uri: "/clients", method: .get, headers: [.cookie: session.cookie]).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: harness.headers(.therapist)).status == .ok)
            // `oilcat user password` goes through the same call.
            let id = try #require(try await harness.database.userCredentials(name: "therapist")?.user.id)
            try await harness.database.setPasswordHash(user: id, passwordHash: ServerHarness.passwordHash, actor: "test")
            let page = try await client.execute(uri: "/clients", method: .get, headers: [.cookie: session.cookie])
            #expect(page.status == .seeOther)
            #expect(page.headers[.location]?.hasPrefix("/login") == true)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: harness.headers(.therapist)).status == .unauthorized)
        }
    }

    @Test func aSessionMadeWithAnOldPasswordIsRefused() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .therapist)
            // A sign-in whose bcrypt check finished just after a password change stores its session after the change
            // ended the others: the session names the old password's digest, and is refused.
            try harness.database.write { db in
                try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE name = 'therapist'", arguments: [try Credentials.hashPassword("another long password")])
            }
            let page = try await client.execute(uri: "/clients", method: .get, headers: [.cookie: session.cookie])
            #expect(page.status == .seeOther)
            #expect(page.headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test func usersChangeTheirOwnPasswordInTheWebApp() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .reception)
            let other = try await SessionClient.signIn(client, as: .reception)
            func change(_ body: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/account/password", method: .post, headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "_csrf=\(session.csrf)&" + body)
                )
            }
            #expect(try await change("current=wrong+one+here&password=a+new+passphrase&confirm=a+new+passphrase").status == .forbidden)
            #expect(try await change("current=correct+horse+battery&password=a+new+passphrase&confirm=another+one+here").status == .badRequest)
            let changed = try await change("current=correct+horse+battery&password=a+new+passphrase&confirm=a+new+passphrase")
            #expect(changed.status == .seeOther)
            let fresh = try #require(changed.headers[values: .setCookie].first { $0.hasPrefix("oilcat_session=") }).split(separator: ";")[0]
            // This browser stays signed in with its new session; the other session and the token have ended.
            #expect(try await client.execute(uri: "/stock", method: .get, headers: [.cookie: String(fresh)]).status == .ok)
            #expect(try await client.execute(uri: "/stock", method: .get, headers: [.cookie: other.cookie]).status == .seeOther)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: harness.headers(.reception)).status == .unauthorized)
            let form = try await LoginForm.open(client)
            #expect(try await form.post(client, name: "reception", password: "a new passphrase").status == .seeOther)
        }
    }

    @Test func reenablingAUserBringsNoOldSessionOrTokenBack() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .therapist)
            let id = try #require(try await harness.database.userCredentials(name: "therapist")?.user.id)
            try await harness.database.setUserDisabled(id, disabled: true, actor: "test")
            try await harness.database.setUserDisabled(id, disabled: false, actor: "test")
            #expect(try await client.execute(uri: "/clients", method: .get, headers: [.cookie: session.cookie]).status == .seeOther)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: harness.headers(.therapist)).status == .unauthorized)
            // They sign in anew.
            _ = try await SessionClient.signIn(client, as: .therapist)
        }
    }

    @Test func anIdleSessionEnds() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .therapist)
            #expect(try await client.execute(uri: "/clients", method: .get, headers: [.cookie: session.cookie]).status == .ok)
            // Last used 29 minutes ago: still signed in (and the use moves the time on).
            try harness.database.write { db in try db.execute(sql: "UPDATE webSession SET lastSeenAt = ?", arguments: [Date().addingTimeInterval(-29 * 60)]) }
            #expect(try await client.execute(uri: "/clients", method: .get, headers: [.cookie: session.cookie]).status == .ok)
            // Last used 31 minutes ago: the session has ended.
            try harness.database.write { db in try db.execute(sql: "UPDATE webSession SET lastSeenAt = ?", arguments: [Date().addingTimeInterval(-31 * 60)]) }
            let page = try await client.execute(uri: "/clients", method: .get, headers: [.cookie: session.cookie])
            #expect(page.status == .seeOther)
            #expect(page.headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test func userNamesIgnoreCaseAndUnicodeFormAndRefuseMixedScripts() async throws {
        let harness = try await ServerHarness()
        _ = try await harness.database.addUser(name: "José", role: .therapist, passwordHash: ServerHarness.passwordHash, actor: "test")
        await #expect(throws: ClinicStoreError.self) { try await harness.database.addUser(name: "JOSÉ", role: .therapist, passwordHash: ServerHarness.passwordHash, actor: "test") }
        await #expect(throws: ClinicStoreError.self) { try await harness.database.addUser(name: "Jose\u{0301}", role: .therapist, passwordHash: ServerHarness.passwordHash, actor: "test") }
        // Cyrillic а (U+0430) in a Latin name.
        await #expect(throws: ClinicStoreError.self) { try await harness.database.addUser(name: "\u{0430}dmin", role: .admin, passwordHash: ServerHarness.passwordHash, actor: "test") }
        // A right-to-left override is an invisible format character: it is removed, not kept to disguise the name.
        let disguised = try await harness.database.addUser(name: "\u{202E}nimda", role: .admin, passwordHash: ServerHarness.passwordHash, actor: "test")
        #expect(try await harness.database.user(id: disguised)?.name == "nimda")
        // One script, even a non-Latin one, is fine.
        _ = try await harness.database.addUser(name: "Мария", role: .reception, passwordHash: ServerHarness.passwordHash, actor: "test")
        try await harness.application.test(.router) { client in
            let form = try await LoginForm.open(client)
            #expect(try await form.post(client, name: "JOSE\u{0301}", password: ServerHarness.password).status == .seeOther)
        }
    }

    @Test func nextStaysOnThisSiteAndNoticesAreCodes() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            for next in ["//evil.example/", "/\\evil.example", "/\t/evil.example", "/%09/evil.example", "/%2F/evil.example", "https://evil.example", "/ok\r\nSet-Cookie: x=1"] {
                let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let page = try await client.execute(uri: "/login?next=\(encoded)", method: .get)
                let kept = page.text.firstMatch(of: /name="next" value="([^"]*)"/)?.1
                #expect(kept == "", "next \(next.debugDescription) was kept as \(kept.map(String.init) ?? "nil")")
                let form = try await LoginForm.open(client)
                let response = try await form.post(client, name: "therapist", password: ServerHarness.password, next: next)
                #expect(response.headers[.location] == "/", "next \(next.debugDescription) sent the browser to \(response.headers[.location] ?? "")")
            }
            let form = try await LoginForm.open(client)
            let kept = try await form.post(client, name: "therapist", password: ServerHarness.password, next: "/clients?q=Ada")
            #expect(kept.headers[.location] == "/clients?q=Ada")

            let free = try await client.execute(uri: "/clients?notice=Your+account+is+locked%3A+call+0800", method: .get, headers: harness.headers(.therapist))
            #expect(!free.text.contains("Your account is locked"))
            let coded = try await client.execute(uri: "/clients?notice=test-recorded&n=12", method: .get, headers: harness.headers(.therapist))
            #expect(coded.text.contains("Patch test 12 recorded."))
        }
    }
}
