import CatalogueCore
import Testing

@Suite("Splitting ingredient lists as suppliers write them")
struct IngredientListParserTests {
    func names(_ text: String) -> [String] { IngredientListParser.parse(text).entries.map(\.name) }

    @Test("commas inside parentheses do not split; a leading 'Ingredients:' is not a name")
    func parenthesesAndHeading() {
        #expect(
            names("Ingredients: Simmondsia Chinensis (Jojoba, golden) Seed Oil, Tocopherol")
                == ["Simmondsia Chinensis (Jojoba, golden) Seed Oil", "Tocopherol"]
        )
        #expect(names("INCI: Aqua; Glycerin") == ["Aqua", "Glycerin"])
    }

    @Test("asterisk markers are kept apart from names, and footnotes are not names")
    func footnotes() {
        let parsed = IngredientListParser.parse("Linalool*, Limonene**. *naturally occurring in essential oils")
        #expect(parsed.entries.map(\.name) == ["Linalool", "Limonene"])
        #expect(parsed.entries.map(\.markers) == ["*", "**"])
        #expect(parsed.footnotes == ["*naturally occurring in essential oils"])
    }

    @Test("percentages are read and removed from the name")
    func percentages() {
        let entries = IngredientListParser.parse("Jojoba Oil 70%, Lavender Oil (2 %), 0,5% Tocopherol").entries
        #expect(entries.map(\.name) == ["Jojoba Oil", "Lavender Oil", "Tocopherol"])
        #expect(entries.map(\.percent) == [70, 2, 0.5])
        #expect(names("1,2-Hexanediol, Aqua") == ["1,2-Hexanediol", "Aqua"])
    }

    @Test("'May contain' and '[+/- …]' mark the entries that follow")
    func mayContain() {
        let entries = IngredientListParser.parse("Aqua, Glycerin. May contain: Limonene, Linalool").entries
        #expect(entries.map(\.mayContain) == [false, false, true, true])
        #expect(entries.map(\.name) == ["Aqua", "Glycerin", "Limonene", "Linalool"])
        let bracketed = IngredientListParser.parse("Aqua, [+/- CI 77491, CI 77492]").entries
        #expect(bracketed.map(\.name) == ["Aqua", "CI 77491", "CI 77492"])
        #expect(bracketed.map(\.mayContain) == [false, true, true])
    }

    @Test("no-break spaces, line breaks, bullets and a trailing full stop")
    func whitespaceAndPunctuation() {
        #expect(names("Aqua\u{00A0}(Water),\nGlycerin • Tocopherol.") == ["Aqua (Water)", "Glycerin", "Tocopherol"])
    }

    @Test("a decimal point does not end a sentence, a full stop does")
    func fullStops() {
        #expect(names("Jojoba Oil 99.5%. Store in a cool place") == ["Jojoba Oil", "Store in a cool place"])
    }

    @Test("an unbalanced parenthesis cannot swallow the rest of the list")
    func unbalanced() {
        #expect(names("Jojoba (Simmondsia, Lavender Oil, Aqua") == ["Jojoba (Simmondsia", "Lavender Oil", "Aqua"])
    }

    @Test("empty and punctuation-only input gives no entries")
    func empty() {
        #expect(names("") == [])
        #expect(names(" , ; . ") == [])
    }
}
