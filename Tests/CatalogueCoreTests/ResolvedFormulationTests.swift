import CatalogueCore
import Foundation
import Testing

@Suite("A formulation's stored resolution")
struct ResolvedFormulationTests {
    @Test("the hand-written JSON decodes back to the same value, escapes included")
    func roundTrip() throws {
        let resolution = SampleTaxonomy.resolver.resolve(
            list: "Aqua, Jojoba Oil 70%, Lavandula Oil/Extract, \"Quoted\\Name\" Extract, Linalool*. May contain: Limonene"
        )
        let resolved = ResolvedFormulation(resolution)
        let decoded = try JSONDecoder().decode(ResolvedFormulation.self, from: Data(resolved.jsonText.utf8))
        #expect(decoded == resolved)
        let viaEncoder = try JSONDecoder().decode(ResolvedFormulation.self, from: try JSONEncoder().encode(resolved))
        #expect(viaEncoder == resolved)
        #expect(resolved.ingredientIDs == ["water", "jojoba-oil", "lavender-oil", "lavandin-oil"])
        #expect(resolved.allergenIDs == ["lavandula-oil-extract", "linalool", "limonene"])
        #expect(resolved.unresolved == ["\"Quoted\\Name\" Extract"])
        #expect(resolved.entries.last?.mayContain == true)
        #expect(resolved.entries[1].percent == 70)
    }

    @Test("properties come from the taxonomy, each with its ingredient")
    func properties() throws {
        let taxonomy = try SampleTaxonomy.make()
        let resolved = ResolvedFormulation(SampleTaxonomy.resolver.resolve(list: "Simmondsia Chinensis Seed Oil, Aqua"))
        #expect(resolved.properties(in: taxonomy) == [.init(property: "hydrating", ingredient: "jojoba-oil")])
    }
}
