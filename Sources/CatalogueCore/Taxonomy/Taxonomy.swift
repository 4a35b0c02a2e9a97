/// The reference taxonomy every supplier feed is normalised against: ingredients, EU fragrance allergens,
/// food-allergen classes, cross-reactivity groups, the property vocabulary and the condition profiles.
///
/// A `Taxonomy` is validated when it is made: every reference points at an entry that exists, ids are unique,
/// and no two ingredients claim the same label name. Once made it answers look-ups in constant time.
public struct Taxonomy: Sendable {
    /// Every ingredient, in file order.
    public let ingredients: [Ingredient]
    /// The EU Annex III fragrance allergens, substances and natural-extract groups.
    public let allergens: [FragranceAllergen]
    /// The food-allergen classes.
    public let foodAllergenClasses: [FoodAllergenClass]
    /// The graded cross-reactivity groups.
    public let crossReactivityGroups: [CrossReactivityGroup]
    /// The property vocabulary with the ingredients that carry each property.
    public let properties: [SkinProperty]
    /// The skin-condition profiles.
    public let conditions: [ConditionProfile]
    /// The medical-history items a client's intake can record, with their product rules and treatment notes.
    public let historyItems: [MedicalHistoryItem]
    /// The inventory tier: every INCI name of EU CosIng. A curated ingredient (``ingredients``) is the same
    /// ingredient as its inventory row; every other row is an ingredient known by its INCI name, CAS and functions.
    public let inventory: IngredientInventory
    /// The allergens of the patch-test series (European baseline, ACDS core) with what each implicates on a label.
    public var testAllergens: [TestAllergen] { testAllergenTable.all }
    let testAllergenTable: TestAllergenTable

    let ingredientsByID: [IngredientID: Ingredient]
    let allergensByID: [AllergenID: FragranceAllergen]
    let foodClassesByID: [FoodAllergenClassID: FoodAllergenClass]
    let groupsByID: [CrossReactivityGroupID: CrossReactivityGroup]
    let propertiesByID: [PropertyID: SkinProperty]
    let conditionsByID: [ConditionID: ConditionProfile]
    /// Ingredient id → the properties it carries, with their evidence.
    let propertiesByIngredient: [IngredientID: [(property: PropertyID, source: String)]]
    /// EU natural-extract group → the ingredients it covers.
    let euGroupMembers: [AllergenID: [IngredientID]]
    /// Every name a label may use, normalised.
    let names: NameIndex
    /// Positions for ordinal sets.
    let ingredientOrdinals: [IngredientID: Int]
    let allergenOrdinals: [AllergenID: Int]
    let propertyOrdinals: [PropertyID: Int]
    /// Inventory rows that are a curated ingredient (its INCI name or another explicit name of it).
    let curatedRows: [Int: IngredientID]
    /// The ordinals of the inventory's natural complex substances that are not curated: oils, and the others
    /// (extracts, absolutes, waters, resins).
    public let naturalComplexOils: OrdinalSet
    public let naturalComplexOthers: OrdinalSet
    var testAllergensByID: [TestAllergenID: TestAllergen] { testAllergenTable.byID }

