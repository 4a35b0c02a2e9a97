@_spi(SQLite) import CatalogueStore
import ClinicServer
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StoreInterface

/// Text that tries every way round the HTML escaping a grapheme-cluster escaper has: each Prepend character before
/// and after `<`, `>`, `"`, `'` and `&`, a combining mark and ZWJ likewise, inside tags and attributes.
enum HostileText {
    /// Grapheme-break class Prepend (format and letter characters alike), a combining acute accent, ZWJ, ZWNJ.
    static let marks: [String] = [
        "\u{0600}", "\u{0601}", "\u{0602}", "\u{0603}", "\u{0604}", "\u{0605}", "\u{06DD}", "\u{070F}", "\u{0890}", "\u{0891}",
        "\u{08E2}", "\u{0D4E}", "\u{110BD}", "\u{110CD}", "\u{111C2}", "\u{111C3}", "\u{11A3A}", "\u{0301}", "\u{200D}", "\u{200C}",
    ]

    /// One payload per mark: an element with attributes, a quote of each kind that would close an attribute, an
    /// entity, a closing tag, a style element.
    static let payload: String = marks.map { m in
        "\(m)<i\(m) data-x=\(m)\"\(m)y\(m)\"\(m)>\(m)\"\(m) onclick=\(m)'\(m)x\(m)'\(m)&\(m)amp;\(m)</i\(m)>\(m)<style\(m)>b{}\(m)</style\(m)>\(m)"
    }.joined()
}

@Suite struct EscapingTests {
    @Test func theEscaperReplacesMarkupCharactersWhateverSurroundsThem() {
        for mark in HostileText.marks {
            for markup in ["<", ">", "\"", "'", "&"] {
                for text in [mark + markup, markup + mark, mark + markup + mark] {
                    let escaped = HTMLEscaping.escape(text)
                    #expect(!escaped.utf8.contains(where: { [0x3C, 0x3E, 0x22, 0x27].contains($0) }), "\(text.unicodeScalars.map { String($0.value, radix: 16) }) escaped to \(escaped)")
                    #expect(!escaped.utf8.contains(UInt8(ascii: "&")) || escaped.utf8.contains(UInt8(ascii: ";")))
                }
            }
        }
    }

