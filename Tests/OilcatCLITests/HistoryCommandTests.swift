import Foundation
import Testing

@Suite("oilcat client history")
struct HistoryCommandTests {
    func prepared() throws -> (OilcatProcess, String) {
        let oilcat = try OilcatProcess()
        let feed = OilcatProcess.repository.appending(path: "Catalogue/suppliers/google-merchant/feed.xml").path
        try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant", "--source", feed)
        try oilcat.run("import", "--supplier", "naturalis")
        let client = try oilcat.run("client", "add", "--name", "Grace Hopper", "--json")
        let id = try #require((try client.json() as? [String: Any])?["id"] as? Int, "\(client.stderr)")
        return (oilcat, "\(id)")
    }

    func entries(_ oilcat: OilcatProcess, _ client: String, all: Bool = false) throws -> [[String: Any]] {
        let result = all
            ? try oilcat.run("client", "history", "list", "--client", client, "--json", "--all")
            : try oilcat.run("client", "history", "list", "--client", client, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        return try #require((try result.json() as? [String: Any])?["entries"] as? [[String: Any]])
    }

    @Test("bad input exits non-zero with a coded error and writes nothing")
    func badInput() throws {
        let (oilcat, client) = try prepared()
        defer { oilcat.cleanUp() }
        let cases: [(OilcatProcess.Result, String)] = [
            (try oilcat.run("client", "history", "add", "--client", client, "--item", "broken leg"), "CLI-UNKNOWN-HISTORY-ITEM"),
            (try oilcat.run("client", "history", "add", "--client", client, "--item", "pregnancy", "--source", "neighbour"), "CLI-HISTORY-SOURCE"),
            (try oilcat.run("client", "history", "add", "--client", client, "--item", "pregnancy", "--since", "2026-02-31"), "CLINIC-HISTORY-DAY"),
            (try oilcat.run("client", "history", "add", "--client", client, "--item", "pregnancy", "--since", "2999-01-01"), "CLINIC-HISTORY-DAY"),
            (try oilcat.run("client", "history", "add", "--client", client, "--item", "pregnancy", "--corrects", "42"), "CLINIC-UNKNOWN-HISTORY-ENTRY"),
            (try oilcat.run("client", "history", "resolve", "--entry", "42"), "CLINIC-UNKNOWN-HISTORY-ENTRY"),
        ]
        for (result, code) in cases {
            #expect(result.status != 0, "accepted: \(result.stdout)")
            #expect(result.stderr.contains(code), "\(code): \(result.stderr)")
        }
        let unknownClient = try oilcat.run("client", "history", "add", "--client", "999", "--item", "diabetes")
        #expect(unknownClient.status != 0)
        #expect(try entries(oilcat, client, all: true).isEmpty)
    }

    @Test("add, list, resolve: a resolved item stays listed and no longer changes the list")
    func addResolveList() throws {
        let (oilcat, client) = try prepared()
        defer { oilcat.cleanUp() }
        let added = try oilcat.run("client", "history", "add", "--client", client, "--item", "pregnant", "--since", "2026-05-01", "--json")
        #expect(added.status == 0, "\(added.stderr)")
        let safeOils = try oilcat.run("safe-oils", "--client", client, "--json", "--limit", "0", "--include-blocked")
        let rows = try #require(try safeOils.json() as? [[String: Any]])
        let lavender = try #require(rows.first { $0["product"] as? String == "naturalis:NAT-LAV-10" })
        #expect((lavender["reasons"] as? [String])?.contains { $0.contains("the dilution cap for essential oils in pregnancy") } == true)
        let shown = try oilcat.run("client", "show", client)
        #expect(shown.stdout.contains("Treatment notes:"))
        #expect(shown.stdout.contains("no deep abdominal work"))

        let resolved = try oilcat.run("client", "history", "resolve", "--client", client, "--item", "pregnancy", "--on", "2026-11-01")
        #expect(resolved.status == 0, "\(resolved.stderr)")
        #expect(try entries(oilcat, client).map { $0["status"] as? String } == ["resolved"])
        let all = try entries(oilcat, client, all: true)
        #expect(all.count == 2)
        #expect(all.first?["in_force"] as? Bool == false)
        let after = try #require(try oilcat.run("safe-oils", "--client", client, "--json", "--limit", "0").json() as? [[String: Any]])
        #expect(!after.contains { ($0["reasons"] as? [String])?.contains { $0.contains("pregnancy") } == true })
        let items = try #require(try oilcat.run("client", "history", "items", "--json").json() as? [[String: Any]])
        #expect(items.count == 14)
    }
}