    /// Makes a taxonomy, checking that it is consistent.
    /// - Throws: ``TaxonomyError`` naming the section, entry and field of the first inconsistency.
    public init(
        ingredients: [Ingredient], allergens: [FragranceAllergen], foodAllergenClasses: [FoodAllergenClass],
        crossReactivityGroups: [CrossReactivityGroup], properties: [SkinProperty], conditions: [ConditionProfile],
        inventory: IngredientInventory = .empty, historyItems: [MedicalHistoryItem] = [],
        testAllergens: [TestAllergen] = [], testAllergenSource: (@Sendable () -> [UInt8]?)? = nil
    ) throws(TaxonomyError) {
        self.ingredients = ingredients
        self.historyItems = historyItems
        self.inventory = inventory
        self.allergens = allergens
        self.foodAllergenClasses = foodAllergenClasses
        self.crossReactivityGroups = crossReactivityGroups
        self.properties = properties
        self.conditions = conditions

        ingredientsByID = try Self.index(ingredients, section: .ingredients)
        allergensByID = try Self.index(allergens, section: .allergens)
        foodClassesByID = try Self.index(foodAllergenClasses, section: .foodAllergenClasses)
        groupsByID = try Self.index(crossReactivityGroups, section: .crossReactivity)
        propertiesByID = try Self.index(properties, section: .properties)
        conditionsByID = try Self.index(conditions, section: .conditions)

        var byIngredient: [IngredientID: [(property: PropertyID, source: String)]] = [:]
        for property in properties {
            for evidence in property.ingredients {
                byIngredient[evidence.ingredient, default: []].append((property.id, evidence.source))
            }
        }
        propertiesByIngredient = byIngredient

        let groupNames = NameIndex.groupNameTable(allergens)
        var members: [AllergenID: [IngredientID]] = [:]
        for ingredient in ingredients {
            for group in ingredient.euGroups {
                if let allergen = groupNames[LabelText.key(group)] {
                    members[allergen, default: []].append(ingredient.id)
                }
            }
        }
        euGroupMembers = members

        try Self.checkReferences(
            ingredients: ingredients, allergens: allergensByID, groupNames: groupNames,
            foodClasses: foodClassesByID, groups: crossReactivityGroups, properties: properties,
            conditions: conditions, ingredientIDs: ingredientsByID, propertyIDs: propertiesByID
        )
        names = try NameIndex(ingredients: ingredients, allergens: allergens, euGroupMembers: members)
        try Self.checkHistoryItems(
            historyItems, ingredientIDs: ingredientsByID, allergens: allergensByID, conditions: conditionsByID, inventory: inventory
        )
        ingredientOrdinals = Dictionary(uniqueKeysWithValues: ingredients.enumerated().map { ($1.id, $0) })
        allergenOrdinals = Dictionary(uniqueKeysWithValues: allergens.enumerated().map { ($1.id, $0) })
        propertyOrdinals = Dictionary(uniqueKeysWithValues: properties.enumerated().map { ($1.id, $0) })
        (curatedRows, naturalComplexOils, naturalComplexOthers) = try Self.linkInventory(
            inventory, names: names, ingredientIDs: ingredientsByID, ordinalBase: max(256, ingredients.count)
        )
        // From a cache: decoded when first used (checked before the cache was written). Otherwise checked here.
        if let testAllergenSource {
            testAllergenTable = TestAllergenTable(source: testAllergenSource)
        } else {
            testAllergenTable = TestAllergenTable(testAllergens, byID: try Self.index(testAllergens, section: .testAllergens))
        }
    }

    /// Maps inventory rows named by a curated ingredient to it, and checks that no inventory id is a curated id of
    /// another ingredient.
    private static func linkInventory(
        _ inventory: IngredientInventory, names: NameIndex, ingredientIDs: [IngredientID: Ingredient], ordinalBase: Int
    ) throws(TaxonomyError) -> ([Int: IngredientID], OrdinalSet, OrdinalSet) {
        guard inventory.count > 0 else { return ([:], OrdinalSet(), OrdinalSet()) }
        var rows: [Int: IngredientID] = [:]
        for (key, entry) in names.entries {
            guard case .ingredient(let id) = entry.target, let row = inventory.row(forKey: key) else { continue }
            rows[row] = id
        }
        for id in ingredientIDs.keys {
            if let row = inventory.row(for: id), rows[row] != id {
                throw TaxonomyError(
                    section: .ingredients, entry: id.rawValue, field: "id",
                    problem: "the id is also the id of the inventory ingredient \(inventory.inci(row)); choose another id"
                )
            }
        }
        var oils = OrdinalSet()
        var others = OrdinalSet()
        for row in inventory.naturalComplexRows where rows[row] == nil {
            if inventory.isOil(row) { oils.insert(ordinalBase + row) } else { others.insert(ordinalBase + row) }
        }
        return (rows, oils, others)
    }

    private static func index<T: Identifiable>(
        _ entries: [T], section: TaxonomyError.Section
    ) throws(TaxonomyError) -> [T.ID: T] where T.ID: CustomStringConvertible {
        var table: [T.ID: T] = [:]
        for (offset, entry) in entries.enumerated() {
            let id = entry.id.description
            guard LabelText.isValidID(id) else {
                throw TaxonomyError(
                    section: section, entry: "#\(offset + 1)", field: "id",
                    problem: "'\(id)' is not a valid id: use lower-case letters, digits and hyphens"
                )
            }
            guard table.updateValue(entry, forKey: entry.id) == nil else {
                throw TaxonomyError(
                    section: section, entry: id, field: "id",
                    problem: "the id is used twice; give each entry its own id"
                )
            }
        }
        return table
    }

