/// Every name a label may use for a taxonomy entry, keyed by ``LabelText/key(_:)``.
///
/// Explicit names (INCI, label spellings, common names) must be unambiguous: two ingredients claiming the same name
/// is a taxonomy error. Generated variants ("lavender essential oil") are added only where they are free.
struct NameIndex: Sendable {
    struct Entry: Sendable, Hashable {
        var target: IngredientMatch
        var source: MatchSource
        /// The spelling the key came from, shown in suggestions.
        var spelling: String
    }

    private(set) var entries: [String: Entry] = [:]
    /// Generated variants: looked up after the inventory's INCI names, which they must never hide.
    private(set) var generatedEntries: [String: Entry] = [:]
    /// Explicit names without their spaces; a compact key two targets share is left out (`nil`).
    private(set) var compactEntries: [String: Entry?] = [:]

    init(
        ingredients: [Ingredient], allergens: [FragranceAllergen], euGroupMembers: [AllergenID: [IngredientID]]
    ) throws(TaxonomyError) {
        var generated: [(String, Entry)] = []
        for ingredient in ingredients {
            let target = IngredientMatch.ingredient(ingredient.id)
            var explicit: [(String, MatchSource)] = [(ingredient.inci, .inci)]
            explicit += ingredient.labelSpellings.map { ($0, .labelSpelling) }
            explicit += ([ingredient.name] + ingredient.commonNames).map { ($0, .commonName) }
            for (spelling, source) in explicit {
                let entry = Entry(target: target, source: source, spelling: spelling)
                for key in Set([LabelText.key(spelling), LabelText.key(LabelText.removingParentheticals(spelling))]) {
                    try insertExplicit(key, entry, owner: ingredient.id)
                }
            }
            for name in [ingredient.name] + ingredient.commonNames {
                let entry = Entry(target: target, source: .commonName, spelling: name)
                generated += Self.variants(of: LabelText.key(name), kind: ingredient.kind).map { ($0, entry) }
            }
        }
        for allergen in allergens {
            let members = euGroupMembers[allergen.id] ?? []
            let target: IngredientMatch =
                allergen.form == .substance ? .allergen(allergen.id) : .euGroup(allergen.id, members: members)
            let named: MatchSource = allergen.form == .substance ? .allergenName : .euGroupName
            let names = [(allergen.name, named)] + allergen.synonyms.map { ($0, MatchSource.allergenSynonym) }
            for (spelling, source) in names {
                // An ingredient's own name wins over an allergen synonym that happens to share it.
                let key = LabelText.key(spelling)
                if entries[key] == nil {
                    entries[key] = Entry(target: target, source: source, spelling: spelling)
                }
            }
        }
        for (key, entry) in generated where entries[key] == nil && generatedEntries[key] == nil {
            generatedEntries[key] = entry
        }
        for (key, entry) in entries {
            let compact = key.replacing(" ", with: "")
            if let existing = compactEntries[compact] {
                if existing?.target != entry.target { compactEntries[compact] = .some(nil) }
            } else {
                var glued = entry
                glued.source = .compactSpelling
                compactEntries[compact] = glued
            }
        }
    }

    private mutating func insertExplicit(_ key: String, _ entry: Entry, owner: IngredientID) throws(TaxonomyError) {
        guard !key.isEmpty else { return }
        if let existing = entries[key] {
            // The first (most specific) way of naming an ingredient wins: INCI, then label spellings, then common names.
            if existing.target == entry.target { return }
            throw TaxonomyError(
                section: .ingredients, entry: owner.rawValue, field: "names",
                problem: "'\(entry.spelling)' is also a name of \(existing.target); a label name must mean one thing"
            )
        }
        entries[key] = entry
    }

    /// Spellings a label uses for a common name: "lavender" → "lavender oil", "lavender essential oil".
    private static func variants(of key: String, kind: IngredientKind) -> [String] {
        var out: [String] = []
        let base = key.hasSuffix(" oil") ? String(key.dropLast(4)) : key
        switch kind {
        case .essentialOil:
            out += [base + " oil", base + " essential oil", base + " essential oils", base + " eo", base]
        case .carrier:
            out += [base + " oil", base + " carrier oil", base]
        case .infusedOil:
            out += [base + " oil", base + " infused oil", base + " macerated oil", base]
        case .butter, .base, .fragrance:
            break
        }
        return out.filter { $0 != key }
    }

    /// The normalised names of EU natural-extract groups → their allergen id.
    static func groupNameTable(_ allergens: [FragranceAllergen]) -> [String: AllergenID] {
        var table: [String: AllergenID] = [:]
        for allergen in allergens where allergen.form == .naturalExtract {
            for name in [allergen.name] + allergen.synonyms {
                table[LabelText.key(name)] = allergen.id
            }
        }
        return table
    }

    func lookUp(_ key: String) -> Entry? { entries[key] }

    func lookUpGenerated(_ key: String) -> Entry? { generatedEntries[key] }

    func lookUpCompact(_ compact: String) -> Entry? { compactEntries[compact] ?? nil }
}
