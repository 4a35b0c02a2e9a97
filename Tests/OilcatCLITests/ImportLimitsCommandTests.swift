import Foundation
import Testing

@Suite("oilcat import and products search: size and count limits")
struct ImportLimitsCommandTests {
    static let samples = OilcatProcess.repository.appending(path: "Catalogue/suppliers")

    @Test("a feed over --max-feed-size fails before it is parsed, naming the limit; a bad size is a usage error")
    func maxFeedSize() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let feed = Self.samples.appending(path: "google-merchant/feed.xml").path
        try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant")
        let refused = try oilcat.run("import", feed, "--supplier", "naturalis", "--max-feed-size", "1K")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("IMPORT-FEED-TOO-LARGE"), "\(refused.stderr)")
        #expect(refused.stderr.contains("1K") && refused.stderr.contains("--max-feed-size"))
        let bad = try oilcat.run("import", feed, "--supplier", "naturalis", "--max-feed-size", "lots")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--max-feed-size 'lots' is not a size"), "\(bad.stderr)")
        let imported = try oilcat.run("import", feed, "--supplier", "naturalis", "--max-feed-size", "10M")
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    @Test("products search --limit 0 lists every product")
    func searchLimitZero() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let feed = Self.samples.appending(path: "google-merchant/feed.xml").path
        try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant")
        #expect(try oilcat.run("import", feed, "--supplier", "naturalis").status == 0)
        let all = try #require(try oilcat.run("products", "search", "--limit", "0", "--json").json() as? [[String: Any]])
        #expect(all.count == 12)
        let some = try #require(try oilcat.run("products", "search", "--limit", "5", "--json").json() as? [[String: Any]])
        #expect(some.count == 5)
        #expect(try oilcat.run("products", "search", "--limit", "-1").status != 0)
    }
}
