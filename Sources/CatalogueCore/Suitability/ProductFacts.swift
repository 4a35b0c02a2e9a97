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
    public var ingredientIDs: [IngredientID]
    public var allergenIDs: [AllergenID]
    public var unresolved: [String]
    /// Stated percentages by ingredient, where the label gives them.
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
            guard let ingredient = taxonomy.ingredient(id) else { continue }
            if let cap = ingredient.phototoxicity?.maxDilutionPercent, (percents[id] ?? .infinity) > cap { phototoxic = true }
            if ingredient.oxidationProne, let months = ingredient.shelfLifeMonthsAfterOpening {
                shelfLife = min(shelfLife ?? months, months)
            }
        }
        phototoxicCaution = phototoxic
        shortestShelfLifeMonths = shelfLife
        key = StatusKey(
            productID: productID, ingredients: ingredientSet.inline, allergens: allergenSet.inline,
            // A stale product always takes the full check, which answers unknown with the reason.
            needsFullCheck: ingredientSet.hasOverflow || allergenSet.hasOverflow || staleReason != nil,
            hasIngredientList: hasIngredientList,
            phototoxicCaution: phototoxic, hasUnresolved: !unresolved.isEmpty
        )
    }

    /// Facts from a stored resolution (`nil` when the product has no ingredient list).
    public init(
        productID: Int64, reference: String, name: String, formulationID: Int64, version: Int,
        resolution: ResolvedFormulation?, hasIngredientList: Bool, taxonomy: Taxonomy
    ) {
        var percents: [IngredientID: Double] = [:]
        for entry in resolution?.entries ?? [] {
            guard let percent = entry.percent else { continue }
            for id in entry.ingredientIDs { percents[id] = percent }
        }
        self.init(
            productID: productID, reference: reference, name: name, formulationID: formulationID, version: version,
            hasIngredientList: hasIngredientList, ingredientIDs: resolution?.ingredientIDs ?? [],
            allergenIDs: resolution?.allergenIDs ?? [], unresolved: resolution?.unresolved ?? [], percents: percents,
            taxonomy: taxonomy
        )
    }
}

/// What the engine's fast path needs of a product, as plain bits: copied without reference counting, so a list of
/// a hundred thousand is checked in a few milliseconds.
public struct StatusKey: Sendable, BitwiseCopyable {
    public let productID: Int64
    public let ingredients: InlineBits
    public let allergens: InlineBits
    /// Ordinals beyond 256: the full check decides.
    public let needsFullCheck: Bool
    public let hasIngredientList: Bool
    public let phototoxicCaution: Bool
    /// Some ingredient names did not resolve (unknown, unless a positive test shares a name: then the full check).
    public let hasUnresolved: Bool

    public init(
        productID: Int64, ingredients: InlineBits, allergens: InlineBits, needsFullCheck: Bool, hasIngredientList: Bool,
        phototoxicCaution: Bool, hasUnresolved: Bool
    ) {
        self.productID = productID
        self.ingredients = ingredients
        self.allergens = allergens
        self.needsFullCheck = needsFullCheck
        self.hasIngredientList = hasIngredientList
        self.phototoxicCaution = phototoxicCaution
        self.hasUnresolved = hasUnresolved
    }
}

/// Stock of a product at the location being checked: when each open bottle was opened.
public struct StockFacts: Sendable {
    public var openedDates: [Date]

    public init(openedDates: [Date]) {
        self.openedDates = openedDates
    }
}


