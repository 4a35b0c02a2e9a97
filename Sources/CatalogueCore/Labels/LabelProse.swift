import Foundation

/// What on a real label is not an ingredient name: marketing sentences and notes, section headings, and the
/// "(and)" notation of trade mixtures.
enum LabelProse {
    /// Words of sentences, rare in INCI names.
    private static let sentenceWords: Set<String> = [
        "the", "to", "of", "for", "your", "our", "please", "is", "are", "be", "may", "from", "with", "this", "that",
        "it", "you", "we", "can", "will", "by", "according", "available", "at", "as", "total", "than", "more", "use",
        "only", "product", "products", "packaging", "package", "list", "helps", "help", "works", "provide",
        "provides", "reduces", "keeps", "refer", "vary", "change", "avoid", "contact", "eyes", "warning", "known",
        "improve", "its", "their", "while", "into", "up", "date", "customers", "should", "before", "using", "certified",
        "origin", "derived", "per", "standard", "subject", "has", "have", "not", "if", "a", "an", "these", "include",
        "store", "below", "above", "sunscreen",
    ]

    /// Words of marketing claims, never part of an INCI name: one is enough.
    private static let claimWords: Set<String> = [
        "hydration", "hydrate", "hydrates", "moisturizes", "moisturises", "moisturizing", "protect", "protects",
        "protection", "soothe", "soothes", "calm", "calms", "visibly", "appearance", "brightens", "brightening",
        "improves", "lasting", "locks", "deliver", "delivers", "supports", "replenishes", "neutralizes", "neutralises",
        "defends", "enhances", "optimizes", "targets", "resurfaces", "renew", "renews", "minimizing", "plumping",
        "suppleness", "additionally", "proprietary", "patented", "technology", "formulated", "vegan",
        "cruelty", "bioactive", "radicals", "wrinkles", "imperfections",
        "elasticity", "firmness", "gradually", "barrier", "efficacy", "bind", "helps", "help", "reduces", "reduce", "lines",
        "relieves", "helping", "implies", "boosts", "visible",
    ]
    // Not claim words, although claims use them ("sulfate-free", "collagen-boosting"): they are words of INCI names
    // (Sodium Lauryl Sulfate, Hydrolyzed Collagen, Wheat Gluten), and a name is never a note.

    /// Words of a sentence that continues across a comma ("relieves dryness", "rich in antioxidants").
    private static let continuationWords: Set<String> = ["in", "skin", "stay", "rich", "dryness", "look", "feel"]

    /// Whether a lower-case fragment has a word only sentences use.
    static func hasSentenceWord<S: StringProtocol>(_ text: S) -> Bool {
        LabelText.key(text).split(separator: " ").contains { word in
            let word = String(word)
            return claimWords.contains(word) || sentenceWords.contains(word) || continuationWords.contains(word)
        }
    }

    /// Whether `text` reads as a sentence or a claim rather than a name: a link, a claim word, or at least three
    /// words of which two are sentence words (outside parentheses, which hold common names).
    static func isProse<S: StringProtocol>(_ text: S) -> Bool {
        let plain = String(text)
        let lower = plain.lowercased()
        if lower.contains("http://") || lower.contains("https://") || lower.contains("www.") { return true }
        let words = LabelText.key(LabelText.removingParentheticals(plain)).split(separator: " ")
        if words.contains(where: { claimWords.contains(String($0)) }) { return true }
        guard words.count >= 3 else { return false }
        var count = 0
        for word in words where sentenceWords.contains(String(word)) {
            count += 1
            if count >= 2 { return true }
        }
        return false
    }

    /// Heading phrases that introduce a list ("Active Ingredients", "Inactive Ingredients", "Other ingredients").
    private static let headingPhrases: [String] = [
        "inactive ingredients", "inactive ingredient", "active ingredients", "active ingredient", "other ingredients",
        "ingredients", "ingredient", "inactive", "actives", "active", "inci",
    ]

    /// Whether a key is a heading phrase alone.
    static func isHeading(_ key: String) -> Bool { headingPhrases.contains(key) }

    /// The name before a heading that ends the text ("Zinc Oxide Inactive Ingredients" → "Zinc Oxide"), or `nil`
    /// when the text does not end in a heading or holds nothing before it.
    static func nameBeforeHeading(_ text: Substring) -> Substring? {
        let lower = text.lowercased()
        for phrase in headingPhrases where lower.hasSuffix(" " + phrase) {
            let name = text.dropLast(phrase.count + 1)
            return LabelText.hasAlphanumeric(name) ? name : nil
        }
        return nil
    }

    /// The name before a numbered kit section that ends the text ("Potassium Sorbate (*exfoliant) Step 2" →
    /// ("Potassium Sorbate (*exfoliant)", "Step 2")), or `nil`.
    static func nameBeforeSection(_ text: Substring) -> (name: Substring, section: Substring)? {
        let words = text.split(separator: " ")
        guard words.count >= 3, let number = words.last, number.allSatisfy(\.isNumber),
            ["step", "phase", "part"].contains(words[words.count - 2].lowercased())
        else { return nil }
        let sectionStart = words[words.count - 2].startIndex
        let name = text[..<sectionStart]
        guard LabelText.hasAlphanumeric(name) else { return nil }
        return (name, text[sectionStart...])
    }

    /// The parts of an INCI "(and)" trade mixture ("Glycerin (and) Rosmarinus Officinalis Leaf Extract"), or the
    /// text itself.
    static func tradeMixtureParts(_ text: Substring) -> [Substring] {
        guard text.utf8.count > 6, text.range(of: "(and)", options: .caseInsensitive) != nil else { return [text] }
        var parts: [Substring] = []
        var rest = text
        while let range = rest.range(of: "(and)", options: .caseInsensitive) {
            parts.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        parts.append(rest)
        return parts.filter { LabelText.hasAlphanumeric($0) }
    }
}
