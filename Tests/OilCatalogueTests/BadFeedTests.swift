import CatalogueStore
import Foundation
import OilCatalogue
import Testing

/// Every kind of bad feed: a clear error with its location, and the catalogue exactly as it was.
@Suite("Bad feeds lose nothing")
struct BadFeedTests {
    @Test("malformed XML names its line")
    func malformed() throws {
        let (harness, before) = try ImportHarness.withThreeProducts()
        let feed = GoogleFeed.numbered(3).replacingOccurrences(of: "<g:title>Product SKU-2</g:title>", with: "<g:title>Product SKU-2</g:titl>")
        #expect(feed != GoogleFeed.numbered(3))
        let error = #expect(throws: ImportError.self) { try harness.importFeed(feed) }
        #expect(error?.code == "IMPORT-FEED-MALFORMED-XML")
        #expect(error?.message.contains("line 3") == true)
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("a truncated file is an error, not a shorter catalogue")
    func truncated() throws {
        let (harness, before) = try ImportHarness.withThreeProducts()
        let full = GoogleFeed.numbered(3)
        let error = #expect(throws: ImportError.self) { try harness.importFeed(String(full.prefix(full.count - 40))) }
        #expect(error?.code == "IMPORT-FEED-MALFORMED-XML")
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("an XXE payload is refused and never read")
    func xxe() throws {
        let (harness, before) = try ImportHarness.withThreeProducts()
        let feed = GoogleFeed.numbered(3)
            .replacingOccurrences(of: "<rss", with: "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss")
            .replacingOccurrences(of: "Product SKU-1", with: "&x;")
        let error = #expect(throws: ImportError.self) { try harness.importFeed(feed) }
        #expect(error?.code == "IMPORT-FEED-UNSAFE-XML")
        #expect(error?.message.contains("root:") == false)
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("a billion-laughs payload is refused")
    func billionLaughs() throws {
        let (harness, before) = try ImportHarness.withThreeProducts()
        let text = try String(contentsOf: ImportHarness.fixtures.appending(path: "billion-laughs-feed.xml"), encoding: .utf8)
        #expect(throws: ImportError.self) { try harness.importFeed(text) }
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("an empty feed never wipes a catalogue")
    func empty() throws {
        let (harness, before) = try ImportHarness.withThreeProducts()
        let error = #expect(throws: ImportError.self) { try harness.importFeed(GoogleFeed.make([])) }
        #expect(error?.code == "IMPORT-EMPTY-FEED")
        #expect(try harness.catalogueSnapshot() == before)
        let zeroBytes = #expect(throws: ImportError.self) { try harness.importFeed("") }
        #expect(zeroBytes != nil)
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("invalid UTF-8 is refused with its line")
    func invalidUTF8() throws {
        let (harness, before) = try ImportHarness.withThreeProducts()
        var bytes = Array(GoogleFeed.numbered(3).utf8)
        let target = Array("Product SKU-2".utf8)
        let index = try #require(bytes.indices.first { bytes[$0...].starts(with: target) })
        bytes[index + 2] = 0xC3
        bytes[index + 3] = 0x28
        let error = #expect(throws: ImportError.self) { try harness.importBytes(bytes) }
        #expect(error?.message.contains("line 3") == true)
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("a feed of the wrong format for the supplier is refused")
    func wrongFormat() throws {
        let (harness, before) = try ImportHarness.withThreeProducts()
        #expect(throws: ImportError.self) { try harness.importFeed("{\"products\": []}") }
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("every failed run leaves its report")
    func failedRunsAreRecorded() throws {
        let (harness, _) = try ImportHarness.withThreeProducts()
        _ = try? harness.importFeed(GoogleFeed.make([]))
        let run = try #require(try harness.runs().last)
        #expect(run.status == .failed)
        #expect(run.error?.contains("no products") == true)
        #expect(run.report != nil)
    }
}
