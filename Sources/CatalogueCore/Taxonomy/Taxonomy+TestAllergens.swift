extension Taxonomy {
    /// Checks the test allergens: every name belongs to one entry and is not a cross-reactivity group's or
    /// food-allergen class's, and every label name resolves. The loader calls it when it reads the YAML files; a
    /// taxonomy read back from its cache was checked when the cache was written, so every command's start skips it.
    /// - Throws: ``TaxonomyError`` (section `testAllergens`) naming the entry and field.
    public func checkTestAllergens() throws(TaxonomyError) {
        let taken = Set(
            (crossReactivityGroups.flatMap { [$0.id.rawValue, $0.name] + $0.synonyms }
                + foodAllergenClasses.flatMap { [$0.id.rawValue, $0.name] + $0.synonyms }).map { LabelText.key($0) }
        )
        var names: [String: TestAllergenID] = [:]
        for allergen in testAllergens {
            func fail(_ field: String, _ problem: String) -> TaxonomyError {
                TaxonomyError(section: .testAllergens, entry: allergen.id.rawValue, field: field, problem: problem)
            }
            if allergen.name.isBlank { throw fail("name", "the name is empty") }
            for name in [allergen.id.rawValue] + allergen.allNames {
                let key = LabelText.key(name)
                guard !key.isEmpty else { throw fail("synonyms", "a name is empty") }
                if taken.contains(key) {
                    throw fail("synonyms", "'\(name)' is already a cross-reactivity group's or food-allergen class's name; remove it here")
                }
                if let other = names[key], other != allergen.id {
                    throw fail("synonyms", "'\(name)' is also a name of test allergen '\(other)'; give each name to one entry")
                }
                names[key] = allergen.id
            }
            for (field, labelNames) in [("avoid", allergen.avoid), ("caution", allergen.caution)] {
                for name in labelNames where target(ofLabelName: name) == nil {
                    throw fail(
                        field,
                        "'\(name)' is not an INCI name of the inventory, a curated ingredient or an EU allergen; "
                            + "correct the spelling (EU CosIng) or remove it"
                    )
                }
            }
        }
    }

    /// What a label name of a test allergen stands for.
    func target(ofLabelName name: String) -> TestAllergenTarget? {
        switch lookUpName(LabelText.key(name))?.target {
        case .ingredient(let id)?: .ingredient(id)
        case .allergen(let id)?, .euGroup(let id, _)?: .allergen(id)
        case nil: nil
        }
    }

    /// The JSON a cache keeps of checked test allergens: what `testAllergenSource` gives back to
    /// ``init(ingredients:allergens:foodAllergenClasses:crossReactivityGroups:properties:conditions:inventory:historyItems:testAllergens:testAllergenSource:)``.
    public static func encodeTestAllergens(_ allergens: [TestAllergen]) -> [UInt8]? { TestAllergenTable.encode(allergens) }

    /// The test allergen with this id.
    public func testAllergen(_ id: TestAllergenID) -> TestAllergen? { testAllergensByID[id] }

    /// The test allergen a report names, by id, name or synonym (case, spacing and punctuation ignored).
    public func testAllergen(named text: String) -> TestAllergen? {
        let key = LabelText.key(text)
        guard !key.isEmpty else { return nil }
        if let exact = testAllergens.first(where: { ([$0.id.rawValue] + $0.allNames).contains { LabelText.key($0) == key } }) {
            return exact
        }
        // Written without its spaces, or with others: "Decylglucoside", "4-tert-Butylphenolformaldehyde resin",
        // "Nickel(II)sulphate hexahydrate". A report's name of a test allergen is never a narrower INCI name.
        // Roman numerals must stay as written: "Fragrance mix I I" is no spelling of Fragrance mix II.
        let compact = Self.compactKey(key)
        guard compact.count >= 4 else { return nil }
        let numerals = Self.romanNumerals(key)
        return testAllergens.first {
            ([$0.id.rawValue] + $0.allNames).contains {
                let candidate = LabelText.key($0)
                return Self.compactKey(candidate) == compact && Self.romanNumerals(candidate) == numerals
            }
        }
    }

    /// A key without its spaces.
    static func compactKey(_ key: String) -> String {
        key.replacing(" ", with: "")
    }

    /// A key's words that are roman numerals ("i", "ii", "iv"), in order.
    static func romanNumerals(_ key: String) -> [Substring] {
        key.split(separator: " ").filter { $0.count <= 4 && $0.allSatisfy { "ivx".contains($0) } }
    }

    /// What a test allergen's own names are on a label ("Rosin" for colophonium, "Nickel" for nickel sulfate): an
    /// allergy to it avoids these too, whatever its avoid list says. Names of three letters or fewer ("Ni", "MI")
    /// are abbreviations, not label names.
    func ownTargets(of allergen: TestAllergen) -> [TestAllergenTarget] {
        var targets: [TestAllergenTarget] = []
        for name in allergen.allNames where LabelText.key(name).count > 3 {
            if let target = target(ofLabelName: name), !targets.contains(target) { targets.append(target) }
        }
        return targets
    }

    /// The one test allergen whose own names include `ingredient` ("Cetearyl alcohol" is the cetostearyl alcohol
    /// test's), for a report naming the substance tested by its INCI name; `nil` when none or several.
    public func testAllergen(namingIngredient ingredient: IngredientID) -> TestAllergen? {
        let naming = testAllergens.filter { ownTargets(of: $0).contains(.ingredient(ingredient)) }
        return naming.count == 1 ? naming[0] : nil
    }

    /// What a test allergen implicates on a label, resolved (names were checked when the catalogue was loaded).
    public func implications(of id: TestAllergenID) -> TestAllergenImplications {
        guard let allergen = testAllergensByID[id] else { return TestAllergenImplications(avoid: [], caution: []) }
        func resolve(_ names: [String]) -> [TestAllergenTarget] {
            var targets: [TestAllergenTarget] = []
            for name in names {
                if let target = target(ofLabelName: name), !targets.contains(target) { targets.append(target) }
            }
            return targets
        }
        var avoid = resolve(allergen.avoid)
        for target in ownTargets(of: allergen) where !avoid.contains(target) { avoid.append(target) }
        return TestAllergenImplications(avoid: avoid, caution: resolve(allergen.caution).filter { !avoid.contains($0) })
    }

    /// The label name of a resolved target: an ingredient's INCI name or an EU allergen's declared name.
    public func labelName(of target: TestAllergenTarget) -> String {
        switch target {
        case .ingredient(let id): ingredient(id)?.inci ?? id.rawValue
        case .allergen(let id): allergen(id)?.name ?? id.rawValue
        }
    }

    /// The label names a client positive to `id` avoids: the test allergen's own list, then the curated oils that
    /// typically contain one of its EU substances, then the members of its EU group names.
    public func avoidedLabelNames(for id: TestAllergenID) -> [String] {
        var names: [String] = []
        func add(_ name: String) { if !names.contains(name) { names.append(name) } }
        let targets = implications(of: id).avoid
        // The names as the reference file spells them (CosIng's inventory spells INCI names in capitals).
        for name in testAllergen(id)?.avoid ?? [] { add(name) }
        if let allergen = testAllergen(id) {
            for target in ownTargets(of: allergen) where (allergen.avoid.contains { self.target(ofLabelName: $0) == target }) == false {
                add(labelName(of: target))
            }
        }
        for target in targets {
            guard case .allergen(let allergen) = target, let facts = self.allergen(allergen) else { continue }
            if facts.form == .substance {
                for ingredient in ingredients where ingredient.constituents.contains(allergen) { add(ingredient.inci) }
            } else {
                for member in members(ofEUGroup: allergen) { add(label(member)) }
            }
        }
        return names
    }

    private func label(_ id: IngredientID) -> String { ingredient(id)?.inci ?? id.rawValue }
}

