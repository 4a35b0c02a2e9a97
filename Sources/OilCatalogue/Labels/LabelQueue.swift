public import CatalogueCore
public import Foundation
public import StoreInterface

/// What is left when the reference data cannot resolve a name: the queue of unresolved spellings, and the aliases
/// an admin maps them with.
public enum LabelQueue {
    /// One unresolved spelling and how many products print it.
    public struct Spelling: Sendable, Codable, Equatable {
        /// The spelling as most products print it.
        public var spelling: String
        /// Active products whose current formulation prints it.
        public var products: Int
        /// A few of them, "supplier:sku".
        public var examples: [String]

        public init(spelling: String, products: Int, examples: [String]) {
            self.spelling = spelling
            self.products = products
            self.examples = examples
        }
    }

    /// A client whose verdict on a product changed because the product was read again (an alias, or new reference
    /// data).
    public struct Change: Sendable, Codable, Equatable {
        public var client: Int64
        public var clientName: String
        public var product: String
        public var previousStatus: String
        public var status: String
        public var reasons: [String]
    }

    /// What adding an alias did.
    public struct Outcome: Sendable, Codable, Equatable {
        public var spelling: String
        /// `ingredient` or `mixture`.
        public var kind: String
        public var ingredient: String?
        /// The products resolved again.
        public var products: [String]
        /// Every client whose verdict on one of them changed.
        public var changes: [Change]
    }

    /// Every spelling left unresolved in the catalogue, commonest first; spellings an admin marked as mixtures of
    /// unknown composition have left the queue.
    public static func unresolved(database: any ClinicStore) async throws -> [Spelling] {
        let aliases = try await database.resolverAliases()
        var byKey: [String: (spellings: [String: Int], products: [String])] = [:]
        for formulation in try await database.formulationsWithUnresolvedNames() {
            var seen = Set<String>()
            for name in formulation.unresolvedNames {
                if aliases.target(of: name) == .mixture { continue }
                let key = LabelAliases.key(name)
                guard !key.isEmpty, seen.insert(key).inserted else { continue }
                byKey[key, default: ([:], [])].spellings[name, default: 0] += 1
                byKey[key, default: ([:], [])].products.append(formulation.reference)
            }
        }
        return byKey.values.map { entry in
            let spelling = entry.spellings.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            return Spelling(spelling: spelling, products: entry.products.count, examples: Array(entry.products.prefix(3)))
        }.sorted { ($0.products, $1.spelling) > ($1.products, $0.spelling) }
    }

    /// Maps `spelling` to an ingredient (`ingredient` names it by id or INCI name) or, with `ingredient` nil, marks
    /// it as a mixture of unknown composition; then resolves again, at once, every product that prints it, and
    /// reports the clients whose verdicts changed (as an import does).
    /// - Throws: ``LabelQueueError`` when the spelling already resolves or the ingredient is unknown.
    public static func addAlias(
        spelling: String, ingredient: String?, database: any ClinicStore, taxonomy: Taxonomy, actor: String,
        now: Date = Date()
    ) async throws -> Outcome {
        let key = LabelAliases.key(spelling)
        guard !key.isEmpty else {
            throw LabelQueueError(code: "ALIAS-EMPTY", message: "the spelling has no letters or digits; give it as printed on the label")
        }
        let plain = IngredientResolver(taxonomy: taxonomy)
        if let existing = plain.resolve(name: spelling) {
            let names = existing.matches.map { describe($0, taxonomy) }.joined(separator: ", ")
            throw LabelQueueError(
                code: "ALIAS-RESOLVES",
                message: "'\(spelling)' already resolves (\(existing.source.rawValue)) to \(names); an alias is only for what the reference data cannot resolve"
            )
        }
        let target: LabelAlias.Target
        if let ingredient {
            guard let found = taxonomy.ingredient(named: ingredient) else {
                let hint = plain.suggestions(for: ingredient).map { "'\($0)'" }.joined(separator: ", ")
                throw LabelQueueError(
                    code: "ALIAS-UNKNOWN-INGREDIENT",
                    message: "no ingredient is named '\(ingredient)'" + (hint.isEmpty ? "; give an id or INCI name (oilcat catalogue ingredients --search WORDS)" : "; did you mean \(hint)?")
                )
            }
            target = .ingredient(found.id)
        } else {
            target = .mixture
        }
        let alias = LabelAlias(spelling: spelling, target: target)
        let resolver = IngredientResolver(taxonomy: taxonomy, aliases: LabelAliases(try await database.labelAliases().map(\.alias) + [alias]))

        var reresolved: [ReresolvedFormulation] = []
        var before: [ProductFacts] = []
        var after: [ProductFacts] = []
        var products: [String] = []
        for formulation in try await database.formulationsWithUnresolvedNames()
        where formulation.unresolvedNames.contains(where: { LabelAliases.key($0) == key }) {
            guard let text = formulation.ingredientText else { continue }
            var memo = NameMemo()
            let resolution = resolver.resolveFormulation(list: text, memo: &memo)
            reresolved.append(
                ReresolvedFormulation(
                    formulationID: formulation.formulationID, resolution: StoredResolution(resolution, taxonomy: taxonomy),
                    unresolvedAsRead: formulation.unresolvedNames
                )
            )
            products.append(formulation.reference)
            func facts(_ resolution: ResolvedFormulation) -> ProductFacts {
                ProductFacts(
                    productID: formulation.productID, reference: formulation.reference, name: formulation.name,
                    formulationID: formulation.formulationID, version: formulation.version, resolution: resolution,
                    hasIngredientList: true, taxonomy: taxonomy
                )
            }
            before.append(facts(formulation.resolution))
            after.append(facts(resolution))
        }
        var changes: [Change] = []
        if !after.isEmpty {
            for client in try await database.allClientProfiles() {
                let engine = SuitabilityEngine(taxonomy: taxonomy, client: client, now: now)
                for (old, new) in zip(before, after) {
                    let previous = engine.evaluate(old).status
                    let verdict = engine.evaluate(new)
                    guard previous != verdict.status else { continue }
                    changes.append(
                        Change(
                            client: client.id, clientName: client.name, product: new.reference,
                            previousStatus: previous.rawValue, status: verdict.status.rawValue,
                            reasons: verdict.reasons.filter { $0.hasPrefix(verdict.status.rawValue) }
                        )
                    )
                }
            }
        }
        try await database.addLabelAlias(alias, reresolved: reresolved, actor: actor, at: now)
        let ingredientID: String? = if case .ingredient(let id) = target { id.rawValue } else { nil }
        return Outcome(
            spelling: spelling, kind: ingredientID == nil ? "mixture" : "ingredient", ingredient: ingredientID,
            products: products, changes: changes
        )
    }

    private static func describe(_ match: IngredientMatch, _ taxonomy: Taxonomy) -> String {
        switch match {
        case .ingredient(let id): taxonomy.ingredient(id)?.inci ?? id.rawValue
        case .allergen(let id), .euGroup(let id, _): taxonomy.allergen(id)?.name ?? id.rawValue
        }
    }
}

/// An alias that cannot be added, with what to do.
public struct LabelQueueError: CodedError, Equatable {
    public var code: String
    public var message: String
}
