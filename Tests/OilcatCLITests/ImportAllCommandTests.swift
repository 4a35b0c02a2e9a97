import Foundation
import Testing

@Suite("oilcat import --all")
struct ImportAllCommandTests {
    static let samples = OilcatProcess.repository.appending(path: "Catalogue/suppliers")

    @Test("three suppliers, one whose source is missing: the other two import, exit 1, one report per supplier")
    func oneMissingSource() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let google = Self.samples.appending(path: "google-merchant/feed.xml").path
        let ndjson = Self.samples.appending(path: "ndjson/feed.ndjson").path
        let missing = oilcat.home.appending(path: "no-such-feed.xml").path
        #expect(try oilcat.run("supplier", "add", "aroma", "--format", "ndjson", "--source", ndjson).status == 0)
        #expect(try oilcat.run("supplier", "add", "gone", "--format", "google-merchant", "--source", missing).status == 0)
        #expect(try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant", "--source", google).status == 0)
        #expect(try oilcat.run("supplier", "add", "manual", "--format", "ndjson").status == 0)

        let result = try oilcat.run("import", "--all", "--json")
        #expect(result.status == 1)
        #expect(result.stderr.contains("IMPORT-SOME-FAILED") && result.stderr.contains("gone"), "\(result.stderr)")
        #expect(result.stderr.contains("skipped (no --source to import from): manual"), "\(result.stderr)")
        let reports = try #require(try result.json() as? [[String: Any]], "\(result.stdout)")
        #expect(reports.map { $0["supplier"] as? String } == ["aroma", "gone", "naturalis"])
        #expect(reports.map { $0["status"] as? String } == ["succeeded", "failed", "succeeded"])
        #expect(reports[1]["errorCode"] as? String == "IMPORT-FEED-UNREADABLE")
        #expect((reports[2]["counts"] as? [String: Any])?["added"] as? Int == 12)

        let dry = try oilcat.run("import", "--all", "--dry-run")
        #expect(dry.status == 1 && dry.stderr.contains("the others were checked (dry run)"), "\(dry.stderr)")

        let again = try oilcat.run("import", "--all")
        #expect(again.status == 1)
        #expect(again.stdout.contains("unchanged"))
        #expect(try oilcat.run("import", "--all", "--supplier", "aroma").status != 0)

        // The failures are on record: 'import runs --failed' lists the missing feed three times, newest first.
        let failed = try oilcat.run("import", "runs", "--failed")
        #expect(failed.status == 0)
        let lines = failed.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(failed.stdout)")
        #expect(lines.allSatisfy { $0.contains("gone") && $0.contains("failed") && $0.contains("no feed file") })
        let listed = try #require(try oilcat.run("import", "runs", "--json").json() as? [[String: Any]])
        #expect(listed.count == 9)
        #expect(listed.map { $0["supplier"] as? String }.filter { $0 == "gone" }.count == 3)
        let only = try #require(try oilcat.run("import", "runs", "--supplier", "naturalis", "--limit", "1", "--json").json() as? [[String: Any]])
        #expect(only.map { $0["status"] as? String } == ["unchanged"])
        let first = try #require(listed.last?["id"] as? Int)
        let detail = try oilcat.run("import", "runs", "--run", String(first))
        #expect(detail.status == 0 && detail.stdout.contains("aroma"), "\(detail.stdout)")
        #expect(try oilcat.run("import", "runs", "--run", "999").status != 0)
        // The feed argument still works without the subcommand's name, and with it.
        #expect(try oilcat.run("import", google, "--supplier", "naturalis", "--dry-run").status == 0)
        #expect(try oilcat.run("import", "feed", google, "--supplier", "naturalis", "--dry-run").status == 0)
    }
}
