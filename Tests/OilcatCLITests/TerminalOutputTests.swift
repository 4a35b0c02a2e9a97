import Foundation
import Testing

/// What `oilcat` prints for a person is text a terminal acts on: a value from a feed must not move the cursor, set the
/// window title or reverse what follows it.
@Suite("oilcat: hostile text on the terminal")
struct TerminalOutputTests {
    /// An escape, a bell, a bidirectional override, a line separator: every one must print as an escape, not act.
    static let hostile = "12\u{1B}]0;owned\u{07}\u{1B}[2J\u{202E}34\u{2028}5"

    @Test("a rejected value from a feed prints with its controls shown as escapes")
    func rejectedValues() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        try oilcat.run("supplier", "add", "aroma", "--format", "ndjson", "--currency", "GBP")
        let feed = oilcat.home.appending(path: "feed.ndjson")
        let gtin = String(data: try JSONSerialization.data(withJSONObject: [Self.hostile], options: []), encoding: .utf8)!.dropFirst().dropLast()
        let lines = [
            "{\"sku\":\"OK-1\",\"name\":\"Jojoba Oil\",\"price\":\"9.00\",\"gtin\":\(gtin),\"ingredients\":\"Simmondsia Chinensis Seed Oil\"}",
            "{\"sku\":\"AB\\u202EC\",\"name\":\"Sweet Almond Oil\",\"price\":\"9.00\",\"ingredients\":\"Prunus Amygdalus Dulcis Oil\"}",
            "{\"sku\":\"OK-2\",\"name\":\"Coconut Oil\",\"price\":\"9.00\",\"ingredients\":\"Cocos Nucifera Oil\"}",
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: feed, atomically: true, encoding: .utf8)
        let result = try oilcat.run("import", feed.path, "--supplier", "aroma", "--max-errors", "1")
        #expect(result.status == 0, "\(result.stderr)")
        let printed = result.stdout + result.stderr
        for raw in ["\u{1B}", "\u{07}", "\u{202E}", "\u{2028}"] {
            #expect(!printed.contains(raw), "printed a raw U+\(String(raw.unicodeScalars.first!.value, radix: 16))")
        }
        // The bad GTIN is a warning with its value shown; the SKU with an override is a rejection that says why.
        #expect(printed.contains("\\u{1B}]0;owned\\u{7}"), "\(printed)")
        #expect(printed.contains("AB\\u{202E}C"), "\(printed)")
        #expect(printed.contains("invisible formatting characters"), "\(printed)")
        let products = try oilcat.run("products", "search", "--supplier", "aroma", "--json")
        let listed = try #require(try products.json() as? [[String: Any]])
        #expect(Set(listed.compactMap { $0["sku"] as? String }) == ["OK-1", "OK-2"])
    }

    @Test("argument errors repeat what was typed with its controls shown as escapes; help still goes to standard output")
    func argumentErrors() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let bad = try oilcat.run("safe-oils", "--client", "1\u{1B}]0;owned\u{07}\u{202E}")
        #expect(bad.status != 0)
        #expect(!bad.stderr.contains("\u{1B}") && !bad.stderr.contains("\u{07}") && !bad.stderr.contains("\u{202E}"), "\(bad.stderr)")
        #expect(bad.stderr.contains("\\u{1B}]0;owned\\u{7}\\u{202E}"), "\(bad.stderr)")
        let help = try oilcat.run("safe-oils", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: oilcat safe-oils"), "\(help.stdout)")
    }

    @Test("a location typed with a bidirectional override or spaces is the location without them")
    func locations() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let samples = OilcatProcess.repository.appending(path: "Catalogue/suppliers")
        try oilcat.run("supplier", "add", "aroma", "--format", "ndjson", "--source", samples.appending(path: "ndjson/feed.ndjson").path)
        try oilcat.run("import", "--supplier", "aroma")
        let received = try oilcat.run(
            "stock", "receive", "--location", " front\u{202E}-desk ", "--product", "aroma:AP-001", "--quantity", "2", "--batch", "L\u{200B}1"
        )
        #expect(received.status == 0, "\(received.stderr)")
        #expect(received.stdout.contains("front-desk: aroma:AP-001 batch L1 now 2"), "\(received.stdout)")
        let listed = try oilcat.run("stock", "list", "--location", "front-desk", "--json")
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = try #require(try listed.json() as? [[String: Any]])
        #expect(rows.first?["location"] as? String == "front-desk")
        #expect(rows.first?["batch"] as? String == "L1")
    }
}
