import CatalogueCore
import Testing

/// Issue 19, second round: what real labels print that is the same substance written another way, and what only
/// looks like it.
@Suite("Real-label spellings that name the same substance")
struct LabelRespellingTests {
    let taxonomy = RepositoryCatalogue.taxonomy
    var resolver: IngredientResolver { IngredientResolver(taxonomy: taxonomy) }

    func id(_ inci: String) throws -> IngredientID {
        try #require(taxonomy.ingredient(named: inci), "\(inci) is in the inventory").id
    }

    func matches(_ name: String) -> [IngredientID]? {
        resolver.resolve(name: name).map { $0.matches.flatMap(\.ingredientIDs) }
    }

    @Test("look-alike letters, lost ligatures, chain ranges, slash order: the same name")
    func respellings() throws {
        let cases: [(String, String)] = [
            ("Caprylyl GIycoI", "CAPRYLYL GLYCOL"),
            ("Sclerocarya Birrea Seed OiI", "SCLEROCARYA BIRREA SEED OIL"),
            ("AcryIates Copolymer", "ACRYLATES COPOLYMER"),
            ("3-0-Ethyl Ascorbic Acid (Vitamin C)", "3-O-ETHYL ASCORBIC ACID"),
            ("Zingiber Of cinale (Ginger) Root Extract", "ZINGIBER OFFICINALE ROOT EXTRACT"),
            ("C14-C22 Alcohols", "C14-22 ALCOHOLS"),
            ("Aleurites Moluccana Seed Oil", "ALEURITES MOLUCCANUS SEED OIL"),
            ("Matricaria Recutita (Matricaria) Flower Extract", "CHAMOMILLA RECUTITA FLOWER EXTRACT"),
            ("Moringa Pterygosperma Seed Oil", "MORINGA OLEIFERA SEED OIL"),
            ("DL-Alpha TocopherylAcetate", "TOCOPHERYL ACETATE"),
        ]
        for (printed, inci) in cases {
            #expect(matches(printed) == [try id(inci)], "\(printed)")
        }
        #expect(matches("Capric/Caprylic Triglyceride") == matches("Caprylic/Capric Triglyceride"))
    }

    @Test("a typo is never corrected by similarity: it stays unresolved")
    func typosStayUnresolved() {
        for printed in ["Citrus Sinesis (Sweet Orange) Oil", "Methylparabem", "Sapindus Mukurossi Peel Extract", "Vitis Vinifera (Grape) Sead Oil"] {
            #expect(resolver.resolve(name: printed) == nil, "\(printed)")
        }
        // Two real substances one letter apart keep their own identities.
        #expect(matches("Ethylparaben") != matches("Methylparaben"))
    }

    @Test("US colour names: certified colours with their prefixes and lakes, and iron oxides as all three")
    func usColours() throws {
        #expect(matches("Iron Oxides") == [try id("CI 77491"), try id("CI 77492"), try id("CI 77499")])
        #expect(matches("FD&C Yellow No. 5 Aluminum Lake") == [try id("CI 19140")])
        #expect(matches("D&C Red No. 7 Calcium Lake") == [try id("CI 15850")])
        #expect(matches("Ext. D&C Violet No. 2") == [try id("CI 60730")])
        #expect(matches("Chromium Oxide Greens") == [try id("CI 77288")])
        // "No." abbreviates a number: the list does not split there.
        let list = resolver.resolve(list: "Mica, FD&C Yellow No. 6/CI 15985, Fd&C Yellow No. 5/CI 19140.")
        #expect(list.isFullyResolved)
        #expect(list.entries.count == 3)
    }

