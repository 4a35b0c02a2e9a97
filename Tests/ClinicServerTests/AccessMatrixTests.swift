import CatalogueStore
import ClinicServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StoreInterface

/// Every route × every role, from the route table itself: a route cannot be added without being checked here.
@Suite struct AccessMatrixTests {
    @Test func anonymousRequestsAreRefusedEverywhereButLoginAndHealth() async throws {
        let harness = try await ServerHarness()
        let before = try harness.auditCount()
        let publicRoutes = harness.routes.filter { $0.roles == nil }.map { "\($0.method) \($0.path)" }.sorted()
        #expect(publicRoutes == ["GET /health", "GET /login", "GET /metrics", "GET /ready", "GET /static/oilcat.css", "POST /login"])
        try await harness.application.test(.router) { client in
            for route in harness.routes where route.roles != nil {
                let response = try await client.execute(uri: harness.concrete(route.path), method: route.method, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
                if route.isAPI {
                    #expect(response.status == .unauthorized, "\(route.method) \(route.path) answered \(response.status) to an anonymous request")
                    #expect(response.text.contains("AUTH-REQUIRED"))
                } else {
                    #expect(response.status == .seeOther, "\(route.method) \(route.path) answered \(response.status) to an anonymous request")
                    #expect(response.headers[.location]?.hasPrefix("/login") == true)
                }
            }
        }
        #expect(try harness.auditCount() == before, "anonymous requests wrote nothing")
    }

    @Test func eachRoleReachesOnlyItsRoutes() async throws {
        let harness = try await ServerHarness()
        let before = try harness.auditCount()
        try await harness.application.test(.router) { client in
            for route in harness.routes where route.roles != nil {
                for role in UserRole.allCases where !(route.roles!.contains(role)) {
                    let response = try await client.execute(
                        uri: harness.concrete(route.path), method: route.method, headers: harness.headers(role, json: true), body: ByteBuffer(string: "{}")
                    )
                    #expect(response.status == .forbidden, "\(role) got \(response.status) from \(route.method) \(route.path)")
                }
            }
            // And the clinical routes are open to the roles that have them.
            for route in harness.routes where route.method == .get && route.roles != nil && !route.path.contains("{") {
                for role in route.roles! {
                    let response = try await client.execute(uri: route.path, method: .get, headers: harness.headers(role))
                    #expect(response.status == .ok || response.status == .seeOther, "\(role) got \(response.status) from GET \(route.path)")
                }
            }
        }
        #expect(try harness.auditCount() == before, "refused requests wrote nothing")
    }

    @Test func receptionNeverReceivesClinicalDetail() async throws {
        let harness = try await ServerHarness()
        // Words that only clinical detail carries: statuses and reasons, results, conditions, the allergy.
        let clinical = [
            "suspected", "blocked", "reasons", "psoriasis", "Psoriasis", "sensitive-skin", "Compositae", "\"result\"", "outcome",
            "patch-test-required", "caution", "++", "prefers unscented",
        ]
        try await harness.application.test(.router) { client in
            let paths = harness.routes.filter { $0.method == .get && $0.roles?.contains(.reception) == true }.map { harness.concrete($0.path) }
                .filter { !$0.hasPrefix("/api/v1/products") && !$0.hasSuffix("/stock-check") && !["/", "/api/v1/ingredients", "/openapi.yaml"].contains($0) }
                + ["/api/v1/clients/\(harness.client)/stock-check?location=front-desk", "/check?q=Ada&location=front-desk",
                   "/check?client=\(harness.client)&location=front-desk", "/stock?location=front-desk", "/api/v1/stock?location=front-desk",
                   "/api/v1/clients?q=Ada"]
            for path in paths {
                let response = try await client.execute(uri: path, method: .get, headers: harness.headers(.reception))
                #expect(response.status == .ok, "GET \(path): \(response.status)")
                let text = visibleText(response.text)
                for word in clinical {
                    #expect(!text.contains(word), "reception saw '\(word)' in GET \(path)")
                }
            }
            // The check still answers: the lavender blend is not suitable, with no word on why.
            let check = try await client.execute(uri: "/api/v1/clients/\(harness.client)/stock-check?location=front-desk", method: .get, headers: harness.headers(.reception))
            #expect(check.text.contains("\"verdict\":\"not-suitable\""))
            // A therapist does see the reason chain.
            let list = try await client.execute(uri: "/api/v1/clients/\(harness.client)/safe-oils?include_blocked=true&limit=100", method: .get, headers: harness.headers(.therapist))
            #expect(list.text.contains("a suspected allergen from patch test \(harness.blendTest)"))
        }
    }
}