extension Taxonomy {
    /// Names of test allergens close to `text` (spelling or a shared word), for "did you mean".
    public func testAllergenSuggestions(for text: String, limit: Int = 3) -> [String] {
        let key = LabelText.key(text)
        guard !key.isEmpty else { return [] }
        let words = Set(key.split(separator: " ").filter { $0.count > 3 })
        var scored: [(score: Int, name: String)] = []
        for allergen in testAllergens {
            for name in allergen.allNames {
                let candidate = LabelText.key(name)
                if let distance = EditDistance.between(key, candidate, limit: max(2, key.count / 3)) {
                    scored.append((distance, name))
                } else if !words.isDisjoint(with: candidate.split(separator: " ")) {
                    scored.append((50, name))
                }
            }
        }
        var seen = Set<String>()
        return scored.sorted { ($0.score, $0.name) < ($1.score, $1.name) }.map(\.name)
            .filter { seen.insert(LabelText.key($0)).inserted }.prefix(limit).map { $0 }
    }

    /// The label names a client with this allergy avoids (blocked), for reception's list: an ingredient's INCI name,
    /// an EU allergen's name and the oils that typically contain it, a group's strongly or moderately graded
    /// members, a food class's ingredients, a test allergen's list.
    public func avoidedLabelNames(for target: AllergyTarget) -> [String] {
        switch target {
        case .ingredient(let id):
            return [label(id)]
        case .allergen(let id):
            guard let facts = allergen(id) else { return [] }
            let members = facts.form == .substance
                ? ingredients.filter { $0.constituents.contains(id) }.map(\.inci) : self.members(ofEUGroup: id).map(label)
            return [facts.name] + members.filter { $0 != facts.name }
        case .crossReactivityGroup(let id):
            return crossReactivityGroup(id)?.members.filter { $0.grade >= .moderate }.map { label($0.ingredient) } ?? []
        case .foodAllergenClass(let id):
            return ingredients.filter { $0.foodAllergen == id }.map(\.inci)
        case .testAllergen(let id):
            var names = avoidedLabelNames(for: id)
            if testAllergen(id)?.fragranceMarker == true {
                for fragrance in ingredients where fragrance.kind == .fragrance && !names.contains(fragrance.inci) {
                    names.append(fragrance.inci)
                }
            }
            return names
        }
    }
}
