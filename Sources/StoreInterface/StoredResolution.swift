public import CatalogueCore

/// A resolution ready to store: the document and its search columns.
public struct StoredResolution: Sendable, Equatable {
    public var json: String
    public var ingredientIds: String
    public var allergenIds: String
    public var propertyIds: String
    public var unresolvedCount: Int
    public var unresolvedNames: String
    public var percents: String

    package init(
        json: String, ingredientIds: String, allergenIds: String, propertyIds: String, unresolvedCount: Int,
        unresolvedNames: String, percents: String
    ) {
        self.json = json
        self.ingredientIds = ingredientIds
        self.allergenIds = allergenIds
        self.propertyIds = propertyIds
        self.unresolvedCount = unresolvedCount
        self.unresolvedNames = unresolvedNames
        self.percents = percents
    }

    /// Borrows `taxonomy`: an initialiser would otherwise take its own copy, a retain of each of its tables per
    /// product an import adds.
    public init(_ resolved: borrowing ResolvedFormulation, taxonomy: borrowing Taxonomy) {
        json = resolved.jsonText
        // One pass over the entries for every column: ids in label order, each once (lists are short, so a linear
        // check beats hashing), the same as ResolvedFormulation's ingredientIDs, allergenIDs and unresolved.
        var ingredients: [String] = []
        var allergens: [String] = []
        var unresolved: [String] = []
        ingredients.reserveCapacity(resolved.entries.count + 4)
        allergens.reserveCapacity(resolved.entries.count)
        var anyPercent = false
        for entry in resolved.entries {
            let ingredientTargets: ArraySlice<String>
            switch entry.kind {
            case .ingredient: ingredientTargets = entry.targets[...]
            case .euGroup: ingredientTargets = entry.targets.dropFirst()
            case .allergen, .unresolved: ingredientTargets = []
            }
            for id in ingredientTargets where !ingredients.contains(id) { ingredients.append(id) }
            if entry.kind == .allergen || entry.kind == .euGroup, let allergen = entry.targets.first,
                !allergens.contains(allergen)
            {
                allergens.append(allergen)
            }
            if entry.kind == .unresolved { unresolved.append(entry.name) }
            if entry.percent != nil { anyPercent = true }
        }
        let percents = anyPercent ? Self.percentsColumn(resolved, ingredients: ingredients) : " "
        var properties: [String] = []
        properties.reserveCapacity(2 * ingredients.count)
        for ingredient in ingredients {
            for (property, _) in taxonomy.properties(of: IngredientID(rawValue: ingredient))
            where !properties.contains(property.rawValue) {
                properties.append(property.rawValue)
            }
        }
        ingredientIds = Self.delimited(ingredients)
        allergenIds = Self.delimited(allergens)
        propertyIds = Self.delimited(properties)
        unresolvedCount = unresolved.count
        unresolvedNames = unresolved.joined(separator: "\u{1F}")
        self.percents = percents
    }

    /// " id=percent … ": each ingredient's stated concentration (as ``ProductFacts/statedPercents(_:)`` gives it: the
    /// highest of its entries, none when any entry gives none), in label order. Worked out per ingredient over the
    /// entries, without the dictionaries `statedPercents` builds: lists are short, and this runs once per product
    /// an import adds.
    package static func percentsColumn(_ resolved: ResolvedFormulation, ingredients: [String]) -> String {
        var column = " "
        for id in ingredients {
            var highest: Double?
            var unstated = false
            for entry in resolved.entries {
                let names: Bool
                switch entry.kind {
                case .ingredient: names = entry.targets.contains(id)
                case .euGroup: names = entry.targets.dropFirst().contains(id)
                case .allergen, .unresolved: names = false
                }
                guard names else { continue }
                guard let percent = entry.percent else {
                    unstated = true
                    break
                }
                highest = max(highest ?? percent, percent)
            }
            guard !unstated, let highest else { continue }
            column += "\(id)=\(highest) "
        }
        return column
    }

    /// " a b c " — whole ids match with LIKE '% a %'.
    package static func delimited(_ ids: [String]) -> String {
        var capacity = 1
        for id in ids { capacity += UTF8Writer.bound(of: id) + 1 }
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var text = UTF8Writer(buffer)
            text.append(UInt8(ascii: " "))
            for id in ids {
                text.append(id)
                text.append(UInt8(ascii: " "))
            }
            return text.count
        }
    }
}
