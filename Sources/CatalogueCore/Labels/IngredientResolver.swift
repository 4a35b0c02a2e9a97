import Foundation

/// Names and label segments already resolved during one run of many lists; bounded.
public struct NameMemo: Sendable {
    static let limit = 50_000
    var names: [String: (matches: [IngredientMatch], source: MatchSource)?] = [:]
    /// Segments as printed → what they became and how they left the parser, per state the parser met them in
    /// (``IngredientListParser/State/slot``). A step depends on nothing else, so footnotes, headings and sentences
    /// are remembered too ("*naturally occurring in essential oils" closes most lists of a feed).
    ///
    /// Keyed by substrings, so a look-up takes the segment where it lies in its list, without a copy; each key is a
    /// substring of its own small string, never of a list, so the memo keeps no list alive.
    var segments: [[Substring: SegmentOutcome]] = [[:], [:], [:], [:]]
    /// Roughly what `segments` holds, in bytes: it is emptied past ``segmentBytesLimit``, so a feed of long,
    /// never-repeated segments (sentences, or a hostile feed) cannot make it grow with the feed.
    var segmentBytes = 0
    static let segmentBytesLimit = 8 << 20

    struct SegmentOutcome: Sendable {
        var entries: [ResolvedFormulation.Entry]
        var after: IngredientListParser.State
        /// The entries' stored form (``ResolvedFormulation/entriesJSON(_:)``), so a list's is put together from its
        /// segments' instead of written entry by entry for every product.
        var json: String
    }

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
    /// The clinic's own decisions for spellings the taxonomy does not know.
    public let aliases: LabelAliases

    public init(taxonomy: Taxonomy, aliases: LabelAliases = .none) {
        self.taxonomy = taxonomy
        self.aliases = aliases
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
        var index = 0
        while index + 1 < resolution.entries.count {
            let (first, second) = (resolution.entries[index], resolution.entries[index + 1])
            if !first.isResolved, first.label.mayContain == second.label.mayContain,
                let joined = joinedName(
                    first.label.name, second.label.name, secondResolved: second.isResolved, memo: &memo
                )
            {
                let label = LabelEntry(
                    text: first.label.text + ", " + second.label.text, name: joined.name,
                    percent: second.label.percent ?? first.label.percent, mayContain: first.label.mayContain,
                    markers: first.label.markers + second.label.markers
                )
                resolution.entries[index] = .init(label: label, matches: joined.matches, source: joined.source)
                resolution.entries.remove(at: index + 1)
            }
            index += 1
        }
        return resolution
    }

    /// The version of the rules labels are read by. Raise it with any change that reads a stored label otherwise:
    /// it is part of the reference data's fingerprint, so every catalogue is read again with the new rules (2: an
    /// ingredient named in brackets after another counts).
    public static let readingRulesVersion = 2

    /// Resolves one name; `nil` when the taxonomy does not know it.
    ///
    /// Tried in turn: the name (as printed, without parentheses, without qualifiers, and then with what its
    /// brackets name checked: see `bracketMatches`); its colour-index numbers
    /// ("Red 7 Lake (CI 15850)", "Iron Oxides (CI 77491/77492)": each number is the INCI name); its alternatives
    /// ("Aqua/Water/Eau", "Water\\Aqua"), each of which must resolve unless it is a translation ("Extrait de
    /// Levure", "Huile végétale").
    public func resolve(name: String) -> (matches: [IngredientMatch], source: MatchSource)? {
        if let found = resolveFromTaxonomy(name: name) { return found }
        // An admin's alias: only for what the reference data cannot resolve. A mixture stays unresolved.
        if case .ingredient(let id)? = aliases.target(of: name) { return ([.ingredient(id)], .alias) }
        return nil
    }

