import CatalogueCore

/// A small taxonomy built in code, so core tests do not depend on the reference files.
enum SampleTaxonomy {
    static let ingredients: [Ingredient] = [
        Ingredient(
            id: "jojoba-oil", name: "Jojoba oil", kind: .carrier, inci: "Simmondsia Chinensis Seed Oil",
            commonNames: ["Jojoba"], labelSpellings: ["Simmondsia Chinensis (Jojoba) Seed Oil"]
        ),
        Ingredient(
            id: "lavender-oil", name: "Lavender oil", kind: .essentialOil, inci: "Lavandula Angustifolia Oil",
            commonNames: ["Lavender"], euGroups: ["Lavandula Oil/Extract"], constituents: ["linalool"]
        ),
        Ingredient(
            id: "lavandin-oil", name: "Lavandin oil", kind: .essentialOil, inci: "Lavandula Hybrida Oil",
            euGroups: ["Lavandula Oil/Extract"]
        ),
        Ingredient(
            id: "water", name: "Water", kind: .base, inci: "Aqua", commonNames: ["Water", "Eau"]
        ),
        Ingredient(
            id: "parfum", name: "Fragrance", kind: .fragrance, inci: "Parfum", commonNames: ["Fragrance"]
        ),
        Ingredient(
            id: "tocopherol", name: "Vitamin E", kind: .base, inci: "Tocopherol", commonNames: ["Vitamin E"]
        ),
        Ingredient(
            id: "fractionated-coconut-oil", name: "Fractionated coconut oil", kind: .carrier,
            inci: "Caprylic/Capric Triglyceride"
        ),
        Ingredient(
            id: "coconut-oil", name: "Coconut oil", kind: .carrier, inci: "Cocos Nucifera Oil", commonNames: ["Coconut"]
        ),
    ]

    static let allergens: [FragranceAllergen] = [
        FragranceAllergen(id: "linalool", name: "Linalool", form: .substance, listing: .original26),
        FragranceAllergen(id: "limonene", name: "Limonene", synonyms: ["d-Limonene"], form: .substance, listing: .original26),
        FragranceAllergen(
            id: "lavandula-oil-extract", name: "Lavandula Oil/Extract", form: .naturalExtract, listing: .regulation2023_1545
        ),
    ]

    static let properties: [SkinProperty] = [
        SkinProperty(
            id: "hydrating", name: "Hydrating", synonyms: ["Emollient"], description: "Softens dry skin",
            ingredients: [.init(ingredient: "jojoba-oil", source: "seed 004")]
        )
    ]

    static func make(
        ingredients: [Ingredient] = ingredients, allergens: [FragranceAllergen] = allergens,
        properties: [SkinProperty] = properties, conditions: [ConditionProfile] = []
    ) throws(TaxonomyError) -> Taxonomy {
        try Taxonomy(
            ingredients: ingredients, allergens: allergens, foodAllergenClasses: [], crossReactivityGroups: [],
            properties: properties, conditions: conditions
        )
    }

    static let resolver: IngredientResolver = {
        do { return IngredientResolver(taxonomy: try make()) } catch { fatalError("\(error)") }
    }()
}
