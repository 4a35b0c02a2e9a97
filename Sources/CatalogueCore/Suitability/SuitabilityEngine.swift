public import Foundation

/// Turns one client's patch tests, allergies and conditions into a verdict for any product version, with reasons.
///
/// The engine is compiled once per client: every rule that concerns an ingredient or a declared allergen becomes
/// a bit in an ``OrdinalSet`` with its reason text prepared, so checking a product that no rule touches costs a few
/// word ANDs and two dictionary look-ups. Rules (FACTS.md §2, §3):
/// - **blocked**: a positive, doubtful, irritant or reported result on this product (any version); or an
///   ingredient or declared EU allergen that is a suspected allergen (in a positive-tested product and not cleared
///   by a negative test, read after every reaction implicating it, of a product containing or declaring it; see
///   Docs/Suitability.md, "Evidence in time"), a diagnosed or reported allergen (directly, through EU group names
///   and synonyms, or as a typical constituent), a strongly or moderately graded member of a diagnosed
///   cross-reactivity group, a food-allergen class the client has, a block rule of a current medical-history item,
///   a label name a positive patch-test allergen implicates, or undisclosed fragrance for a client positive to a
///   general fragrance marker;
/// - **unknown**: unresolved ingredient names, or no ingredient list, or a current history item the reference data
///   does not know;
/// - **pending**: a test on this product applied and not finally read;
/// - **caution**: undisclosed fragrance for a client allergic to a named fragrance substance, a graded cross-reactor
///   of a positive patch-test allergen, a graded cross-reactor of a suspected allergen, a weakly graded or
///   unimplicated member of a diagnosed group, a condition caution, phototoxic above its cap (or at an unstated
///   concentration), oxidation-prone stock opened longer than its shelf life, a caution rule of a current history
///   item, or an ingredient above a history item's dilution cap (or under one at an unstated concentration);
/// - **patch-test-required**: a condition requires a test before first use and this version has no negative one;
/// - **safe**: none of these.
///
/// Only evidence up to `now` counts: tests applied and readings made later are left out.
public struct SuitabilityEngine: Sendable {
    public let taxonomy: Taxonomy
    public let client: ClientProfile
    public let now: Date

    /// Blocks from allergies, which no test lifts, with their reasons; cautions from every rule.
    private var blockReasons: [Int: [String]] = [:]
    private var cautionReasons: [Int: [String]] = [:]
    private var blockedIngredients = OrdinalSet()
    private var cautionIngredients = OrdinalSet()
    private var allergenReasons: [Int: [String]] = [:]
    private var blockedAllergens = OrdinalSet()
    /// Declared EU allergens that are graded cross-reactors of a test allergen: a caution.
    private var cautionAllergens = OrdinalSet()
    private var allergenCautionReasons: [Int: [String]] = [:]
    private var fastCautionAllergens = InlineBits(w0: 0, w1: 0, w2: 0, w3: 0)
    private var hasAllergenCautions = false
    /// Suspicions from positive tests, each with the time of the last reaction implicating it: a product's own
    /// negative test read after that time lifts them for that product.
    private var ingredientEvidence: [Int: [Evidence]] = [:]
    private var evidenceBlockedIngredients = OrdinalSet()
    private var allergenEvidence: [Int: [Evidence]] = [:]
    private var evidenceBlockedAllergens = OrdinalSet()
    private var phototoxicIngredients = OrdinalSet()
    private var oxidationProneIngredients = OrdinalSet()
    /// The client's tests as they stood at `now`: nothing applied or read later counts.
    private var tests: [PatchTest] = []
    private var testsByProduct: [Int64: [(test: PatchTest, outcome: PatchTestOutcome)]] = [:]
    /// The tested products' ids, sorted: a membership check without hashing for the many untested products.
    private var testedProducts: [Int64] = []
    /// Unresolved names of positive-tested products (``nameKey(_:)``) → the test.
    private var suspectedNames: [String: PatchTest] = [:]
    /// Conditions that require a patch test before first use.
    private var testRequiredBy: [ConditionProfile] = []
    /// The rule sets as plain bits, and whether they fit in them.
    private var fastBlocked = InlineBits(w0: 0, w1: 0, w2: 0, w3: 0)
    private var fastBlockedAllergens = InlineBits(w0: 0, w1: 0, w2: 0, w3: 0)
    private var fastCaution = InlineBits(w0: 0, w1: 0, w2: 0, w3: 0)
    private var fastPath = false
    /// Cautions over many inventory ingredients at once (natural complex substances): one reason, written with the
    /// ingredient's name only for a product that has one.
    private var sharedCautions: [(set: OrdinalSet, reason: String)] = []
    /// Whether a rule names an inventory ingredient (an ordinal beyond the inline bits) other than through the
    /// shared cautions: then a key with such ordinals needs the full check.
    private var inventoryRules = false
    /// Whether the shared cautions cover the inventory's natural complex oils, and the other natural complex ones.
    private var cautionsNaturalComplexOils = false
    private var cautionsNaturalComplexOthers = false
    /// The client's current medical-history items: blocks, cautions, dilution caps (Docs/Suitability.md).
    private var history = MedicalHistoryRules()
    /// Whether the history needs a look on the fast path (caps, declared-substance cautions, unknown items): a client
    /// without them pays one flag per product.
    private var historyOnFastPath = false
    /// Allergies naming what the reference data does not have: nothing is known to be safe until they are corrected.
    private var unknownAllergies: [String] = []

