import CatalogueCore
import Testing

/// Hostile label text in linear time. No timing is asserted: with the old quadratic code these inputs take many
/// minutes, which CI's time limit turns into a failure.
@Suite("Footnote markers at scale")
struct FootnoteMarkerScaleTests {
    @Test("an entry followed by two million markers is read in one pass, markers in order")
    func manyMarkers() throws {
        let markers = String(repeating: "*†", count: 1_000_000)
        let parsed = IngredientListParser.parse("Linalool" + markers)
        let entry = try #require(parsed.entries.first)
        #expect(parsed.entries.count == 1)
        #expect(entry.name == "Linalool")
        #expect(entry.markers == markers)
    }
}
