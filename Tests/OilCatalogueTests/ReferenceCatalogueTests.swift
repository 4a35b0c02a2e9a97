import CatalogueCore
import Foundation
import OilCatalogue
import Testing

@Suite("The repository's reference catalogue")
struct ReferenceCatalogueTests {
    let taxonomy = RepositoryCatalogue.taxonomy

    @Test("holds at least 40 ingredients, every oil of FACTS.md §5 among them")
    func coverage() throws {
        #expect(taxonomy.ingredients.count >= 40)
        let required: [IngredientID] = [
            "jojoba-oil", "coconut-oil", "fractionated-coconut-oil", "sweet-almond-oil", "grapeseed-oil",
            "apricot-kernel-oil", "sunflower-seed-oil", "avocado-oil", "argan-oil", "rosehip-oil", "olive-oil",
            "sesame-oil", "macadamia-oil", "shea-butter", "calendula-extract", "arnica-extract", "lavender-oil",
            "german-chamomile-oil", "roman-chamomile-oil", "tea-tree-oil", "peppermint-oil", "eucalyptus-oil",
            "rosemary-oil", "frankincense-oil", "bergamot-oil", "lemon-oil", "sweet-orange-oil", "geranium-oil",
            "ylang-ylang-oil", "sandalwood-oil", "clary-sage-oil", "marjoram-oil", "ginger-oil", "rose-oil",
            "neroli-oil", "helichrysum-oil", "patchouli-oil", "atlas-cedarwood-oil", "lemongrass-oil", "water",
            "glycerin", "beeswax", "cetearyl-alcohol", "tocopherol", "parfum",
        ]
        for id in required { #expect(taxonomy.ingredient(id) != nil, "missing \(id)") }
    }

    @Test("the seeds' four properties come out right")
    func seedProperties() throws {
        let hydrating = Set(try #require(taxonomy.property(named: "hydrating")).ingredients.map(\.ingredient))
        #expect(hydrating.isSuperset(of: ["jojoba-oil", "coconut-oil"]))
        let antiInflammatory = Set(
            try #require(taxonomy.property(named: "anti-inflammatory")).ingredients.map(\.ingredient)
        )
        #expect(antiInflammatory.isSuperset(of: ["lavender-oil", "german-chamomile-oil", "roman-chamomile-oil"]))
        #expect(taxonomy.property(named: "Emollient")?.id == "hydrating")
    }

    @Test("Compositae grades: arnica and Roman chamomile strong, German weaker, sunflower not implicated")
    func compositaeGrades() throws {
        let group = try #require(taxonomy.crossReactivityGroup("compositae"))
        #expect(group.grade(of: "arnica-extract") == .strong)
        #expect(group.grade(of: "roman-chamomile-oil") == .strong)
        let german = try #require(group.grade(of: "german-chamomile-oil"))
        #expect(german < .strong)
        #expect(group.grade(of: "sunflower-seed-oil") == .notImplicated)
    }

    @Test("EU group names cover their members, and Annex III is present")
    func euGroups() throws {
        // Distinct INCI names of lavender and lavandin oils are distinct members of the same group.
        #expect(
            taxonomy.members(ofEUGroup: "lavandula-oil-extract").sorted()
                == ["lavandin-oil", "lavandula-angustifolia-flower-oil", "lavandula-intermedia-oil", "lavender-oil"]
        )
        #expect(
            Set(taxonomy.members(ofEUGroup: "citrus-aurantium-peel-oil"))
                == ["sweet-orange-oil", "bitter-orange-oil", "citrus-aurantium-dulcis-oil"]
        )
        #expect(taxonomy.allergens.filter { $0.listing == .original26 }.count == 26)
        #expect(taxonomy.allergen("linalool")?.oxidationProne == true)
    }

    @Test("flags: phototoxic caps, food-allergen classes, oxidation")
    func flags() throws {
        #expect(taxonomy.ingredient("bergamot-oil")?.phototoxicity?.maxDilutionPercent == 0.4)
        #expect(taxonomy.ingredient("sweet-almond-oil")?.foodAllergen == "tree-nut")
        #expect(taxonomy.ingredient("coconut-oil")?.foodAllergen == nil)
        #expect(taxonomy.ingredient("shea-butter")?.foodAllergen == nil)
        #expect(taxonomy.ingredient("sesame-oil")?.foodAllergen == "sesame")
        #expect(taxonomy.ingredient("tea-tree-oil")?.oxidationProne == true)
        #expect(taxonomy.ingredient("jojoba-oil")?.comedogenic?.source.isEmpty == false)
    }

    @Test("condition profiles: patch tests and eczema cautions")
    func conditions() throws {
        for id: ConditionID in ["psoriasis", "eczema", "scar-tissue", "sensitive-skin"] {
            #expect(taxonomy.condition(id) != nil)
        }
        #expect(taxonomy.condition("sensitive-skin")?.patchTestRequired == true)
        let eczema = try #require(taxonomy.condition(named: "atopic dermatitis"))
        let lavender = try #require(taxonomy.ingredient("lavender-oil"))
        let olive = try #require(taxonomy.ingredient("olive-oil"))
        let jojoba = try #require(taxonomy.ingredient("jojoba-oil"))
        #expect(eczema.cautions.contains { $0.applies(to: lavender) })
        #expect(eczema.cautions.contains { $0.applies(to: olive) })
        #expect(!eczema.cautions.contains { $0.applies(to: jojoba) })
    }
}
