public import Foundation

/// What the engine knows of one product version: its reference ingredients and declared allergens (as ordinal
/// sets for speed), unresolved names, and stated percentages of phototoxic ingredients.
public struct ProductFacts: Sendable {
    public var productID: Int64
    /// "supplier:sku".
    public var reference: String
    public var name: String
    public var formulationID: Int64
    public var version: Int
    /// Whether the supplier gave an ingredient list at all.
    public var hasIngredientList: Bool
    /// The supplier gave a list, but it names no ingredient, not even one that cannot be resolved ("-", "*", "()",
    /// a footnote alone): it says nothing of what the product holds, so the product is not known to be safe.
    public var namesNoIngredient: Bool {
        hasIngredientList && ingredientIDs.isEmpty && allergenIDs.isEmpty && unresolved.isEmpty
    }
    public var ingredientIDs: [IngredientID]
    public var allergenIDs: [AllergenID]
    public var unresolved: [String]
    /// Stated percentages by ingredient, where every entry of it on the label gives one (``statedPercents(_:)``).
    public var percents: [IngredientID: Double]
    /// Why these facts may be out of date (the supplier's latest record was rejected); such a product is not known
    /// to be safe for anyone.
    public var staleReason: String?
    let ingredientSet: OrdinalSet
    let allergenSet: OrdinalSet
    /// A phototoxic ingredient above its cap, or at a concentration the label does not state.
    let phototoxicCaution: Bool
    /// The shortest shelf life after opening among its oxidation-prone ingredients.
    let shortestShelfLifeMonths: Int?
    /// The plain-bits summary the engine's fast path reads.
    public let key: StatusKey

    public init(
        productID: Int64, reference: String, name: String, formulationID: Int64, version: Int,
        hasIngredientList: Bool, ingredientIDs: [IngredientID], allergenIDs: [AllergenID], unresolved: [String],
        percents: [IngredientID: Double] = [:], staleReason: String? = nil, taxonomy: Taxonomy
    ) {
        self.productID = productID
        self.reference = reference
        self.name = name
        self.formulationID = formulationID
        self.version = version
        self.hasIngredientList = hasIngredientList
        self.ingredientIDs = ingredientIDs
        self.allergenIDs = allergenIDs
        self.unresolved = unresolved
        self.percents = percents
        self.staleReason = staleReason
        ingredientSet = OrdinalSet(ingredientIDs.compactMap(taxonomy.ordinal(of:)))
        allergenSet = OrdinalSet(allergenIDs.compactMap(taxonomy.ordinal(of:)))
        var phototoxic = false
        var shelfLife: Int?
        for id in ingredientIDs {
            // Only curated ingredients carry phototoxicity and shelf life: the inventory is not searched.
            guard let ingredient = taxonomy.curatedIngredient(id) else { continue }
            if let cap = ingredient.phototoxicity?.maxDilutionPercent, (percents[id] ?? .infinity) > cap { phototoxic = true }
            if ingredient.oxidationProne, let months = ingredient.shelfLifeMonthsAfterOpening {
                shelfLife = min(shelfLife ?? months, months)
            }
        }
        phototoxicCaution = phototoxic
        shortestShelfLifeMonths = shelfLife
        key = StatusKey(
            productID: productID, ingredients: ingredientSet.inline, allergens: allergenSet.inline,
            needsFullCheck: ingredientSet.hasOverflow || allergenSet.hasOverflow,
            // A list that names nothing is as good as none.
            hasIngredientList: hasIngredientList && !(ingredientIDs.isEmpty && allergenIDs.isEmpty && unresolved.isEmpty),
            // A stale product is unknown (unless blocked) like one with an unresolved name: the key says so, and the
            // full check gives the reason.
            phototoxicCaution: phototoxic, hasUnresolved: !unresolved.isEmpty || staleReason != nil,
            hasNaturalComplexOil: ingredientSet.hasOverflow && ingredientSet.intersects(taxonomy.naturalComplexOils),
            hasNaturalComplexOther: ingredientSet.hasOverflow && ingredientSet.intersects(taxonomy.naturalComplexOthers),
            statesPercentages: !percents.isEmpty
        )
    }