    private func resolveFromTaxonomy(name: String) -> (matches: [IngredientMatch], source: MatchSource)? {
        if let entry = lookUpVariants(of: name) {
            // Matched without its brackets: what they name must be known too, or the whole name is not.
            guard let others = bracketMatches(in: name, besides: entry.target) else { return nil }
            return ([entry.target] + others, entry.source)
        }
        if let colours = colourIndexMatches(in: name) { return (colours, .colourIndex) }
        if let alternatives = alternativeMatches(in: name) { return (alternatives, .alternatives) }
        return respelledMatch(of: name)
    }

    /// Words that open a bracket naming what a product was made with ("infused with Arnica Montana Flower
    /// Extract"), taken off before the rest is looked up.
    private static let bracketOpeners = ["infused with", "macerated with", "with", "containing", "contains", "in", "and", "plus", "+", "of"]

    /// Last words that make a bracket's text an ingredient's name (an oil, an extract…) rather than a gloss, a
    /// function or a note ("Shea", "Texture Enhancer", "Fragrances of Botanical Origin").
    private static let bracketHeads: Set<String> = [
        "oil", "oils", "extract", "extracts", "butter", "wax", "juice", "powder", "ferment", "filtrate", "hydrosol",
        "absolute", "resin", "tincture", "macerate",
    ]

    /// What the brackets of a name matched without them add: "Helianthus Annuus Seed Oil (infused with Arnica Montana
    /// Flower Extract)" holds arnica as well as sunflower, and "Jojoba Oil (Lavandula Angustifolia Oil 5%)" lavender.
    /// A bracket that resolves to the same ingredient (a gloss: "(Shea)", "(Water)", "(CI 77891)") adds nothing; one
    /// that names no ingredient (a function, an origin, a percentage) is a note. One that reads as an ingredient's
    /// name (two words or more ending in "Oil", "Extract"…) but resolves to nothing returns `nil`: the name is then
    /// unresolved, never read as the bare name alone.
    private func bracketMatches(in name: String, besides target: IngredientMatch) -> [IngredientMatch]? {
        guard name.contains(where: { $0 == "(" || $0 == "[" || $0 == "{" }) else { return [] }
        // A name whose brackets are part of a known spelling ("Butyrospermum Parkii (Shea) Butter") needs no more.
        if taxonomy.lookUpName(LabelText.key(name)) != nil { return [] }
        // The plant the name is of: a bracket naming the same one ("Ricinus Communis (Castor) Seed Oil [Ricinus
        // Communis Oil]") is another spelling of it.
        let species = LabelText.key(LabelText.removingParentheticals(name)).split(separator: " ").prefix(2)
        var found: [IngredientMatch] = []
        for bracket in LabelText.parentheticals(in: name) {
            for piece in bracket.split(whereSeparator: { $0 == "," || $0 == ";" }) {
                // Percentages and numbers of a concentration are the label's, not the name's.
                var text = piece.split(separator: " ")
                    .filter { word in !word.allSatisfy { $0.isNumber || $0 == "." || $0 == "," || $0 == "%" } }
                    .joined(separator: " ")
                for opener in Self.bracketOpeners where text.lowercased().hasPrefix(opener + " ") {
                    text = String(text.dropFirst(opener.count + 1))
                    break
                }
                let key = LabelText.key(LabelText.removingParentheticals(text))
                guard !key.isEmpty else { continue }
                let matches: [IngredientMatch]
                if let entry = lookUpVariants(of: text) {
                    matches = [entry.target]
                } else if let colours = colourIndexMatches(in: text) {
                    matches = colours
                } else {
                    let words = key.split(separator: " ")
                    if words.count >= 2, let last = words.last, Self.bracketHeads.contains(String(last)),
                        species.count < 2 || Array(words.prefix(2)) != Array(species)
                    {
                        return nil
                    }
                    continue
                }
                for match in matches where match != target && !found.contains(match) { found.append(match) }
            }
        }
        return found
    }