    @Test func everyPageAndAPIResponseKeepsItsStructureWithHostileText() async throws {
        let harness = try await ServerHarness()
        let nasty = HostileText.payload
        let nastyQuery = nasty.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        // The addresses to render: every GET route, and the reflected values (notice, next, q, location).
        var list: [(path: String, roles: Set<UserRole>, isAPI: Bool)] = []
        for route in harness.routes where route.method == .get && route.path != "/static/oilcat.css" && route.path != "/openapi.yaml" {
            list.append((harness.concrete(route.path), route.roles ?? Set(UserRole.allCases), route.isAPI))
        }
        list += [
            ("/clients?q=Ada&notice=\(nastyQuery)", [.admin, .therapist], false),
            ("/clients?q=\(nastyQuery)", [.admin, .therapist], false),
            ("/check?q=Ada&location=\(nastyQuery)", Set(UserRole.allCases), false),
            ("/check?q=Ada&location=front-desk", Set(UserRole.allCases), false),
            ("/stock?location=\(nastyQuery)&notice=\(nastyQuery)", Set(UserRole.allCases), false),
            ("/stock?location=front-desk&low=1", Set(UserRole.allCases), false),
            ("/clients/\(harness.client)/safe-oils?include_blocked=1", [.admin, .therapist], false),
            ("/clients/\(harness.client)/safe-oils/print", [.admin, .therapist], false),
            ("/admin/users?notice=user-added", [.admin], false),
        ]
        let addresses = list

        func render() async throws -> [String: (status: HTTPResponse.Status, body: String, headers: HTTPFields)] {
            // A fresh set of services: no cached list from before the text changed.
            let services = try await ClinicServices(
                database: harness.database, taxonomy: harness.services.taxonomy, fingerprint: harness.services.fingerprint,
                archiveFolder: harness.services.archiveFolder
            )
            return try await Application(router: ClinicApplication.router(services).router).test(.router) { client in
                var pages: [String: (status: HTTPResponse.Status, body: String, headers: HTTPFields)] = [:]
                for address in addresses {
                    for role in address.roles.sorted(by: { $0.rawValue < $1.rawValue }) {
                        let response = try await client.execute(uri: address.path, method: .get, headers: harness.headers(role))
                        pages["\(role) \(address.path)"] = (response.status, response.text, response.headers)
                    }
                }
                let login = try await client.execute(uri: "/login?next=%2F\(nastyQuery)", method: .get)
                pages["anonymous /login?next"] = (login.status, login.text, login.headers)
                return pages
            }
        }

        let plain = try await render()
        // The same records, every text field a person or a feed fills carrying the payload: written straight to
        // the database, as data stored before text was cleaned would be.
        try harness.database.write { db in
            try db.execute(sql: "UPDATE product SET name = name || ?, brand = COALESCE(brand, '') || ?, description = COALESCE(description, '') || ?", arguments: [nasty, nasty, nasty])
            try db.execute(sql: "UPDATE supplier SET name = name || ?", arguments: [nasty])
            try db.execute(sql: "UPDATE client SET name = name || ?, note = COALESCE(note, '') || ?", arguments: [nasty, nasty])
            try db.execute(sql: "UPDATE clientAllergy SET enteredName = enteredName || ?, note = COALESCE(note, '') || ?", arguments: [nasty, nasty])
            try db.execute(sql: "UPDATE patchTest SET site = COALESCE(site, '') || ?, concentration = COALESCE(concentration, '') || ?", arguments: [nasty, nasty])
            try db.execute(sql: "UPDATE stockLot SET batch = batch || ?", arguments: [nasty])
            try db.execute(sql: "UPDATE user SET name = name || ?", arguments: [nasty])
            try db.execute(sql: "UPDATE apiToken SET label = label || ?", arguments: [nasty])
        }
        let hostile = try await render()

        #expect(hostile.count == plain.count)
        var checked = 0
        for (key, page) in hostile.sorted(by: { $0.key < $1.key }) {
            let before = try #require(plain[key])
            #expect(page.status == before.status, "\(key): \(before.status) became \(page.status)")
            #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(key) lacks nosniff")
            let contentType = page.headers[.contentType] ?? ""
            if contentType.hasPrefix("text/html") {
                let added = HTMLStructure(before.body).added(in: HTMLStructure(page.body))
                #expect(added.isEmpty, "\(key): the hostile text added \(added)")
                #expect(!HTMLStructure(page.body).elements.contains { $0.hasPrefix("style") }, "\(key) has a style element")
                checked += 1
            } else if contentType.hasPrefix("application/json") {
                #expect((try? JSONSerialization.jsonObject(with: Data(page.body.utf8))) != nil, "\(key) is not JSON")
                checked += 1
            }
        }
        #expect(checked > 40)
        // The payload did reach the pages (as text): the test rendered it rather than missing it.
        let clientPage = try #require(hostile["therapist /clients/\(harness.client)"])
        #expect(clientPage.body.contains("&lt;style"))
    }

    @Test func everyTemplateSelectsTheScalarEscaper() throws {
        let folder = ServerHarness.repository.appending(path: "Sources/ClinicServer/Web/Templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(names.count > 10)
        for name in names {
            let text = try String(contentsOf: folder.appending(path: name), encoding: .utf8)
            #expect(text.hasPrefix("{{% CONTENT_TYPE: OILCAT_HTML}}\n"), "\(name) does not select the scalar escaper")
            #expect(!text.contains("{{{") && !text.contains("{{&"), "\(name) prints a value unescaped")
            #expect(!text.contains("<style") && !text.contains("style="), "\(name) has inline style, which the CSP refuses")
        }
    }

    @Test func pagesSendAStrictContentSecurityPolicy() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let page = try await client.execute(uri: "/login", method: .get)
            let csp = try #require(page.headers[.contentSecurityPolicy])
            #expect(!csp.contains("unsafe-inline"))
            #expect(csp.contains("base-uri 'none'"))
            #expect(csp.contains("style-src 'self'"))
            let css = try await client.execute(uri: "/static/oilcat.css", method: .get)
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(css.text.contains(".status-blocked"))
            for uri in ["/health", "/api/v1/me", "/nowhere"] {
                let response = try await client.execute(uri: uri, method: .get, headers: harness.headers(.therapist))
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(uri) lacks nosniff")
            }
        }
    }
}