    // MARK: Look-ups

    /// The ingredient with this id: a curated one, or one of the inventory.
    public func ingredient(_ id: IngredientID) -> Ingredient? {
        if let curated = ingredientsByID[id] { return curated }
        guard let row = inventory.row(for: id) else { return nil }
        if let curated = curatedRows[row] { return ingredientsByID[curated] }
        return inventoryIngredient(row)
    }

    /// The curated ingredient with this id (one with facts beyond the inventory), without looking at the
    /// inventory.
    public func curatedIngredient(_ id: IngredientID) -> Ingredient? { ingredientsByID[id] }

    /// The inventory row of an ingredient, curated or not: its CAS number and functions.
    public func inventoryEntry(of id: IngredientID) -> IngredientInventory.Entry? {
        if let curated = ingredientsByID[id] {
            return inventory.row(forKey: LabelText.key(curated.inci)).map(inventory.entry)
        }
        return inventory.row(for: id).map(inventory.entry)
    }

    /// An inventory row as an ingredient: known by its INCI name, with no curated facts. A natural complex
    /// substance is an essential oil (an oil) or a fragrance (an extract, absolute, water…) for condition cautions;
    /// anything else a base.
    func inventoryIngredient(_ row: Int) -> Ingredient {
        let entry = inventory.entry(row)
        let kind: IngredientKind =
            !entry.isNaturalComplex ? .base : inventory.isOil(row) ? .essentialOil : .fragrance
        let notes: String? = entry.isNaturalComplex
            ? "A natural complex substance (EU CosIng lists it as perfuming) whose constituents are not in the "
                + "reference data: it may contain EU-declared fragrance allergens."
            : nil
        return Ingredient(
            id: entry.id, name: entry.inci, kind: kind, inci: entry.inci, notes: notes,
            sources: [IngredientInventory.source]
        )
    }

