import Foundation

/// A client's current medical-history items compiled for the ``SuitabilityEngine``: blocks and cautions by
/// ingredient and by declared EU substance, dilution caps, the skin-condition profiles the items bring, and items
/// the reference data no longer knows (then nothing is known to be safe).
struct MedicalHistoryRules: Sendable {
    /// A dilution cap over some ingredients.
    struct Cap: Sendable {
        /// Curated ingredients of the cap's kinds and the ingredients it names.
        var set: OrdinalSet
        /// Whether the inventory's natural complex oils (essential oils), and its other natural complex substances
        /// (fragrances), fall under the cap.
        var oils: Bool
        var others: Bool
        var maxPercent: Double
        var text: String
        var source: String
    }

    private(set) var blocks: [(ingredient: IngredientID, reason: String)] = []
    private(set) var cautions: [(ingredient: IngredientID, reason: String)] = []
    private(set) var allergenBlocks: [(allergen: AllergenID, reason: String)] = []
    private(set) var cautionAllergens = OrdinalSet()
    private(set) var allergenCautionReasons: [Int: [String]] = [:]
    private(set) var caps: [Cap] = []
    private var capped = OrdinalSet()
    private var capsOils = false
    private var capsOthers = false
    /// Whether a cap names an inventory ingredient (an ordinal beyond the inline bits).
    private var capsInventory = false
    private(set) var fastCautionAllergens = InlineBits(w0: 0, w1: 0, w2: 0, w3: 0)
    private var fastCapped = InlineBits(w0: 0, w1: 0, w2: 0, w3: 0)
    /// Skin-condition profiles the items bring, beyond the client's own conditions.
    private(set) var conditions: [ConditionID] = []
    /// Reasons for entries whose item the reference data does not know.
    private(set) var unknownItems: [String] = []

    init() {}

    init(taxonomy: Taxonomy, client: ClientProfile) {
        var seen = Set<HistoryItemID>()
        for entry in client.medicalHistory where entry.status == .current && seen.insert(entry.item).inserted {
            guard let item = taxonomy.historyItem(entry.item) else {
                unknownItems.append(
                    "unknown: the client's history item '\(entry.item)' (history entry \(entry.id)) is not in the reference "
                        + "data; not known to be safe until it is corrected"
                )
                continue
            }
            if let condition = item.condition, !client.conditions.contains(condition), !conditions.contains(condition) {
                conditions.append(condition)
            }
            for rule in item.productRules { compile(rule, taxonomy: taxonomy) }
        }
        fastCautionAllergens = cautionAllergens.inline
        fastCapped = capped.inline
    }

    private mutating func compile(_ rule: MedicalHistoryRule, taxonomy: Taxonomy) {
        let tail = "\(rule.text) (\(rule.source))"
        func label(_ id: IngredientID) -> String {
            let name = Self.displayName(id, taxonomy: taxonomy)
            return rule.because.map { "\(name) (\($0))" } ?? name
        }
        switch rule.effect {
        case .block:
            for id in rule.ingredients { blocks.append((id, "contains \(label(id)), \(tail)")) }
            for id in rule.declaredAllergens {
                allergenBlocks.append((id, "declares \(taxonomy.allergen(id)?.name ?? id.rawValue), \(tail)"))
            }
        case .caution:
            for id in rule.ingredients { cautions.append((id, "contains \(label(id)), \(tail)")) }
            for id in rule.declaredAllergens {
                guard let ordinal = taxonomy.ordinal(of: id) else { continue }
                cautionAllergens.insert(ordinal)
                let reason = "declares \(taxonomy.allergen(id)?.name ?? id.rawValue), \(tail)"
                if !(allergenCautionReasons[ordinal]?.contains(reason) ?? false) {
                    allergenCautionReasons[ordinal, default: []].append(reason)
                }
            }
        case .cap:
            guard let maxPercent = rule.maxPercent else { return }
            var set = OrdinalSet()
            for ingredient in taxonomy.ingredients where rule.kinds.contains(ingredient.kind) {
                if let ordinal = taxonomy.ordinal(of: ingredient.id) { set.insert(ordinal) }
            }
            for id in rule.ingredients {
                guard let ordinal = taxonomy.ordinal(of: id) else { continue }
                set.insert(ordinal)
                if ordinal >= 256 { capsInventory = true }
            }
            let cap = Cap(
                set: set, oils: rule.kinds.contains(.essentialOil), others: rule.kinds.contains(.fragrance),
                maxPercent: maxPercent, text: rule.text, source: rule.source
            )
            capped.formUnion(set)
            capsOils = capsOils || cap.oils
            capsOthers = capsOthers || cap.others
            caps.append(cap)
        }
    }