    /// A suspicion from test evidence: why, and the last reaction that implicates it.
    private struct Evidence: Sendable {
        var reason: String
        var since: Date
    }

    public init(taxonomy: Taxonomy, client: ClientProfile, now: Date = Date()) {
        self.taxonomy = taxonomy
        self.client = client
        self.now = now
        tests = client.patchTests.compactMap { $0.asOf(now) }
        for test in tests { testsByProduct[test.productID, default: []].append((test, test.outcome)) }
        testedProducts = testsByProduct.keys.sorted()
        compileTestEvidence()
        compileAllergies()
        history = MedicalHistoryRules(taxonomy: taxonomy, client: client)
        compileConditions()
        compileMedicalHistory()
        historyOnFastPath = history.affectsFastPath
        for ingredient in taxonomy.ingredients {
            guard let ordinal = taxonomy.ordinal(of: ingredient.id) else { continue }
            if ingredient.phototoxicity != nil { phototoxicIngredients.insert(ordinal) }
            if ingredient.oxidationProne && ingredient.shelfLifeMonthsAfterOpening != nil { oxidationProneIngredients.insert(ordinal) }
        }
        let anyBlocked = blockedIngredients.union(evidenceBlockedIngredients)
        let anyBlockedAllergen = blockedAllergens.union(evidenceBlockedAllergens)
        fastBlocked = anyBlocked.inline
        fastBlockedAllergens = anyBlockedAllergen.inline
        fastCaution = cautionIngredients.inline
        fastCautionAllergens = cautionAllergens.inline
        hasAllergenCautions = !cautionAllergens.isEmpty
        // A key with inventory ordinals (beyond the inline 256 bits) is decided here only when no rule names an
        // inventory ingredient but the shared natural-complex cautions, which its flags answer: the fast path holds
        // whatever the taxonomy's size. An allergy naming what the reference data does not have makes every product
        // unknown: the full check says so.
        fastPath = unknownAllergies.isEmpty
    }

    /// One thing the client must avoid, with why: for the printed safe list.
    public struct Avoidance: Sendable, Equatable {
        /// The ingredient's INCI name, or the allergen's name.
        public var name: String
        public var reasons: [String]

        public init(name: String, reasons: [String]) {
            self.name = name
            self.reasons = reasons
        }
    }