    @Test("a word printed two ways names both ingredients; a gloss naming another plant leaves the entry unresolved")
    func alternatives() throws {
        #expect(
            matches("Acacia Decurrens Flower Cera/Wax")
                == [try id("ACACIA DECURRENS FLOWER CERA"), try id("ACACIA DECURRENS FLOWER WAX")]
        )
        #expect(matches("Mineral Oil/Paraffinum Liquidum/Huile Minerale") == [try id("PARAFFINUM LIQUIDUM")])
        #expect(matches("Glycine Soja Oil / Soybean Oil") == [try id("GLYCINE SOJA OIL")])
        // Two plants sharing a part ("A/B Seed Oil"), a misspelt Latin name or another ingredient's English name
        // after the slash: never one oil.
        for printed in [
            "Helianthus Annuus/Arachis Hypogea Seed Oil", "Helianthus Annuus Seed Oil/Arachis Hypogea Oil",
            "Helianthus Annuus Seed Oil/Peanut Seed Oil", "Citrus Aurantium Dulcis Peel Oil/Bergamot Peel Oil",
            "Rosa Damascena/Jasmine Flower Oil", "Spinacia Oleracea/Spinach Leaf Extract",
        ] {
            #expect(resolver.resolve(name: printed) == nil, "\(printed)")
        }
        // Order means something in polymer names: each stays itself.
        #expect(matches("PEG-10/PPG-10 Methicone") == [try id("PEG-10/PPG-10 METHICONE")])
        #expect(matches("PPG-10/PEG-10 Methicone") == [try id("PPG-10/PEG-10 METHICONE")])
        // Many alternatives are a list, not translations: refused at once, however long.
        let long = Array(repeating: "Abc Def", count: 3000).joined(separator: "/") + " Leaf Oil"
        #expect(resolver.resolve(name: long) == nil)
    }

    @Test("names printed without their comma split only into whole names")
    func runTogether() throws {
        #expect(matches("Chlorphenesin Glycerin") == [try id("CHLORPHENESIN"), "glycerin"])
        #expect(matches("Disodium Stearoyl Glutamate Trisiloxane") == [try id("DISODIUM STEAROYL GLUTAMATE"), try id("TRISILOXANE")])
        // Without the space too: a capital after a lower-case letter starts the next name.
        #expect(matches("GlycolipidsCocos Nucifera (Coconut) Fruit Extract") == [try id("GLYCOLIPIDS"), try id("COCOS NUCIFERA FRUIT EXTRACT")])
        #expect(resolver.resolve(name: "MiracleBroth™ Glycerin") == nil)
        #expect(resolver.resolve(list: "Aqua, CitralLimonene").allergenIDs == ["citral", "limonene"])
        // Only at the glue, and each piece a whole name: a qualifier glued to a name is a trade name, not the name.
        for printed in ["BioRetinol Squalane", "NaturalSilk Glycerin", "PureSilk Glycerin", "NanoSilver Glycerin", "BioCollagen Glycerin"] {
            #expect(resolver.resolve(name: printed) == nil, "\(printed)")
        }
        let trade = resolver.resolve(list: "Helianthus Annuus Seed Oil, BioRetinol, Squalane")
        #expect(trade.unresolvedNames == ["BioRetinol"])
        #expect(trade.entries.count == 3)
        let andList = resolver.resolve(list: "Aqua, Geraniol and Fragrance/Parfum*")
        #expect(andList.isFullyResolved)
        #expect(andList.allergenIDs == ["geraniol"])
        // Rice water is one substance, not a plant and water; "Shea Butter" in brackets is not a name of its own;
        // a short word is never a name on its own.
        #expect(resolver.resolve(name: "Oryza Sativa (Rice) Water (Aqua, Eau)") == nil)
        #expect(resolver.resolve(name: "Butyrospermum Parkii (Shea Butter) Extract") == nil)
        #expect(resolver.resolve(name: "Iron Titanium Dioxide") == nil)
        // Common names are never parts: lemon tea tree is one oil (Leptospermum petersonii).
        for printed in ["Lemon Tea Tree Oil", "Lemon Eucalyptus Oil", "Peppermint Geranium Oil"] {
            #expect(resolver.resolve(name: printed) == nil, "\(printed)")
        }
    }

    @Test("batch codes, sentences, kit steps and percent words are not names, and nothing else is dropped")
    func parsing() {
        let coded = resolver.resolve(list: "Aqua, Glycerin, Phenoxyethanol. 2209")
        #expect(coded.entries.map(\.label.name) == ["Aqua", "Glycerin", "Phenoxyethanol"])
        #expect(coded.footnotes == ["2209"])
        let fil = resolver.resolve(list: "Aqua, Citronellol, Parfum/Fragrance, (F.I.L. B260371/2).")
        #expect(fil.isFullyResolved)
        #expect(fil.entries.count == 3)
        #expect(resolver.resolve(list: "Aqua, Phenoxyethanol. MOLBVD01.").entries.count == 2)
        // A lone letter may be a vitamin, a short code may be a name: they stay entries (unresolved or resolved).
        #expect(resolver.resolve(list: "Aqua, Linalool. B").entries.count == 3)
        #expect(resolver.resolve(list: "Aqua, Vitamin C. E").entries.count == 3)
        #expect(resolver.resolve(list: "Aqua, Vitamins A, C, E").entries.count == 4)
        for list in ["Glycerin, Mica, CI75470", "Glycerin, Mica. E120", "Glycerin, Mica. COQ10", "Glycerin, Mica, 2209"] {
            #expect(resolver.resolve(list: list).entries.count == 3, "\(list)")
        }
        // Names in lower case after a sentence are names; INCI words are never claim words.
        let lower = resolver.resolve(
            list: "A gentle balm that soothes dry skin. sweet almond oil, arachis hypogaea oil, beeswax"
        )
        #expect(lower.isFullyResolved)
        #expect(lower.entries.count == 3)
        let surfactants = resolver.resolve(list: "aqua, sodium lauryl sulfate, cocamidopropyl betaine, hydrolyzed collagen")
        #expect(surfactants.isFullyResolved)
        #expect(surfactants.entries.count == 4)
        // A sentence runs on across commas; the list after it is read.
        let prose = resolver.resolve(
            list: "-Palmitoyl Tripeptide-38: Locks in lasting hydration, relieves dryness, and helps prevent the look "
                + "of thinning. Hydrogenated Polyisobutene, Glycerin"
        )
        #expect(prose.isFullyResolved)
        #expect(prose.entries.count == 2)
        let kit = resolver.resolve(list: "Glycerin, Potassium Sorbate (* - exfoliant) Step 2: Water/Aqua/Eau, Sodium Bicarbonate")
        #expect(kit.isFullyResolved)
        #expect(kit.entries.count == 4)
        #expect(kit.footnotes.contains("Step 2:"))
        let oatmeal = resolver.resolve(list: "Colloidal Oatmeal 0.5 Percent, Aqua")
        #expect(oatmeal.isFullyResolved)
        #expect(oatmeal.entries.first?.label.percent == 0.5)
    }

    @Test("the import's path gives what the resolver gives, with a memo shared across lists")
    func importPathAgrees() {
        let lists = [
            "relieves dryness, Glycerin",
            "-Avocado Oil: Known to improve the look of skin; rich in antioxidants. Aqua, relieves dryness",
            "Aqua, Glycerin, Phenoxyethanol. 2209",
            "Caprylyl GIycoI, Iron Oxides, Chlorphenesin Glycerin, Acacia Decurrens Flower Cera/Wax",
            "Glycerin, Potassium Sorbate (* - exfoliant) Step 2: Water/Aqua/Eau, Sodium Bicarbonate",
            "Aqua, Linalool. B",
            "relieves dryness, Glycerin",
        ]
        var memo = NameMemo()
        for list in lists {
            #expect(resolver.resolveFormulation(list: list, memo: &memo) == ResolvedFormulation(resolver.resolve(list: list)), "\(list)")
        }
    }
}