    /// Whether the fast path must look at the history at all: a dilution cap, a caution on a declared substance, or an
    /// item the reference data does not know (blocks and ingredient cautions are in the engine's own bits).
    var affectsFastPath: Bool { !caps.isEmpty || !unknownItems.isEmpty || !cautionAllergens.isEmpty }

    /// Whether the engine's fast path cannot decide a key that no block touched: a capped ingredient on a label that
    /// states percentages needs them, a cap over inventory ingredients needs the product's own, and an unknown item
    /// leaves nothing known to be safe.
    @inline(__always)
    func needsFullCheck(_ key: StatusKey) -> Bool {
        guard !caps.isEmpty || !unknownItems.isEmpty else { return false }
        return !unknownItems.isEmpty || (key.needsFullCheck && capsInventory) || (key.statesPercentages && touchesCap(key))
    }

    /// Whether a key the fast path decides holds a capped ingredient: its label states no percentage, so the
    /// concentration is not stated (a caution). Asked only after ``needsFullCheck(_:)`` said no.
    @inline(__always)
    func capCaution(_ key: StatusKey) -> Bool {
        !caps.isEmpty && touchesCap(key)
    }

    @inline(__always)
    private func touchesCap(_ key: StatusKey) -> Bool {
        key.ingredients.intersects(fastCapped) || (key.hasNaturalComplexOil && capsOils) || (key.hasNaturalComplexOther && capsOthers)
    }

    private func applies(_ cap: Cap, ordinal: Int, taxonomy: Taxonomy) -> Bool {
        cap.set.contains(ordinal) || (cap.oils && taxonomy.naturalComplexOils.contains(ordinal))
            || (cap.others && taxonomy.naturalComplexOthers.contains(ordinal))
    }

    /// The caution reasons of every cap the product exceeds, or whose ingredient's concentration it does not state.
    func capReasons(_ product: ProductFacts, taxonomy: Taxonomy) -> [String] {
        guard !caps.isEmpty else { return [] }
        var reasons: [String] = []
        for id in product.ingredientIDs {
            guard let ordinal = taxonomy.ordinal(of: id) else { continue }
            for cap in caps where applies(cap, ordinal: ordinal, taxonomy: taxonomy) {
                let name = Self.displayName(id, taxonomy: taxonomy)
                let limit = Self.percent(cap.maxPercent)
                if let percent = product.percents[id] {
                    guard percent > cap.maxPercent else { continue }
                    reasons.append(
                        "caution: contains \(name) at \(Self.percent(percent)) %, above \(limit) %, \(cap.text) (\(cap.source))"
                    )
                } else {
                    reasons.append(
                        "caution: contains \(name), concentration not stated; \(limit) % is \(cap.text) (\(cap.source))"
                    )
                }
            }
        }
        return reasons
    }

    /// Whether the product exceeds a cap (or does not state a capped ingredient's concentration).
    func exceedsCap(_ product: ProductFacts, taxonomy: Taxonomy) -> Bool {
        guard !caps.isEmpty else { return false }
        let touched = product.ingredientSet.intersects(capped)
            || (capsOils && product.ingredientSet.hasOverflow && product.ingredientSet.intersects(taxonomy.naturalComplexOils))
            || (capsOthers && product.ingredientSet.hasOverflow && product.ingredientSet.intersects(taxonomy.naturalComplexOthers))
        guard touched else { return false }
        for id in product.ingredientIDs {
            guard let ordinal = taxonomy.ordinal(of: id) else { continue }
            for cap in caps where applies(cap, ordinal: ordinal, taxonomy: taxonomy) {
                guard let percent = product.percents[id], percent <= cap.maxPercent else { return true }
            }
        }
        return false
    }

    /// An ingredient's INCI name as a label prints it: the inventory's upper-case CosIng names in title case
    /// ("GAULTHERIA PROCUMBENS LEAF OIL" → "Gaultheria Procumbens Leaf Oil").
    static func displayName(_ id: IngredientID, taxonomy: Taxonomy) -> String {
        guard let inci = taxonomy.ingredient(id)?.inci else { return id.rawValue }
        return inci == inci.uppercased() ? inci.capitalized : inci
    }

    private static func percent(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
