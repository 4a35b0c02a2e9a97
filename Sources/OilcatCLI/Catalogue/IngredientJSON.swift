import CatalogueCore

/// `oilcat catalogue show <ingredient> --json`.
struct IngredientDetailJSON: Encodable {
    struct Named: Encodable {
        var id: String
        var name: String
    }
    struct PropertyJSON: Encodable {
        var id: String
        var name: String
        var source: String
    }
    struct CrossReactivityJSON: Encodable {
        var group: String
        var name: String
        var grade: String
        var evidence: String
    }
    struct CautionJSON: Encodable {
        var condition: String
        var caution: String
        var text: String
        var source: String
    }

    var id: String
    var name: String
    var kind: String
    var inci: String
    var commonNames: [String]
    var labelSpellings: [String]
    var euGroups: [Named]
    var botanicalName: String?
    var family: String?
    var constituents: [Named]
    var otherConstituents: [String]
    var oxidationProne: Bool
    var shelfLifeMonthsAfterOpening: Int?
    var phototoxicity: Phototoxicity?
    var foodAllergen: Named?
    var comedogenic: ComedogenicRating?
    var properties: [PropertyJSON]
    var crossReactivity: [CrossReactivityJSON]
    var conditionCautions: [CautionJSON]
    var notes: String?
    var sources: [String]
    /// `curated` (facts beyond the inventory) or `inventory` (known by its EU CosIng entry).
    var tier: String
    /// From EU CosIng, when the INCI name is in its inventory.
    var cas: String?
    var ec: String?
    var functions: [String]
    /// A plant oil, extract or absolute listed as perfuming, whose constituents the reference data does not give.
    var naturalComplexSubstance: Bool

    init(_ ingredient: Ingredient, taxonomy: Taxonomy) {
        let inventory = taxonomy.inventoryEntry(of: ingredient.id)
        tier = taxonomy.curatedIngredient(ingredient.id) != nil ? "curated" : "inventory"
        cas = inventory.flatMap { $0.cas.isEmpty ? nil : $0.cas }
        ec = inventory.flatMap { $0.ec.isEmpty ? nil : $0.ec }
        functions = inventory?.functions ?? []
        naturalComplexSubstance = tier == "inventory" && inventory?.isNaturalComplex == true
        id = ingredient.id.rawValue
        name = ingredient.name
        kind = ingredient.kind.rawValue
        inci = ingredient.inci
        commonNames = ingredient.commonNames
        labelSpellings = ingredient.labelSpellings
        euGroups = taxonomy.allergens.filter { taxonomy.members(ofEUGroup: $0.id).contains(ingredient.id) }
            .map { Named(id: $0.id.rawValue, name: $0.name) }
        botanicalName = ingredient.botanicalName
        family = ingredient.family
        constituents = ingredient.constituents.map {
            Named(id: $0.rawValue, name: taxonomy.allergen($0)?.name ?? $0.rawValue)
        }
        otherConstituents = ingredient.otherConstituents
        oxidationProne = ingredient.oxidationProne
        shelfLifeMonthsAfterOpening = ingredient.shelfLifeMonthsAfterOpening
        phototoxicity = ingredient.phototoxicity
        foodAllergen = ingredient.foodAllergen.map {
            Named(id: $0.rawValue, name: taxonomy.foodAllergenClass($0)?.name ?? $0.rawValue)
        }
        comedogenic = ingredient.comedogenic
        properties = taxonomy.properties(of: ingredient.id).map {
            PropertyJSON(id: $0.property.rawValue, name: taxonomy.property($0.property)?.name ?? "", source: $0.source)
        }
        crossReactivity = taxonomy.crossReactivityGroups.compactMap { group in
            group.members.first { $0.ingredient == ingredient.id }.map {
                CrossReactivityJSON(
                    group: group.id.rawValue, name: group.name, grade: $0.grade.rawValue, evidence: $0.evidence
                )
            }
        }
        conditionCautions = taxonomy.conditions.flatMap { condition in
            condition.cautions.filter { $0.applies(to: ingredient) }.map {
                CautionJSON(condition: condition.id.rawValue, caution: $0.id, text: $0.text, source: $0.source)
            }
        }
        notes = ingredient.notes
        sources = ingredient.sources
    }
}