    /// "Aqua/Water/Eau": every alternative resolves, or is a translation or a short English gloss of one that did.
    private func alternativeMatches(in name: String) -> [IngredientMatch]? {
        let alternatives = LabelText.removingParentheticals(name).split(whereSeparator: { $0 == "/" || $0 == "\\" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        // Labels print a name in two or three languages; more alternatives than that are a list, not translations.
        guard alternatives.count > 1, alternatives.count <= 6 else { return nil }
        let keys = alternatives.map { LabelText.key($0) }
        var matches: [IngredientMatch] = []
        var resolvedKeys: [String] = []
        var glosses: [String] = []
        // A species alone is never completed with another alternative's plant part: "Helianthus Annuus/Arachis
        // Hypogaea Seed Oil" is two oils, and "Beta Vulgaris/Beet Root Extract" cannot be told from it.
        for (index, alternative) in alternatives.enumerated() {
            if let entry = lookUpVariants(of: alternative) {
                if !matches.contains(entry.target) { matches.append(entry.target) }
                resolvedKeys += [keys[index], LabelText.key(entry.spelling)]
            } else if !LabelTranslation.isTranslation(alternative) {
                glosses.append(keys[index])
            }
        }
        guard !matches.isEmpty else { return nil }
        for gloss in glosses where !isGloss(gloss, of: matches, resolvedKeys: resolvedKeys) { return nil }
        return matches
    }

    /// English modifiers that open a plant's English name ("Sweet Almond Oil", "Evening Primrose Oil").
    private static let englishModifiers: Set<String> = [
        "sweet", "bitter", "evening", "rice", "mandarin", "wild", "black", "white", "red", "green", "sea", "sour",
    ]

    /// Whether an alternative that did not resolve is an English gloss of one that did ("Glycine Soja Oil / Soybean
    /// Oil", "Medicago Sativa Extract/Alfalfa Extract"): two to four words ending in the same word as a resolved name
    /// of three words or more; what comes before its plant-part words is one English word (or a modifier and a
    /// word), not a Latin name ("Arachis Hypogea Seed Oil" is another plant, misspelt), and it names no other
    /// ingredient of the catalogue ("Peanut Seed Oil", "Bergamot Peel Oil"). Anything else may be another
    /// ingredient, so the entry stays unresolved.
    private func isGloss(_ gloss: String, of matches: [IngredientMatch], resolvedKeys: [String]) -> Bool {
        let words = gloss.split(separator: " ").map(String.init)
        guard words.count >= 2, words.count <= 4, let last = words.last,
            resolvedKeys.contains(where: { $0.split(separator: " ").last.map(String.init) == last && $0.split(separator: " ").count > 2 })
        else { return false }
        var head = words
        while let word = head.last, Self.partWords.contains(word) || word == "bran" { head.removeLast() }
        guard head.count == 1 || (head.count == 2 && Self.englishModifiers.contains(head[0])) else { return false }
        // "Peanut Seed Oil" → "peanut oil", "Bergamot Peel Oil" → "bergamot oil": another ingredient's name.
        for candidate in [gloss, head.joined(separator: " ") + " " + last] {
            if let target = taxonomy.lookUpName(candidate)?.target, !matches.contains(target) { return false }
        }
        return true
    }

    /// The words of a name, a parenthesised part kept with the word before it: "Butyrospermum Parkii (Shea Butter)
    /// Extract" → "Butyrospermum", "Parkii (Shea Butter)", "Extract".
    static func wordsKeepingParentheses(_ name: String) -> [String] {
        var words: [String] = []
        var depth = 0
        for word in name.split(separator: " ") {
            let opening = depth > 0 || word.first == "(" || word.first == "["
            if opening, !words.isEmpty {
                words[words.count - 1] += " " + word
            } else {
                words.append(String(word))
            }
            for character in word {
                if character == "(" || character == "[" { depth += 1 }
                if character == ")" || character == "]" { depth = max(0, depth - 1) }
            }
        }
        return words
    }

    /// Words that name a part of a plant or a preparation of it, as INCI names end.
    private static let partWords: Set<String> = [
        "leaf", "leaves", "root", "seed", "flower", "fruit", "peel", "bark", "stem", "kernel", "bud", "wood", "twig",
        "rhizome", "callus", "sprout", "extract", "oil", "water", "juice", "powder", "wax", "cera", "butter", "gum",
        "resin", "ferment", "filtrate",
    ]

    /// The last resorts for a name that resolves no other way, each of which names the same substance by
    /// construction (``LabelRespelling``): a respelling, a US colour name, a word with two forms ("Flower
    /// Cera/Wax": both), or names run together without their comma ("Chlorphenesin Glycerin"), or without the space
    /// as well (``gluedMatches(in:)``).
    private func respelledMatch(of name: String) -> (matches: [IngredientMatch], source: MatchSource)? {
        if let letters = LabelRespelling.lookalikeLettersFixed(name), let entry = lookUpVariants(of: letters) {
            return ([entry.target], .respelled)
        }
        for candidate in LabelRespelling.candidates(of: name) {
            if let entry = lookUpExact(candidate) { return ([entry.target], .respelled) }
        }
        let key = LabelText.key(LabelText.removingParentheticals(name))
        if let colourKey = LabelRespelling.colourNameKey(key), let entry = taxonomy.lookUpName(colourKey) {
            return ([entry.target], .usColourName)
        }
        if let numbers = LabelRespelling.colourGroups[key] {
            let matches = numbers.compactMap { taxonomy.lookUpName($0)?.target }
            if matches.count == numbers.count { return (matches, .usColourName) }
        }
        let forms = LabelRespelling.wordAlternatives(of: name)
        if !forms.isEmpty {
            let entries = forms.compactMap { lookUpExact($0) }
            if entries.count == forms.count {
                var matches: [IngredientMatch] = []
                for entry in entries where !matches.contains(entry.target) { matches.append(entry.target) }
                return (matches, .alternatives)
            }
        }
        if let parts = runTogetherMatches(in: name) { return (parts, .runTogether) }
        if let parts = gluedMatches(in: name) { return (parts, .gluedNames) }
        return nil
    }

    /// Two or three names printed without the comma and the space between them ("GlycolipidsCocos Nucifera (Coconut)
    /// Fruit Extract", "CitralLimonene"): cut only where a capital follows a lower-case letter, and each piece must be
    /// a name as printed or without its parenthesised parts — never with qualifier words taken off ("BioRetinol" is a
    /// trade name, not retinol), never a common name, and never one short word.
    private func gluedMatches(in name: String) -> [IngredientMatch]? {
        guard let pieces = LabelRespelling.gluedPieces(of: name), pieces.count <= 3 else { return nil }
        var matches: [IngredientMatch] = []
        for piece in pieces {
            let bare = LabelText.key(LabelText.removingParentheticals(piece))
            guard bare.contains(" ") || bare.count >= 5 else { return nil }
            guard let entry = taxonomy.lookUpName(LabelText.key(piece)) ?? taxonomy.lookUpName(bare),
                entry.source != .commonName
            else { return nil }
            if !matches.contains(entry.target) { matches.append(entry.target) }
        }
        return matches
    }

    /// A name looked up as printed, without its parentheses, or without its qualifier words: no spacing or
    /// compact-key guess, which a respelling must not compound.
    private func lookUpExact(_ name: String) -> NameIndex.Entry? {
        let full = LabelText.key(name)
        if let entry = taxonomy.lookUpName(full) { return entry }
        let bare = LabelText.key(LabelText.removingParentheticals(name))
        if bare != full, let entry = taxonomy.lookUpName(bare) { return entry }
        let plain = LabelText.removingQualifiers(bare)
        if plain != bare, !plain.isEmpty, let entry = taxonomy.lookUpName(plain) { return entry }
        return nil
    }

    /// Two or three names printed without the commas between them ("Disodium Stearoyl Glutamate Trisiloxane",
    /// "Geraniol and Fragrance"): every part must be a name as printed, of two words or more or one word of five
    /// letters or more, so that no short word ("Iron", "Rose") is taken for a name.
    private func runTogetherMatches(in name: String) -> [IngredientMatch]? {
        var words = Self.wordsKeepingParentheses(name)
        guard words.count >= 2, words.count <= 16 else { return nil }
        func part(_ range: Range<Int>) -> IngredientMatch? {
            let slice = words[range]
            guard !slice.isEmpty, slice.first != "and", slice.last != "and" else { return nil }
            // "Oryza Sativa (Rice) Water" is rice water, not a plant and water: no part starts with a plant part.
            if range.lowerBound > 0, let first = LabelText.key(slice[slice.startIndex]).split(separator: " ").first,
                Self.partWords.contains(String(first))
            {
                return nil
            }
            if slice.count == 1 {
                guard LabelText.key(LabelText.removingParentheticals(slice[slice.startIndex])).count >= 5 else { return nil }
            }
            // Only a name as INCI, a label spelling or the EU allergen list gives it: "Lemon Tea Tree Oil" is one
            // oil, not lemon and tea tree, and common names ("Lemon", "Peppermint") are not parts.
            guard let entry = lookUpExact(slice.joined(separator: " ")), entry.source != .commonName else { return nil }
            return entry.target
        }
        // "A and B": the word "and" between two names is a separator.
        let andIndex = words.firstIndex(where: { $0.lowercased() == "and" })
        if let andIndex, andIndex > 0, andIndex + 1 < words.count,
            let first = part(0..<andIndex), let second = part((andIndex + 1)..<words.count)
        {
            return first == second ? [first] : [first, second]
        }
        if andIndex != nil { words.removeAll { $0.lowercased() == "and" } }
        let count = words.count
        for cut in 1..<count {
            if let first = part(0..<cut), let second = part(cut..<count) {
                return first == second ? [first] : [first, second]
            }
        }
        guard count >= 3 else { return nil }
        for first in 1..<(count - 1) {
            guard let head = part(0..<first) else { continue }
            for second in (first + 1)..<count {
                if let middle = part(first..<second), let tail = part(second..<count) {
                    var matches: [IngredientMatch] = []
                    for match in [head, middle, tail] where !matches.contains(match) { matches.append(match) }
                    return matches
                }
            }
        }
        return nil
    }

    /// The colour-index numbers in a name ("CI 77491", "Ci 77491/77492", "CI77491"), each resolved; `nil` when the
    /// name has none or one does not resolve.
    private func colourIndexMatches(in name: String) -> [IngredientMatch]? {
        let key = LabelText.key(name)
        guard key.contains("ci") else { return nil }
        let words = key.split(separator: " ")
        var numbers: [Substring] = []
        var afterCI = false
        for word in words {
            if word == "ci" {
                afterCI = true
            } else if word.hasPrefix("ci"), word.count == 7, word.dropFirst(2).allSatisfy(\.isNumber) {
                numbers.append(word.dropFirst(2))
                afterCI = true
            } else if afterCI, word.count == 5, word.allSatisfy(\.isNumber) {
                numbers.append(word)
            } else {
                afterCI = false
            }
        }
        guard !numbers.isEmpty else { return nil }
        var matches: [IngredientMatch] = []
        for number in numbers {
            guard let entry = taxonomy.lookUpName("ci " + number) else { return nil }
            if !matches.contains(entry.target) { matches.append(entry.target) }
        }
        return matches
    }

    /// Resolves a list straight to its stored form, remembering each segment ("Aqua", "Linalool*") with the state
    /// the parser met it in, so a segment seen before costs one dictionary look-up. Gives the same result as
    /// `ResolvedFormulation(resolve(list:))`.
    public func resolveFormulation(list text: String, memo: inout NameMemo) -> ResolvedFormulation {
        var entries: [ResolvedFormulation.Entry] = []
        var pieces: [String] = []
        var state = IngredientListParser.State()
        var parts = IngredientListParser.segments(of: LabelText.normalisingSpaces(text))
        _ = IngredientListParser.trailingBatchCode(&parts)
        pieces.reserveCapacity(parts.count)
        func add(_ outcome: NameMemo.SegmentOutcome) {
            guard !outcome.entries.isEmpty else { return }
            entries += outcome.entries
            pieces.append(outcome.json)
        }
        for raw in parts {
            let slot = state.slot
            if let known = memo.segments[slot][raw] {
                add(known)
                state = known.after
                continue
            }
            var parsed = ParsedIngredientList(entries: [], footnotes: [])
            IngredientListParser.step(raw, into: &parsed, state: &state)
            let resolution = resolve(parsed.entries, memo: &memo)
            let produced = ResolvedFormulation(resolution).entries
            let outcome = NameMemo.SegmentOutcome(entries: produced, after: state, json: ResolvedFormulation.entriesJSON(produced[...]))
            add(outcome)
            // The key, the stored form (at most six bytes a byte) and the entries, about.
            let bytes = 8 * raw.utf8.count + 64 * (produced.count + 1)
            if memo.segments[slot].count >= NameMemo.limit || memo.segmentBytes + bytes > NameMemo.segmentBytesLimit {
                for index in memo.segments.indices { memo.segments[index].removeAll(keepingCapacity: true) }
                memo.segmentBytes = 0
            }
            memo.segments[slot][Substring(String(raw))] = outcome
            memo.segmentBytes += bytes
        }
        var joinedAny = false
        var index = 0
        while index + 1 < entries.count {
            let (first, second) = (entries[index], entries[index + 1])
            if first.kind == .unresolved, first.mayContain == second.mayContain,
                let joined = joinedName(
                    first.name, second.name, secondResolved: second.kind != .unresolved, memo: &memo
                )
            {
                let label = LabelEntry(
                    text: joined.name, name: joined.name, percent: second.percent ?? first.percent,
                    mayContain: first.mayContain
                )
                let resolution = IngredientListResolution(
                    entries: [.init(label: label, matches: joined.matches, source: joined.source)], footnotes: []
                )
                entries[index] = ResolvedFormulation(resolution).entries[0]
                entries.remove(at: index + 1)
                joinedAny = true
            }
            index += 1
        }
        // Two entries joined into one: the segments' stored form no longer fits.
        return joinedAny ? ResolvedFormulation(entries: entries) : ResolvedFormulation(entries: entries, storedPieces: pieces)
    }

    /// A name a stray comma split in two ("Hexylene, Glycol", "Isononyl, Isononanoate", "Brassica Oleracea,
    /// Acephala Leaf Extract"): the first part did not resolve; the two joined do. A first part of several words
    /// joins only a second part that did not resolve either.
    private func joinedName(
        _ first: String, _ second: String, secondResolved: Bool, memo: inout NameMemo
    ) -> (name: String, matches: [IngredientMatch], source: MatchSource)? {
        guard first.utf8.count < 40, !second.isEmpty else { return nil }
        if first.contains(" ") {
            guard !secondResolved, first.split(separator: " ").count <= 3 else { return nil }
        }
        let name = first + " " + second
        let match: (matches: [IngredientMatch], source: MatchSource)?
        if let known = memo.names[name] {
            match = known
        } else {
            match = resolve(name: name)
            memo.names[name] = .some(match)
        }
        // A join that only resolves as several names run together is not one name a comma split: "BioRetinol,
        // Squalane" stays a trade name and squalane.
        guard let match, match.source != .runTogether, match.source != .gluedNames else { return nil }
        return (name, match.matches, match.source)
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

    /// ``lookUpExact(_:)``, then the name's compact key ("Cetearylalcohol").
    private func lookUpVariants(of name: String) -> NameIndex.Entry? {
        if let entry = lookUpExact(name) { return entry }
        let bare = LabelText.key(LabelText.removingParentheticals(name))
        let plain = LabelText.removingQualifiers(bare)
        return taxonomy.lookUpCompact(plain.isEmpty ? bare : plain)
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
