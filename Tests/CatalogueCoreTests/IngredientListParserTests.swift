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
        let parsed = IngredientListParser.parse("Jojoba Oil 99.5%. Store in a cool place")
        #expect(parsed.entries.map(\.name) == ["Jojoba Oil"])
        // The sentence is kept, as a note: it is not a name.
        #expect(parsed.footnotes == ["Store in a cool place"])
    }

    @Test("footnote marks and brackets glued to names; full-stop runs")
    func gluedPunctuation() {
        #expect(names("Linalool, Farnesol**, Citral**") == ["Linalool", "Farnesol", "Citral"])
        #expect(names("Geraniol, Coumarin.*Plant Origin") == ["Geraniol", "Coumarin"])
        #expect(names("Citral <18907>, Linalool") == ["Citral <18907>", "Linalool"])
        #expect(
            names("Aqua, (*Hexyl Cinnamal. Limonene. Linalool. Coumarin. Citronellol].")
                == ["Aqua", "Hexyl Cinnamal", "Limonene", "Linalool", "Coumarin", "Citronellol"]
        )
        #expect(names("Limonene. Linalool. Geraniol") == ["Limonene", "Linalool", "Geraniol"])
        #expect(names("Neral* *Naturally present in essential oils") == ["Neral"])
        #expect(names("Glycerin, 1, 2-Hexanediol") == ["Glycerin", "1, 2-Hexanediol"])
    }

    @Test("an '(and)' trade mixture is one entry per part, each keeping its printed text")
    func tradeMixture() {
        let parsed = IngredientListParser.parse("Aqua, Glycerin (and) Rosmarinus Officinalis Leaf Extract, Tocopherol")
        #expect(parsed.entries.map(\.name) == ["Aqua", "Glycerin", "Rosmarinus Officinalis Leaf Extract", "Tocopherol"])
        #expect(parsed.entries[1].text == "Glycerin")
    }

    @Test("a kit yields every list; headings and marketing lines are notes, not names")
    func kitsAndMarketing() {
        let parsed = IngredientListParser.parse(
            "Hyaluronic Acid: draws in hydration and replenishes skin. Product variation 1: Aqua, Glycerin. "
                + "May contain: CI 77891. Product variation 2: Squalane, Tocopherol. "
                + "Please refer to the product packaging for the most up to date list of ingredients"
        )
        #expect(parsed.entries.map(\.name) == ["Aqua", "Glycerin", "CI 77891", "Squalane", "Tocopherol"])
        // The second list starts afresh: its names are not "may contain".
        #expect(parsed.entries.map(\.mayContain) == [false, false, true, false, false])
        #expect(parsed.footnotes.contains("Product variation 2:"))
        #expect(parsed.footnotes.count == 4)
        #expect(names("Active Ingredient: Zinc Oxide Inactive Ingredients: Water, Glycerin") == ["Zinc Oxide", "Water", "Glycerin"])
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