    /// Facts from a stored resolution (`nil` when the product has no ingredient list).
    public init(
        productID: Int64, reference: String, name: String, formulationID: Int64, version: Int,
        resolution: ResolvedFormulation?, hasIngredientList: Bool, taxonomy: Taxonomy
    ) {
        let percents = resolution.map(Self.statedPercents) ?? [:]
        self.init(
            productID: productID, reference: reference, name: name, formulationID: formulationID, version: version,
            hasIngredientList: hasIngredientList, ingredientIDs: resolution?.ingredientIDs ?? [],
            allergenIDs: resolution?.allergenIDs ?? [], unresolved: resolution?.unresolved ?? [], percents: percents,
            taxonomy: taxonomy
        )
    }
}

extension ProductFacts {
    /// Each ingredient's concentration as the label states it: the highest percentage among the entries that name
    /// it (an EU group name stands for each of its members). An ingredient with any entry that gives no percentage
    /// is left out: its concentration is not stated, and a phototoxic oil then gets a caution.
    public static func statedPercents(_ resolution: ResolvedFormulation) -> [IngredientID: Double] {
        var highest: [IngredientID: Double] = [:]
        var unstated = Set<IngredientID>()
        for entry in resolution.entries {
            for id in entry.ingredientIDs {
                if let percent = entry.percent {
                    highest[id] = max(highest[id] ?? percent, percent)
                } else {
                    unstated.insert(id)
                }
            }
        }
        for id in unstated { highest[id] = nil }
        return highest
    }
}

/// What the engine's fast path needs of a product, as plain bits: copied without reference counting, so a list of
/// a hundred thousand is checked in a few milliseconds.
public struct StatusKey: Sendable, BitwiseCopyable {
    public let productID: Int64
    public let ingredients: InlineBits
    public let allergens: InlineBits
    /// Ordinals beyond 256 (the inventory's ingredients): the full check decides, unless the client has no rule on
    /// any of them but the shared natural-complex-substance cautions, which the two flags below answer.
    public let needsFullCheck: Bool
    public let hasIngredientList: Bool
    public let phototoxicCaution: Bool
    /// Some ingredient names did not resolve (unknown, unless a positive test shares a name: then the full check).
    public let hasUnresolved: Bool
    /// Holds an inventory natural complex substance that is an oil, or one that is not (extract, absolute…).
    public let hasNaturalComplexOil: Bool
    public let hasNaturalComplexOther: Bool
    /// Whether the label states a percentage for any ingredient: without one, every ingredient under a dilution cap
    /// is at an unstated concentration (a caution), so the fast path decides it.
    public let statesPercentages: Bool

    public init(
        productID: Int64, ingredients: InlineBits, allergens: InlineBits, needsFullCheck: Bool, hasIngredientList: Bool,
        phototoxicCaution: Bool, hasUnresolved: Bool, hasNaturalComplexOil: Bool = false,
        hasNaturalComplexOther: Bool = false, statesPercentages: Bool = true
    ) {
        self.statesPercentages = statesPercentages
        self.hasNaturalComplexOil = hasNaturalComplexOil
        self.hasNaturalComplexOther = hasNaturalComplexOther
        self.productID = productID
        self.ingredients = ingredients
        self.allergens = allergens
        self.needsFullCheck = needsFullCheck
        self.hasIngredientList = hasIngredientList
        self.phototoxicCaution = phototoxicCaution
        self.hasUnresolved = hasUnresolved
    }
}

/// Stock of a product at the location being checked: when each open bottle was opened, and the expiry dates of
/// the batches held (a batch is usable through its expiry day).
public struct StockFacts: Sendable {
    public var openedDates: [Date]
    public var expiryDates: [Date]

    public init(openedDates: [Date], expiryDates: [Date] = []) {
        self.openedDates = openedDates
        self.expiryDates = expiryDates
    }

    /// The earliest expiry day of a batch held that has passed by `now`.
    public func expired(at now: Date) -> Date? {
        guard let earliest = expiryDates.min(),
            let end = Calendar(identifier: .gregorian).date(byAdding: .day, value: 1, to: earliest), end <= now
        else { return nil }
        return earliest
    }
}


