extension Taxonomy {
    /// The history item with this id.
    public func historyItem(_ id: HistoryItemID) -> MedicalHistoryItem? {
        historyItems.first { $0.id == id }
    }

    /// The history item a person named, by id, name or synonym, ignoring case and punctuation.
    public func historyItem(named text: String) -> MedicalHistoryItem? {
        let key = LabelText.key(text)
        guard !key.isEmpty else { return nil }
        return historyItems.first { item in
            ([item.id.rawValue, item.name] + item.synonyms).contains { LabelText.key($0) == key }
        }
    }

    /// The treatment notes of the client's current history items, each with the item it comes from, in the order
    /// the items were recorded. For the therapist only.
    public func treatmentNotes(for client: ClientProfile) -> [(item: MedicalHistoryItem, note: TreatmentNote)] {
        var seen = Set<HistoryItemID>()
        var notes: [(item: MedicalHistoryItem, note: TreatmentNote)] = []
        for entry in client.medicalHistory where entry.status == .current && seen.insert(entry.item).inserted {
            guard let item = historyItem(entry.item) else { continue }
            for note in item.treatmentNotes { notes.append((item, note)) }
        }
        return notes
    }

    /// Checks the history items against the rest of the reference data.
    static func checkHistoryItems(
        _ items: [MedicalHistoryItem], ingredientIDs: [IngredientID: Ingredient],
        allergens: [AllergenID: FragranceAllergen], conditions: [ConditionID: ConditionProfile],
        inventory: IngredientInventory
    ) throws(TaxonomyError) {
        var ids = Set<HistoryItemID>()
        for (offset, item) in items.enumerated() {
            func fail(_ field: String, _ problem: String) -> TaxonomyError {
                TaxonomyError(section: .medicalHistory, entry: item.id.rawValue, field: field, problem: problem)
            }
            guard LabelText.isValidID(item.id.rawValue) else {
                throw TaxonomyError(
                    section: .medicalHistory, entry: "#\(offset + 1)", field: "id",
                    problem: "'\(item.id)' is not a valid id: use lower-case letters, digits and hyphens"
                )
            }
            guard ids.insert(item.id).inserted else { throw fail("id", "the id is used twice; give each entry its own id") }
            if item.name.isBlank { throw fail("name", "the name is empty") }
            if let condition = item.condition, conditions[condition] == nil {
                throw fail("condition", "'\(condition)' is not a condition id in conditions")
            }
            var ruleIDs = Set<String>()
            for rule in item.productRules {
                let field = "productRules.\(rule.id)"
                guard ruleIDs.insert(rule.id).inserted else { throw fail(field, "the rule id is used twice") }
                if rule.text.isBlank { throw fail(field + ".text", "the text is empty") }
                if rule.source.isBlank { throw fail(field + ".source", "every rule needs its source") }
                if rule.ingredients.isEmpty && rule.declaredAllergens.isEmpty && rule.kinds.isEmpty {
                    throw fail(field, "the rule names no ingredient, declared allergen or kind")
                }
                switch (rule.effect, rule.maxPercent) {
                case (.cap, nil): throw fail(field + ".maxPercent", "a cap needs maxPercent")
                case (.cap, let cap?) where !(cap > 0 && cap <= 100):
                    throw fail(field + ".maxPercent", "\(cap) is not a percentage above 0 and up to 100")
                case (.block, _?), (.caution, _?): throw fail(field + ".maxPercent", "only a cap takes maxPercent")
                default: break
                }
                if rule.effect != .cap && !rule.kinds.isEmpty {
                    throw fail(field + ".kinds", "only a cap applies by kind; name the ingredients of a block or caution")
                }
                for ingredient in rule.ingredients where ingredientIDs[ingredient] == nil {
                    // Inventory ids are checked when the inventory is there (a test's catalogue may have none; a
                    // product can then not name the ingredient either).
                    if inventory.count > 0, inventory.row(for: ingredient) == nil {
                        throw fail(field + ".ingredients", "'\(ingredient)' is neither a curated nor an inventory ingredient id")
                    }
                }
                for allergen in rule.declaredAllergens where allergens[allergen] == nil {
                    throw fail(field + ".declaredAllergens", "'\(allergen)' is not an allergen id in allergens")
                }
            }
            var noteIDs = Set<String>()
            for note in item.treatmentNotes {
                guard noteIDs.insert(note.id).inserted else { throw fail("treatmentNotes.\(note.id)", "the note id is used twice") }
                if note.text.isBlank || note.source.isBlank {
                    throw fail("treatmentNotes.\(note.id)", "a note needs its text and its source")
                }
            }
        }
    }
}
