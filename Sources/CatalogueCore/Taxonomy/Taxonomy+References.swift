extension Taxonomy {
    /// Checks every cross-reference and range in the reference data.
    static func checkReferences(
        ingredients: [Ingredient], allergens: [AllergenID: FragranceAllergen], groupNames: [String: AllergenID],
        foodClasses: [FoodAllergenClassID: FoodAllergenClass], groups: [CrossReactivityGroup],
        properties: [SkinProperty], conditions: [ConditionProfile], ingredientIDs: [IngredientID: Ingredient],
        propertyIDs: [PropertyID: SkinProperty]
    ) throws(TaxonomyError) {
        for ingredient in ingredients {
            func fail(_ field: String, _ problem: String) -> TaxonomyError {
                TaxonomyError(section: .ingredients, entry: ingredient.id.rawValue, field: field, problem: problem)
            }
            if ingredient.name.isBlank { throw fail("name", "the name is empty") }
            if ingredient.inci.isBlank { throw fail("inci", "the INCI name is empty") }
            for constituent in ingredient.constituents {
                guard let allergen = allergens[constituent] else {
                    throw fail("constituents", "'\(constituent)' is not an allergen id in allergens")
                }
                if allergen.form != .substance {
                    throw fail("constituents", "'\(constituent)' is a natural-extract group; list it under euGroups")
                }
            }
            for group in ingredient.euGroups where groupNames[LabelText.key(group)] == nil {
                throw fail("euGroups", "'\(group)' is not the name of a natural-extract entry in allergens")
            }
            if let food = ingredient.foodAllergen, foodClasses[food] == nil {
                throw fail("foodAllergen", "'\(food)' is not a food-allergen class id")
            }
            if let cap = ingredient.phototoxicity?.maxDilutionPercent, !(cap > 0 && cap <= 100) {
                throw fail("phototoxicity.maxDilutionPercent", "\(cap) is not a percentage above 0 and up to 100")
            }
            if let rating = ingredient.comedogenic?.rating, !(0...5).contains(rating) {
                throw fail("comedogenic.rating", "\(rating) is outside the 0–5 scale")
            }
            if let months = ingredient.shelfLifeMonthsAfterOpening, months <= 0 {
                throw fail("shelfLifeMonthsAfterOpening", "\(months) must be a positive number of months")
            }
        }
        for group in groups {
            var seen = Set<IngredientID>()
            for member in group.members {
                let entry = group.id.rawValue
                guard ingredientIDs[member.ingredient] != nil else {
                    throw TaxonomyError(
                        section: .crossReactivity, entry: entry, field: "members",
                        problem: "'\(member.ingredient)' is not an ingredient id"
                    )
                }
                guard seen.insert(member.ingredient).inserted else {
                    throw TaxonomyError(
                        section: .crossReactivity, entry: entry, field: "members",
                        problem: "'\(member.ingredient)' is listed twice"
                    )
                }
            }
        }
        for property in properties {
            for evidence in property.ingredients where ingredientIDs[evidence.ingredient] == nil {
                throw TaxonomyError(
                    section: .properties, entry: property.id.rawValue, field: "ingredients",
                    problem: "'\(evidence.ingredient)' is not an ingredient id"
                )
            }
        }
        for condition in conditions {
            for property in condition.preferredProperties where propertyIDs[property] == nil {
                throw TaxonomyError(
                    section: .conditions, entry: condition.id.rawValue, field: "preferredProperties",
                    problem: "'\(property)' is not a property id"
                )
            }
            for caution in condition.cautions {
                for ingredient in caution.ingredients where ingredientIDs[ingredient] == nil {
                    throw TaxonomyError(
                        section: .conditions, entry: condition.id.rawValue, field: "cautions.\(caution.id)",
                        problem: "'\(ingredient)' is not an ingredient id"
                    )
                }
            }
        }
    }
}

extension String {
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
