import ImporterAPI
import OilCatalogue
import Testing

/// Hostile feed text in linear time. No timing is asserted: with the old quadratic code these inputs take many
/// minutes, which CI's time limit turns into a failure.
@Suite("Importers in linear time")
struct LinearTimeImportTests {
    @Test("HTML of 400,000 '<' with no '>' is plain text, read in one pass")
    func unclosedTags() {
        let html = String(repeating: "<", count: 400_000)
        #expect(TextCleaning.plainText(fromHTML: html) == html)
        let text = String(repeating: "a < b ", count: 100_000)
        #expect(TextCleaning.plainText(fromHTML: "<p>Oil</p>" + text) == "Oil\n" + text.dropLast())
    }

    @Test("a page of 100,000 JSON-LD blocks gives each product the line its block starts on")
    func manyScriptBlocks() throws {
        let importer = try #require(BuiltInImporters.registry.importer(forFormat: "schema-org"))
        var page = "<html><body>\n"
        for index in 1...100_000 {
            let product = index % 25_000 == 0 ? #"{"@type":"Product","sku":"S\#(index)","name":"Oil \#(index)"}"# : "{}"
            page += "<script type=\"application/ld+json\">\(product)</script>\n"
        }
        page += "</body></html>\n"
        var lines: [String: Int] = [:]
        try importer.read(MemoryFeedSource(page), context: FeedContext(documentName: "page.html")) { event in
            if case .record(let record) = event { lines[record.sku] = record.position.line }
        }
        #expect(lines == ["S25000": 25_001, "S50000": 50_001, "S75000": 75_001, "S100000": 100_001])
    }

    @Test("a BMEcat product nesting 30,000 elements is rejected as too large, read to its end; the next one imports")
    func hugeXMLRecord() throws {
        let importer = try #require(BuiltInImporters.registry.importer(forFormat: "bmecat"))
        func product(_ id: String, extra: String = "") -> String {
            "<PRODUCT mode=\"new\"><SUPPLIER_PID>\(id)</SUPPLIER_PID><PRODUCT_DETAILS><DESCRIPTION_SHORT>Oil \(id)</DESCRIPTION_SHORT>"
                + "\(extra)</PRODUCT_DETAILS></PRODUCT>"
        }
        let nest = String(repeating: "<X><Y>", count: 100) + "deep" + String(repeating: "</Y></X>", count: 100)
        let feed = #"<?xml version="1.0"?><BMECAT version="2005" xmlns="http://www.bmecat.org/bmecat/2005fd"><HEADER/><T_NEW_CATALOG>"#
            + product("BIG", extra: "<USER_DEFINED_EXTENSIONS>" + String(repeating: nest, count: 150) + "</USER_DEFINED_EXTENSIONS>")
            + product("SMALL") + "</T_NEW_CATALOG></BMECAT>"
        var events: [FeedEvent] = []
        try importer.read(MemoryFeedSource(feed), context: FeedContext(documentName: "big.xml")) { events.append($0) }
        let rejected = events.compactMap { if case .rejected(let diagnostic) = $0 { diagnostic } else { nil } }
        let records = events.compactMap { if case .record(let record) = $0 { record.sku } else { nil } }
        #expect(rejected.map(\.code) == ["record-too-large"])
        #expect(rejected.first?.sku == "BIG")
        #expect(records == ["SMALL"])
    }
}
