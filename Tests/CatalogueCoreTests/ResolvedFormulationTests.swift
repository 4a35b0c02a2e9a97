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

@Suite("The import's memoised resolution")
struct MemoisedResolutionTests {
    static let labels = [
        "Aqua, Simmondsia Chinensis (Jojoba) Seed Oil, Lavandula Angustifolia Oil, Linalool*, Limonene*, Parfum, Unobtainium Extract",
        "Ingredients: Jojoba Oil 70%, Lavender Oil (2 %), 0,5% Tocopherol. *organic",
        "Aqua, Glycerin. May contain: Limonene, Linalool",
        "Aqua, [+/- CI 77491, CI 77492], Linalool",
        "Jojoba (Simmondsia, Lavender Oil, Aqua",
        "INCI: Aqua; Glycerin\nParfum/Fragrance • Tocopherol.",
        "Linalool*, Limonene**. *naturally occurring in essential oils",
        // The same segments met in other states: after a sentence, under "may contain", after a footnote.
        "Locks in lasting hydration, relieves dryness, and helps skin. Aqua, Glycerin",
        "Aqua. Helps the skin feel soft. relieves dryness, Glycerin, relieves dryness",
        "Avocado Oil: known to improve the look of skin, Aqua, Linalool*",
        "Linalool, Aqua. May contain: Linalool, Aqua, *naturally occurring in essential oils, Aqua",
        "*naturally occurring in essential oils, Linalool*, Aqua",
        "Glycerin, [May contain: Aqua, Linalool], Aqua, Linalool",
        // A stray comma: two entries joined into one after the segments were read.
        "Aqua, Hexylene, Glycol, \"Quoted\\Name\" Extract, Jojoba Oil 70%",
        "",
    ]

    @Test("gives exactly what the plain resolver gives, list after list, with one memo")
    func sameAsPlain() {
        let resolver = SampleTaxonomy.resolver
        var memo = NameMemo()
        for _ in 0..<3 {
            for label in Self.labels {
                let memoised = resolver.resolveFormulation(list: label, memo: &memo)
                #expect(memoised == ResolvedFormulation(resolver.resolve(list: label)), "\(label)")
                // Its stored form, put together from the segments', is the one written entry by entry.
                #expect(memoised.jsonText == ResolvedFormulation(entries: memoised.entries).jsonText, "\(label)")
            }
        }
    }

    @Test("a changed entry drops the stored form that came with the list")
    func changedEntriesWriteAgain() throws {
        var memo = NameMemo()
        var resolved = SampleTaxonomy.resolver.resolveFormulation(list: "Aqua, Linalool*", memo: &memo)
        resolved.entries[0].name = "Water"
        #expect(resolved.jsonText == ResolvedFormulation(entries: resolved.entries).jsonText)
        #expect(resolved.jsonText.contains("\"Water\""))
        let decoded = try JSONDecoder().decode(ResolvedFormulation.self, from: Data(resolved.jsonText.utf8))
        #expect(decoded == resolved)
    }

    @Test("every match source is stored as one letter and reads back; rows stored with the source spelled out still read")
    func storedSources() throws {
        let sources: [MatchSource] = [
            .inci, .labelSpelling, .commonName, .euGroupName, .allergenName, .allergenSynonym, .alternatives, .runTogether, .gluedNames,
        ]
        let resolved = ResolvedFormulation(
            entries: sources.map { ResolvedFormulation.Entry(name: "Aqua", kind: .ingredient, targets: ["water"], source: $0) }
        )
        let text = resolved.jsonText
        #expect(!text.contains("\"INCI name\""))
        #expect(try JSONDecoder().decode(ResolvedFormulation.self, from: Data(text.utf8)) == resolved)
        #expect(try JSONDecoder().decode(ResolvedFormulation.self, from: try JSONEncoder().encode(resolved)) == resolved)

        let older = #"{"e":[["Aqua","i",["water"],"INCI name"],["Linalool","a",["linalool"],"EU allergen name",null,true]]}"#
        let decoded = try JSONDecoder().decode(ResolvedFormulation.self, from: Data(older.utf8))
        #expect(decoded.entries.map(\.source) == [.inci, .allergenName])
        #expect(decoded.entries.map(\.mayContain) == [false, true])

        let unknown = #"{"e":[["Aqua","i",["water"],"q"]]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ResolvedFormulation.self, from: Data(unknown.utf8)) }
    }
}
