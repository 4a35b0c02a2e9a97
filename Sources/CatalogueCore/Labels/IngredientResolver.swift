/// Names and label segments already resolved during one run of many lists; bounded.
public struct NameMemo: Sendable {
    static let limit = 50_000
    var names: [String: (matches: [IngredientMatch], source: MatchSource)?] = [:]
    /// Simple segments as printed → what they became, per may-contain mode (index 0: off, 1: on).
    var segments: [[String: [ResolvedFormulation.Entry]]] = [[:], [:]]

    public init() {}
}

/// Resolves ingredient names and whole ingredient lists against a ``Taxonomy``.
///
/// A name is tried as printed, then without its parenthesised parts, then without qualifier words
/// ("organic", "cold-pressed"), then, for "Aqua/Water"-style names, alternative by alternative. A name that
/// resolves no way is reported, never guessed: an unknown name is not known to be safe.
public struct IngredientResolver: Sendable {
    /// The taxonomy names are resolved against.
    public let taxonomy: Taxonomy

    public init(taxonomy: Taxonomy) {
        self.taxonomy = taxonomy
    }

    /// Parses and resolves a whole ingredient list as a label prints it.
    public func resolve(list text: String) -> IngredientListResolution {
        var memo = NameMemo()
        return resolve(list: text, memo: &memo)
    }

    /// Resolves a list, remembering each name's resolution in `memo` for the next lists (an import resolves the
    /// same few hundred names over and over).
    public func resolve(list text: String, memo: inout NameMemo) -> IngredientListResolution {
        let parsed = IngredientListParser.parse(text)
        var resolution = resolve(parsed.entries, memo: &memo)
        resolution.footnotes = parsed.footnotes
        return resolution
    }

    /// Resolves one name; `nil` when the taxonomy does not know it.
    public func resolve(name: String) -> (matches: [IngredientMatch], source: MatchSource)? {
        if let entry = lookUpVariants(of: name) { return ([entry.target], entry.source) }
        let alternatives = LabelText.removingParentheticals(name).split(separator: "/").map(String.init)
        guard alternatives.count > 1 else { return nil }
        var matches: [IngredientMatch] = []
        for alternative in alternatives {
            guard let entry = lookUpVariants(of: alternative) else { return nil }
            if !matches.contains(entry.target) { matches.append(entry.target) }
        }
        return (matches, .alternatives)
    }

    /// Resolves a list straight to its stored form, remembering each simple segment ("Aqua", "Linalool*") so a
    /// segment seen before costs one dictionary look-up. Gives the same result as
    /// `ResolvedFormulation(resolve(list:))`.
    public func resolveFormulation(list text: String, memo: inout NameMemo) -> ResolvedFormulation {
        var entries: [ResolvedFormulation.Entry] = []
        var mayContain = false
        for raw in IngredientListParser.segments(of: LabelText.normalisingSpaces(text)) {
            let mode = mayContain ? 1 : 0
            let key = String(raw)
            if let known = memo.segments[mode][key] {
                entries += known
                continue
            }
            var parsed = ParsedIngredientList(entries: [], footnotes: [])
            let simple = IngredientListParser.step(raw, into: &parsed, mayContain: &mayContain)
            let resolution = resolve(parsed.entries, memo: &memo)
            let produced = ResolvedFormulation(resolution).entries
            entries += produced
            if simple {
                if memo.segments[mode].count >= NameMemo.limit { memo.segments[mode].removeAll(keepingCapacity: true) }
                memo.segments[mode][key] = produced
            }
        }
        return ResolvedFormulation(entries: entries)
    }

    private func resolve(_ labels: [LabelEntry], memo: inout NameMemo) -> IngredientListResolution {
        let entries = labels.map { label in
            let match: (matches: [IngredientMatch], source: MatchSource)?
            if let known = memo.names[label.name] {
                match = known
            } else {
                match = resolve(name: label.name)
                if memo.names.count >= NameMemo.limit { memo.names.removeAll(keepingCapacity: true) }
                memo.names[label.name] = .some(match)
            }
            return IngredientListResolution.Entry(label: label, matches: match?.matches ?? [], source: match?.source)
        }
        return IngredientListResolution(entries: entries, footnotes: [])
    }

    private func lookUpVariants(of name: String) -> NameIndex.Entry? {
        let full = LabelText.key(name)
        if let entry = taxonomy.lookUpName(full) { return entry }
        let bare = LabelText.key(LabelText.removingParentheticals(name))
        if bare != full, let entry = taxonomy.lookUpName(bare) { return entry }
        let plain = LabelText.removingQualifiers(bare)
        if plain != bare, !plain.isEmpty, let entry = taxonomy.lookUpName(plain) { return entry }
        return nil
    }

    /// Words shared by too many names to say anything about a match.
    private static let genericWords: Set<String> = [
        "extract", "seed", "leaf", "flower", "butter", "water", "acid", "alcohol", "peel", "root", "fruit", "kernel",
        "essential", "carrier", "infused", "bark", "wood", "juice", "wax", "cera", "officinalis", "vulgaris",
    ]

    /// Up to `limit` known names that look like `name`, closest first, to offer when it does not resolve.
    public func suggestions(for name: String, limit: Int = 3) -> [String] {
        let key = LabelText.removingQualifiers(LabelText.key(LabelText.removingParentheticals(name)))
        guard !key.isEmpty else { return [] }
        let words = Set(key.split(separator: " "))
        var scored: [(score: Int, spelling: String)] = []
        for (candidate, entry) in taxonomy.names.entries {
            let distance = EditDistance.between(key, candidate, limit: max(2, key.count / 3))
            let shared = words.intersection(candidate.split(separator: " ")).filter {
                $0.count > 3 && !Self.genericWords.contains(String($0))
            }
            if let distance {
                scored.append((distance, entry.spelling))
            } else if !shared.isEmpty {
                scored.append((100 - shared.count, entry.spelling))
            }
        }
        var seen = Set<String>()
        return scored.sorted { ($0.score, $0.spelling) < ($1.score, $1.spelling) }
            .map(\.spelling)
            .filter { seen.insert($0).inserted }
            .prefix(limit)
            .map { $0 }
    }
}