    /// Ingredients whose name contains every word of `text` (case and punctuation ignored): curated ones first,
    /// then the inventory's, up to `limit`.
    public func searchIngredients(_ text: String, limit: Int = 200) -> [Ingredient] {
        let words = LabelText.key(text).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return [] }
        var found = ingredients.filter { ingredient in
            let keys = ([ingredient.name, ingredient.inci] + ingredient.commonNames).map { LabelText.key($0) }
            return words.allSatisfy { word in keys.contains { $0.contains(word) } }
        }
        var seen = Set(found.map(\.id))
        for row in inventory.search(words: words, limit: limit) where found.count < limit {
            let id = curatedRows[row] ?? inventory.id(row)
            if seen.insert(id).inserted, let ingredient = ingredient(id) { found.append(ingredient) }
        }
        return Array(found.prefix(limit))
    }

    /// The INCI name of the ingredient at `ordinal`, curated or inventory.
    public func ingredientName(ordinal: Int) -> String {
        ordinal < ingredients.count ? ingredients[ordinal].inci : inventory.inci(ordinal - inventoryOrdinalBase)
    }

    /// The first ordinal of the inventory's ingredients: they never share the 256 inline bits with the curated
    /// ones, so a product of curated ingredients only is decided from its bits, and a stored snapshot that keeps
    /// only as many words as the curated ingredients need loses none of them.
    public var inventoryOrdinalBase: Int { max(256, ingredients.count) }
    /// The EU allergen with this id.
    public func allergen(_ id: AllergenID) -> FragranceAllergen? { allergensByID[id] }
    /// The food-allergen class with this id.
    public func foodAllergenClass(_ id: FoodAllergenClassID) -> FoodAllergenClass? { foodClassesByID[id] }
    /// The cross-reactivity group with this id.
    public func crossReactivityGroup(_ id: CrossReactivityGroupID) -> CrossReactivityGroup? { groupsByID[id] }
    /// The property with this id.
    public func property(_ id: PropertyID) -> SkinProperty? { propertiesByID[id] }
    /// The condition profile with this id.
    public func condition(_ id: ConditionID) -> ConditionProfile? { conditionsByID[id] }

    /// The properties `ingredient` carries, each with the note that supports it.
    public func properties(of ingredient: IngredientID) -> [(property: PropertyID, source: String)] {
        propertiesByIngredient[ingredient] ?? []
    }

    /// The ingredients an EU natural-extract group name covers ("Lavandula Oil/Extract" → lavender, lavandin).
    public func members(ofEUGroup allergen: AllergenID) -> [IngredientID] { euGroupMembers[allergen] ?? [] }

    /// The property a person named, by id, name or synonym, ignoring case and punctuation.
    public func property(named text: String) -> SkinProperty? {
        let key = LabelText.key(text)
        return properties.first { property in
            ([property.id.rawValue, property.name] + property.synonyms).contains { LabelText.key($0) == key }
        }
    }

    /// The condition a person named, by id, name or synonym.
    public func condition(named text: String) -> ConditionProfile? {
        let key = LabelText.key(text)
        return conditions.first { condition in
            ([condition.id.rawValue, condition.name] + condition.synonyms).contains { LabelText.key($0) == key }
        }
    }

    /// The ingredient a person named: by id, or by any name a label may use for it.
    ///
    /// A name a label uses for an EU allergen ("linalool", "Hexyl Cinnamal") means the declared substance, not an
    /// ingredient, although CosIng lists it as an INCI name too.
    public func ingredient(named text: String) -> Ingredient? {
        if let curated = ingredientsByID[IngredientID(text)] { return curated }
        let key = LabelText.key(text)
        if let entry = names.lookUp(key) {
            guard case .ingredient(let id) = entry.target else { return nil }
            return ingredient(id)
        }
        if let row = inventory.row(for: IngredientID(text)) {
            // An id whose name is an EU allergen's ("hexyl-cinnamal") means the allergen too.
            if namesAllergen(inventory.entry(row).key) { return nil }
            return ingredient(curatedRows[row] ?? inventory.id(row))
        }
        guard case .ingredient(let id)? = lookUpName(key)?.target else { return nil }
        return ingredient(id)
    }

    /// Whether a key is the name of an EU allergen or group rather than of an ingredient.
    private func namesAllergen(_ key: String) -> Bool {
        guard let target = names.lookUp(key)?.target else { return false }
        if case .ingredient = target { return false }
        return true
    }

    /// What a label name's key stands for: a curated name or EU allergen, else an INCI name of the inventory, else
    /// a generated variant of a common name ("lavender essential oil").
    func lookUpName(_ key: String) -> NameIndex.Entry? {
        Self.lookUpName(key, names: names, inventory: inventory, curatedRows: curatedRows)
    }

    static func lookUpName(
        _ key: String, names: NameIndex, inventory: IngredientInventory, curatedRows: [Int: IngredientID]
    ) -> NameIndex.Entry? {
        if let entry = names.lookUp(key) { return entry }
        if let row = inventory.row(forKey: key) {
            let id = curatedRows[row] ?? inventory.id(row)
            return NameIndex.Entry(target: .ingredient(id), source: .inci, spelling: inventory.inci(row))
        }
        if let row = inventory.row(forSpelling: key) {
            let id = curatedRows[row] ?? inventory.id(row)
            return NameIndex.Entry(target: .ingredient(id), source: .labelSpelling, spelling: inventory.inci(row))
        }
        return names.lookUpGenerated(key)
    }

    /// What a name glued together or spaced differently stands for ("Cetearylalcohol", "Ethylhexyl Glycerin"): the
    /// key without spaces, matched against curated names and the inventory, when it names one thing.
    func lookUpCompact(_ key: String) -> NameIndex.Entry? {
        let compact = key.replacing(" ", with: "")
        guard compact.utf8.count >= 6 else { return nil }
        if let entry = names.lookUpCompact(compact) { return entry }
        if let row = inventory.row(forCompactKey: compact) {
            let id = curatedRows[row] ?? inventory.id(row)
            return NameIndex.Entry(target: .ingredient(id), source: .compactSpelling, spelling: inventory.inci(row))
        }
        return nil
    }
}