    /// Every ingredient and declared allergen blocked for this client, by name.
    public var avoidances: [Avoidance] {
        let ingredients = blockedIngredients.union(evidenceBlockedIngredients).members.map { ordinal in
            Avoidance(
                name: taxonomy.ingredientName(ordinal: ordinal),
                reasons: (blockReasons[ordinal] ?? []) + (ingredientEvidence[ordinal] ?? []).map(\.reason)
            )
        }
        let allergens = blockedAllergens.union(evidenceBlockedAllergens).members.map { ordinal in
            Avoidance(
                name: taxonomy.allergens[ordinal].name,
                reasons: (allergenReasons[ordinal] ?? []) + (allergenEvidence[ordinal] ?? []).map(\.reason)
            )
        }
        return (ingredients + allergens).sorted { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
    }

    // MARK: Compiling the client's evidence

    private mutating func block(_ ingredient: IngredientID, _ reason: String) {
        guard let ordinal = taxonomy.ordinal(of: ingredient) else { return }
        if ordinal >= 256 { inventoryRules = true }
        blockedIngredients.insert(ordinal)
        if !(blockReasons[ordinal]?.contains(reason) ?? false) { blockReasons[ordinal, default: []].append(reason) }
    }

    private mutating func caution(_ ingredient: IngredientID, _ reason: String) {
        guard let ordinal = taxonomy.ordinal(of: ingredient) else { return }
        if ordinal >= 256 { inventoryRules = true }
        cautionIngredients.insert(ordinal)
        if !(cautionReasons[ordinal]?.contains(reason) ?? false) { cautionReasons[ordinal, default: []].append(reason) }
    }

    private mutating func cautionShared(oils: Bool, others: Bool, _ reason: String) {
        var set = OrdinalSet()
        if oils { set.formUnion(taxonomy.naturalComplexOils) }
        if others { set.formUnion(taxonomy.naturalComplexOthers) }
        guard !set.isEmpty else { return }
        cautionsNaturalComplexOils = cautionsNaturalComplexOils || oils
        cautionsNaturalComplexOthers = cautionsNaturalComplexOthers || others
        cautionIngredients.formUnion(set)
        sharedCautions.append((set, reason))
    }

    private func label(_ ingredient: IngredientID) -> String { taxonomy.ingredient(ingredient)?.inci ?? ingredient.rawValue }

    /// Suspected allergens from positive tests, minus what later negative tests cleared; their graded cross-reactors.
    ///
    /// Evidence is ordered in time: a negative clears an ingredient (or a declared EU allergen) only when its final
    /// reading came after every reaction (positive, doubtful, irritant or reported) of a product containing (or
    /// declaring) it, or at the same reading (tests applied together and read together, as when a blend's
    /// components are tested beside it). Undisclosed fragrance is a different mixture in every product, so a
    /// negative clears it for the tested version only; so does a negative of a product that typically contains a
    /// suspected substance without declaring it.
    private mutating func compileTestEvidence() {
        var lastReaction: [IngredientID: Date] = [:]
        var lastAllergenReaction: [AllergenID: Date] = [:]
        for test in tests {
            guard case .reacted = test.outcome, let at = test.lastReactionAt else { continue }
            for ingredient in test.ingredients { lastReaction[ingredient] = max(lastReaction[ingredient] ?? at, at) }
            for allergen in test.allergens { lastAllergenReaction[allergen] = max(lastAllergenReaction[allergen] ?? at, at) }
        }
        var cleared = Set<IngredientID>()
        var clearedAllergens = Set<AllergenID>()
        for test in tests {
            guard case .negative(let final) = test.outcome else { continue }
            for ingredient in test.ingredients where final.readAt >= lastReaction[ingredient] ?? .distantPast {
                if taxonomy.ingredient(ingredient)?.kind != .fragrance { cleared.insert(ingredient) }
            }
            for allergen in test.allergens where final.readAt >= lastAllergenReaction[allergen] ?? .distantPast {
                clearedAllergens.insert(allergen)
            }
        }
        for test in tests {
            guard case .reacted(let reading) = test.outcome, reading.result.isPositive else { continue }
            let source = "patch test \(test.id) (\(test.productName), \(test.describe(reading)))"
            for ingredient in test.ingredients where !cleared.contains(ingredient) {
                let since = lastReaction[ingredient] ?? reading.readAt
                if taxonomy.ingredient(ingredient)?.kind == .fragrance {
                    suspect(
                        ingredient,
                        "contains \(label(ingredient)), a suspected allergen from \(source); undisclosed fragrance differs in "
                            + "every product, so only a later negative test of this product clears it",
                        since: since
                    )
                } else {
                    suspect(ingredient, "contains \(label(ingredient)), a suspected allergen from \(source)", since: since)
                }
                for group in taxonomy.crossReactivityGroups {
                    guard group.grade(of: ingredient) != nil else { continue }
                    for member in group.members where member.ingredient != ingredient && member.grade != .notImplicated {
                        caution(
                            member.ingredient,
                            "contains \(label(member.ingredient)), a \(member.grade.rawValue) cross-reactor (\(group.name)) of "
                                + "\(label(ingredient)), a suspected allergen from \(source)"
                        )
                    }
                }
            }
            for allergen in test.allergens where !clearedAllergens.contains(allergen) {
                guard let facts = taxonomy.allergen(allergen), let ordinal = taxonomy.ordinal(of: allergen) else { continue }
                let since = lastAllergenReaction[allergen] ?? reading.readAt
                evidenceBlockedAllergens.insert(ordinal)
                append(
                    Evidence(reason: "declares \(facts.name), a suspected allergen from \(source)", since: since),
                    to: &allergenEvidence[ordinal]
                )
                // A group name's members are the test's own ingredients (the label entry stands for them); a
                // substance is also in the oils that typically contain it.
                guard facts.form == .substance else { continue }
                for ingredient in taxonomy.ingredients where ingredient.constituents.contains(allergen) {
                    suspect(
                        ingredient.id,
                        "contains \(ingredient.inci), which typically contains \(facts.name.lowercased()), a suspected allergen "
                            + "declared by \(source)",
                        since: since
                    )
                }
            }
            for name in test.unresolvedNames { suspectedNames[Self.nameKey(name)] = test }
        }
    }

    private mutating func suspect(_ ingredient: IngredientID, _ reason: String, since: Date) {
        guard let ordinal = taxonomy.ordinal(of: ingredient) else { return }
        if ordinal >= 256 { inventoryRules = true }
        evidenceBlockedIngredients.insert(ordinal)
        append(Evidence(reason: reason, since: since), to: &ingredientEvidence[ordinal])
    }

    private func append(_ evidence: Evidence, to list: inout [Evidence]?) {
        if !(list?.contains { $0.reason == evidence.reason } ?? false) { list = (list ?? []) + [evidence] }
    }

    /// An unresolved name as the resolver compares names: case and accents folded, punctuation and spacing
    /// collapsed, parenthesised parts and qualifier words ("organic") left out.
    static func nameKey(_ name: String) -> String {
        let full = LabelText.key(name)
        let plain = LabelText.removingQualifiers(LabelText.key(LabelText.removingParentheticals(name)))
        return plain.isEmpty ? full : plain
    }

    /// Diagnosed and reported allergies: ingredients, EU allergens (and the oils that typically contain them),
    /// cross-reactivity groups by grade, food-allergen classes.
    private mutating func compileAllergies() {
        for allergy in client.allergies where allergy.isAllergy {
            let who = allergy.source == .dermatologist ? "a diagnosed allergen" : "a client-reported allergen"
            guard taxonomy.knows(allergy.target) else {
                unknownAllergies.append(
                    "unknown: the client's allergy \(allergy.described) names \(allergy.target.kind) '\(allergy.target.id)', which "
                        + "the reference data does not have; not known to be safe until the allergy is corrected"
                )
                continue
            }
            switch allergy.target {
            case .ingredient(let id):
                block(id, "contains \(label(id)), \(who): \(allergy.described)")
            case .allergen(let id):
                applyAllergen(id, blocking: true, because: "\(who): \(allergy.described)")
            case .crossReactivityGroup(let id):
                guard let group = taxonomy.crossReactivityGroup(id) else { continue }
                for member in group.members {
                    let reason = "contains \(label(member.ingredient)), graded \(member.grade.rawValue) in \(group.name) "
                        + "(\(member.evidence)); \(who): \(allergy.described)"
                    if member.grade >= .moderate { block(member.ingredient, reason) } else { caution(member.ingredient, reason) }
                }
            case .foodAllergenClass(let id):
                let name = taxonomy.foodAllergenClass(id)?.name.lowercased() ?? id.rawValue
                for ingredient in taxonomy.ingredients where ingredient.foodAllergen == id {
                    block(ingredient.id, "contains \(ingredient.inci), a \(name) food allergen; \(who): \(allergy.described)")
                }
            case .testAllergen(let id):
                compileTestAllergen(id, allergy: allergy, who: who)
            }
        }
    }

    /// A diagnosed or reported EU allergen, or one a test allergen implicates: the products declaring it, the oils
    /// that typically contain it (or an EU group's members), a caution for natural complex substances whose
    /// constituents are unknown, and a caution for undisclosed fragrance, which may hold it below the labelling
    /// threshold. `blocking: false` makes every rule a caution (a graded cross-reactor).
    private mutating func applyAllergen(_ id: AllergenID, blocking: Bool, because: String) {
        guard let allergen = taxonomy.allergen(id) else { return }
        if let ordinal = taxonomy.ordinal(of: id) {
            let reason = "declares \(allergen.name), \(because)"
            if blocking {
                blockedAllergens.insert(ordinal)
                if !(allergenReasons[ordinal]?.contains(reason) ?? false) { allergenReasons[ordinal, default: []].append(reason) }
            } else {
                cautionAllergens.insert(ordinal)
                if !(allergenCautionReasons[ordinal]?.contains(reason) ?? false) {
                    allergenCautionReasons[ordinal, default: []].append(reason)
                }
            }
        }
        if allergen.form == .substance {
            // The inventory's natural complex substances may contain it: at least a caution.
            cautionShared(
                oils: true, others: true,
                ", a natural complex substance whose constituents are not in the reference data; it may contain "
                    + "\(allergen.name.lowercased()), \(because)"
            )
        }
        for fragrance in undisclosedFragrances {
            caution(
                fragrance,
                "contains \(label(fragrance)), an undisclosed fragrance: it may contain \(allergen.name.lowercased()) below "
                    + "the EU labelling threshold of 0.001 % leave-on (0.01 % rinse-off); \(because)"
            )
        }
        if allergen.form == .naturalExtract {
            for member in taxonomy.members(ofEUGroup: id) {
                let reason = "contains \(label(member)), covered by \(allergen.name), \(because)"
                if blocking { block(member, reason) } else { caution(member, reason) }
            }
        } else {
            for ingredient in taxonomy.ingredients where ingredient.constituents.contains(id) {
                let reason = "contains \(ingredient.inci), which typically contains \(allergen.name.lowercased()), \(because)"
                if blocking { block(ingredient.id, reason) } else { caution(ingredient.id, reason) }
            }
        }
    }

    /// The curated ingredients that declare an undisclosed mixture (Parfum, and the names that resolve to it).
    private var undisclosedFragrances: [IngredientID] {
        taxonomy.ingredients.filter { $0.kind == .fragrance }.map(\.id)
    }

    /// A patch-test allergen: what it names is blocked, its graded cross-reactors cautioned; a general fragrance
    /// marker blocks undisclosed fragrance too (ALLERGENS.md §3).
    private mutating func compileTestAllergen(_ id: TestAllergenID, allergy: ClientAllergy, who: String) {
        guard let test = taxonomy.testAllergen(id) else { return }
        let because = "implicated by \(test.name), \(who): \(allergy.described)"
        let implications = taxonomy.implications(of: id)
        for target in implications.avoid {
            switch target {
            case .ingredient(let ingredient): block(ingredient, "contains \(label(ingredient)), \(because)")
            case .allergen(let allergen): applyAllergen(allergen, blocking: true, because: because)
            }
        }
        let crossReason = test.cautionReason.map { "\($0); " } ?? "a cross-reactor; "
        for target in implications.caution {
            switch target {
            case .ingredient(let ingredient):
                caution(ingredient, "contains \(label(ingredient)), \(crossReason)\(because)")
            case .allergen(let allergen):
                applyAllergen(allergen, blocking: false, because: "\(crossReason)\(because)")
            }
        }
        if test.fragranceMarker {
            for fragrance in undisclosedFragrances {
                block(
                    fragrance,
                    "contains \(label(fragrance)), an undisclosed fragrance: \(test.name) is a general fragrance marker, and "
                        + "fragrance-allergic clients use fragrance-free products; \(who): \(allergy.described)"
                )
            }
        }
    }

    private mutating func compileConditions() {
        for id in client.conditions + history.conditions {
            guard let condition = taxonomy.condition(id) else { continue }
            if condition.patchTestRequired { testRequiredBy.append(condition) }
            for caution in condition.cautions where !caution.kinds.isEmpty || !caution.ingredients.isEmpty {
                // Inventory natural complex substances count as essential oils (oils) or fragrances (the others).
                let reason = ": \(condition.name.lowercased()) caution — \(caution.text)"
                cautionShared(oils: caution.kinds.contains(.essentialOil), others: caution.kinds.contains(.fragrance), reason)
                for ingredient in taxonomy.ingredients where caution.applies(to: ingredient) {
                    self.caution(ingredient.id, "contains \(ingredient.inci): \(condition.name.lowercased()) caution — \(caution.text)")
                }
            }
        }
    }

    /// Product rules of the client's current medical-history items.
    private mutating func compileMedicalHistory() {
        for (ingredient, reason) in history.blocks { block(ingredient, reason) }
        for (ingredient, reason) in history.cautions { caution(ingredient, reason) }
        for (allergen, reason) in history.allergenBlocks {
            guard let ordinal = taxonomy.ordinal(of: allergen) else { continue }
            blockedAllergens.insert(ordinal)
            if !(allergenReasons[ordinal]?.contains(reason) ?? false) { allergenReasons[ordinal, default: []].append(reason) }
        }
    }

    // MARK: Evaluating a product

    /// The verdict for one product version, with stock at a location when the check concerns a shelf.
    public func evaluate(_ product: ProductFacts, stock: StockFacts? = nil) -> SuitabilityVerdict {
        var blocked: [String] = []
        var unknown: [String] = []
        var pending: [String] = []
        var cautions: [String] = []
        var required: [String] = []

        var negativeOnThisVersion = false
        var negativeOnOtherVersion: PatchTest?
        var ownNegativeAt: Date?
        for (test, outcome) in testsByProduct[product.productID] ?? [] {
            switch outcome {
            case .reacted(let reading) where reading.result == .reported:
                blocked.append(
                    "blocked: the client reported a reaction to this product (version \(test.formulationVersion)) on "
                        + "\(DateText.day(reading.readAt)) (record \(test.id)); it stays blocked until a therapist reviews it"
                )
            case .reacted(let reading):
                blocked.append("blocked: patch test \(test.id) on this product (version \(test.formulationVersion)) was \(test.describe(reading))")
            case .pending(let last):
                var text = "pending: patch test \(test.id) applied \(DateText.day(test.appliedAt)) is not finally read"
                if let last, last.result == .negative {
                    text += " (negative at \(test.hours(at: last.readAt)) h is not final before \(PatchTest.finalAfterHours) h)"
                }
                pending.append(text)
            case .negative(let final):
                if test.formulationID == product.formulationID {
                    negativeOnThisVersion = true
                    ownNegativeAt = max(ownNegativeAt ?? final.readAt, final.readAt)
                } else {
                    negativeOnOtherVersion = test
                }
            }
        }

        if product.ingredientSet.intersects(blockedIngredients) || product.ingredientSet.intersects(evidenceBlockedIngredients) {
            for ingredient in product.ingredientIDs {
                guard let ordinal = taxonomy.ordinal(of: ingredient) else { continue }
                blocked += (blockReasons[ordinal] ?? []).map { "blocked: \($0)" }
                for evidence in ingredientEvidence[ordinal] ?? [] where Self.stands(evidence, ownNegativeAt) {
                    blocked.append("blocked: \(evidence.reason)")
                }
            }
        }
        if product.allergenSet.intersects(blockedAllergens) || product.allergenSet.intersects(evidenceBlockedAllergens) {
            for allergen in product.allergenIDs {
                guard let ordinal = taxonomy.ordinal(of: allergen) else { continue }
                blocked += (allergenReasons[ordinal] ?? []).map { "blocked: \($0)" }
                for evidence in allergenEvidence[ordinal] ?? [] where Self.stands(evidence, ownNegativeAt) {
                    blocked.append("blocked: \(evidence.reason)")
                }
            }
        }
        if !product.hasIngredientList {
            unknown.append("unknown: the supplier gives no ingredient list; not known to be safe")
        } else if product.namesNoIngredient {
            unknown.append("unknown: the supplier's ingredient list names no ingredient; not known to be safe")
        }
        if let stale = product.staleReason { unknown.append("unknown: \(stale); not known to be safe") }
        unknown += history.unknownItems
        unknown += unknownAllergies
        for name in product.unresolved {
            if let test = suspectedNames[Self.nameKey(name)] {
                blocked.append("blocked: contains \(name), also in \(test.productName), positive in patch test \(test.id)")
            } else {
                unknown.append("unknown: '\(name)' is not in the reference catalogue; not known to be safe")
            }
        }
        if product.ingredientSet.intersects(cautionIngredients) {
            for ingredient in product.ingredientIDs {
                // Every rule is listed: a blocked row keeps its cautions too.
                guard let ordinal = taxonomy.ordinal(of: ingredient) else { continue }
                cautions += (cautionReasons[ordinal] ?? []).map { "caution: \($0)" }
                for shared in sharedCautions where shared.set.contains(ordinal) {
                    cautions.append("caution: contains \(label(ingredient))\(shared.reason)")
                }
            }
        }
        if hasAllergenCautions && product.allergenSet.intersects(cautionAllergens) {
            for allergen in product.allergenIDs {
                guard let ordinal = taxonomy.ordinal(of: allergen) else { continue }
                cautions += (allergenCautionReasons[ordinal] ?? []).map { "caution: \($0)" }
            }
        }
        if product.allergenSet.intersects(history.cautionAllergens) {
            for allergen in product.allergenIDs {
                guard let ordinal = taxonomy.ordinal(of: allergen) else { continue }
                cautions += (history.allergenCautionReasons[ordinal] ?? []).map { "caution: \($0)" }
            }
        }
        cautions += history.capReasons(product, taxonomy: taxonomy)
        if product.ingredientSet.intersects(phototoxicIngredients) {
            for ingredient in product.ingredientIDs {
                guard let facts = taxonomy.ingredient(ingredient), let cap = facts.phototoxicity?.maxDilutionPercent else { continue }
                if let percent = product.percents[ingredient] {
                    if percent > cap {
                        cautions.append("caution: contains \(facts.inci) at \(Self.percent(percent)) %, above its phototoxic cap of \(Self.percent(cap)) % (\(facts.phototoxicity!.source))")
                    }
                } else {
                    cautions.append("caution: contains \(facts.inci), phototoxic above \(Self.percent(cap)) %; the label does not state its concentration")
                }
            }
        }
        if let expired = stock?.expired(at: now) {
            cautions.append("caution: stock here expired on \(DateText.day(expired)); use a batch in date")
        }
        if let stock, !stock.openedDates.isEmpty, product.ingredientSet.intersects(oxidationProneIngredients) {
            for ingredient in product.ingredientIDs {
                guard let facts = taxonomy.ingredient(ingredient), facts.oxidationProne,
                    let months = facts.shelfLifeMonthsAfterOpening,
                    let oldest = stock.openedDates.min(),
                    let limit = Calendar(identifier: .gregorian).date(byAdding: .month, value: months, to: oldest),
                    limit < now
                else { continue }
                cautions.append(
                    "caution: stock opened \(DateText.day(oldest)) is past the \(months)-month shelf life of \(facts.inci) after opening (oxidised oils are stronger allergens)"
                )
            }
        }
        if !client.historyOnRecord { cautions.append(Self.historyNotOnRecord) }
        if !testRequiredBy.isEmpty && !negativeOnThisVersion {
            let names = testRequiredBy.map { $0.name.lowercased() }.joined(separator: ", ")
            let subject = testRequiredBy.count == 1 ? "condition (\(names)) requires" : "conditions (\(names)) require"
            var text = "patch-test-required: the client's \(subject) a patch test before first use; there is no negative test of version \(product.version)"
            if let older = negativeOnOtherVersion {
                text += " (the negative patch test \(older.id) was on version \(older.formulationVersion); a reformulation is not cleared by it)"
            }
            required.append(text)
        }

        let status: SuitabilityStatus =
            !blocked.isEmpty ? .blocked : !unknown.isEmpty ? .unknown : !pending.isEmpty ? .pending
            : !cautions.isEmpty ? .caution : !required.isEmpty ? .patchTestRequired : .safe
        return SuitabilityVerdict(status: status, reasons: blocked + unknown + pending + cautions + required)
    }

    /// The status from a product's plain-bits key, when the key is enough; `nil` when the full check must decide
    /// (the product was tested, has unresolved names, or the taxonomy is beyond the fast path's 256 ordinals).
    @inline(__always)
    public func status(of key: StatusKey) -> SuitabilityStatus? {
        guard fastPath, !(key.needsFullCheck && inventoryRules), !(key.hasUnresolved && !suspectedNames.isEmpty),
            !isTested(key.productID)
        else {
            return nil
        }
        if key.ingredients.intersects(fastBlocked) || key.allergens.intersects(fastBlockedAllergens) { return .blocked }
        if !key.hasIngredientList || key.hasUnresolved { return .unknown }
        if historyOnFastPath {
            if history.needsFullCheck(key) { return nil }
            if key.allergens.intersects(history.fastCautionAllergens) || history.capCaution(key) { return .caution }
        }
        if hasAllergenCautions, key.allergens.intersects(fastCautionAllergens) { return .caution }
        if key.phototoxicCaution || key.ingredients.intersects(fastCaution)
            || (key.hasNaturalComplexOil && cautionsNaturalComplexOils)
            || (key.hasNaturalComplexOther && cautionsNaturalComplexOthers)
        {
            return .caution
        }
        if !client.historyOnRecord { return .caution }
        return testRequiredBy.isEmpty ? .safe : .patchTestRequired
    }

    /// The status alone, without building reasons: what a list needs for every product before it shows a few.
    /// Always equal to `evaluate(product, stock:).status`.
    public func status(of product: ProductFacts, stock: StockFacts? = nil) -> SuitabilityStatus {
        if stock == nil, let status = status(of: product.key) { return status }
        var pending = false
        var negativeOnThisVersion = false
        var ownNegativeAt: Date?
        if isTested(product.productID), let tests = testsByProduct[product.productID] {
            for (test, outcome) in tests {
                switch outcome {
                case .reacted: return .blocked
                case .pending: pending = true
                case .negative(let final):
                    if test.formulationID == product.formulationID {
                        negativeOnThisVersion = true
                        ownNegativeAt = max(ownNegativeAt ?? final.readAt, final.readAt)
                    }
                }
            }
        }
        if product.ingredientSet.intersects(blockedIngredients) || product.allergenSet.intersects(blockedAllergens) {
            return .blocked
        }
        if product.ingredientSet.intersects(evidenceBlockedIngredients) || product.allergenSet.intersects(evidenceBlockedAllergens) {
            guard let ownNegativeAt else { return .blocked }
            for ingredient in product.ingredientIDs {
                guard let ordinal = taxonomy.ordinal(of: ingredient), let list = ingredientEvidence[ordinal] else { continue }
                if list.contains(where: { Self.stands($0, ownNegativeAt) }) { return .blocked }
            }
            for allergen in product.allergenIDs {
                guard let ordinal = taxonomy.ordinal(of: allergen), let list = allergenEvidence[ordinal] else { continue }
                if list.contains(where: { Self.stands($0, ownNegativeAt) }) { return .blocked }
            }
        }
        if !product.unresolved.isEmpty, !suspectedNames.isEmpty,
            product.unresolved.contains(where: { suspectedNames[Self.nameKey($0)] != nil })
        {
            return .blocked
        }
        if !product.hasIngredientList || product.namesNoIngredient || !product.unresolved.isEmpty || product.staleReason != nil
            || !history.unknownItems.isEmpty || !unknownAllergies.isEmpty
        {
            return .unknown
        }
        if pending { return .pending }
        if product.ingredientSet.intersects(cautionIngredients) || product.phototoxicCaution
            || (hasAllergenCautions && product.allergenSet.intersects(cautionAllergens))
            || product.allergenSet.intersects(history.cautionAllergens) || history.exceedsCap(product, taxonomy: taxonomy)
        {
            return .caution
        }
        if stock?.expired(at: now) != nil { return .caution }
        if let stock, let months = product.shortestShelfLifeMonths, let oldest = stock.openedDates.min(),
            let limit = Calendar(identifier: .gregorian).date(byAdding: .month, value: months, to: oldest), limit < now
        {
            return .caution
        }
        if !client.historyOnRecord { return .caution }
        if !testRequiredBy.isEmpty && !negativeOnThisVersion { return .patchTestRequired }
        return .safe
    }

    /// The caution every product carries for a client whose medical history was never taken.
    public static let historyNotOnRecord =
        "caution: the client's medical history is not on record; ask at intake (pregnancy, epilepsy, medication, "
        + "circulation, diabetes, recent surgery) and record it — or record that there is nothing to report"


    /// Binary search in the sorted tested-product ids.
    private func isTested(_ product: Int64) -> Bool {
        var low = 0
        var high = testedProducts.count
        while low < high {
            let middle = (low + high) / 2
            if testedProducts[middle] < product { low = middle + 1 } else { high = middle }
        }
        return low < testedProducts.count && testedProducts[low] == product
    }

    /// Whether a suspicion still holds for a product whose own latest negative test was read at `ownNegativeAt`:
    /// it does unless that negative was read at or after the last reaction implicating it.
    private static func stands(_ evidence: Evidence, _ ownNegativeAt: Date?) -> Bool {
        guard let ownNegativeAt else { return true }
        return evidence.since > ownNegativeAt
    }

    private static func percent(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
