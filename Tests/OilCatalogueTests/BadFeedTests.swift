import CatalogueStore
import Foundation
import OilCatalogue
import Testing

/// Every kind of bad feed: a clear error with its location, and the catalogue exactly as it was.
@Suite("Bad feeds lose nothing")
struct BadFeedTests {
    @Test("malformed XML names its line")
    func malformed() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        let feed = GoogleFeed.numbered(3).replacingOccurrences(of: "<g:title>Product SKU-2</g:title>", with: "<g:title>Product SKU-2</g:titl>")
        #expect(feed != GoogleFeed.numbered(3))
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(feed) }
        #expect(error?.code == "IMPORT-FEED-MALFORMED-XML")
        #expect(error?.message.contains("line 3") == true)
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("a truncated file is an error, not a shorter catalogue")
    func truncated() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        let full = GoogleFeed.numbered(3)
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(String(full.prefix(full.count - 40))) }
        #expect(error?.code == "IMPORT-FEED-MALFORMED-XML")
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("an XXE payload is refused and never read")
    func xxe() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        let feed = GoogleFeed.numbered(3)
            .replacingOccurrences(of: "<rss", with: "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss")
            .replacingOccurrences(of: "Product SKU-1", with: "&x;")
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(feed) }
        #expect(error?.code == "IMPORT-FEED-UNSAFE-XML")
        #expect(error?.message.contains("root:") == false)
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("a billion-laughs payload is refused")
    func billionLaughs() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        let text = try String(contentsOf: ImportHarness.fixtures.appending(path: "billion-laughs-feed.xml"), encoding: .utf8)
        await #expect(throws: ImportError.self) { try await harness.importFeed(text) }
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("an empty feed never wipes a catalogue")
    func empty() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(GoogleFeed.make([])) }
        #expect(error?.code == "IMPORT-EMPTY-FEED")
        #expect(try harness.catalogueSnapshot() == before)
        let zeroBytes = await #expect(throws: ImportError.self) { try await harness.importFeed("") }
        #expect(zeroBytes != nil)
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("invalid UTF-8 is refused with its line")
    func invalidUTF8() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        var bytes = Array(GoogleFeed.numbered(3).utf8)
        let target = Array("Product SKU-2".utf8)
        let index = try #require(bytes.indices.first { bytes[$0...].starts(with: target) })
        bytes[index + 2] = 0xC3
        bytes[index + 3] = 0x28
        let error = await #expect(throws: ImportError.self) { try await harness.importBytes(bytes) }
        #expect(error?.message.contains("line 3") == true)
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("a feed of the wrong format for the supplier is refused")
    func wrongFormat() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        await #expect(throws: ImportError.self) { try await harness.importFeed("{\"products\": []}") }
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("every failed run leaves its report")
    func failedRunsAreRecorded() async throws {
        let (harness, _) = try await ImportHarness.withThreeProducts()
        _ = try? await harness.importFeed(GoogleFeed.make([]))
        let run = try #require(try harness.runs().last)
        #expect(run.status == .failed)
        #expect(run.error?.contains("no products") == true)
        #expect(run.report != nil)
    }
}
