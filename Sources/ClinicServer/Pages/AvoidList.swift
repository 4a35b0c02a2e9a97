import CatalogueCore

/// What a client must avoid, as the client page's summary and the printed safe list name it: each allergy with the
/// label names to avoid, then the other ingredients blocked for the client grouped by their short cause, without
/// repeating a name an allergy line already gives.
struct AvoidList {
    var allergies: [AllergyAvoidance]
    var groups: [AvoidGroup]

    init(client: ClientProfile, taxonomy: Taxonomy, engine: SuitabilityEngine) {
        var seen = Set<AllergyTarget>()
        var listed = Set<String>()
        allergies = client.allergies.filter { seen.insert($0.target).inserted }.map { allergy in
            let labels = taxonomy.avoidedLabelNames(for: allergy.target)
            for label in labels { listed.insert(Self.key(label)) }
            guard taxonomy.knows(allergy.target) else {
                return AllergyAvoidance(
                    name: allergy.enteredName, labels: "not in the reference data: ask the therapist before any product"
                )
            }
            return AllergyAvoidance(
                name: taxonomy.name(of: allergy.target),
                labels: labels.isEmpty
                    ? "no label name to avoid (not an ingredient of massage products)" : "avoid " + labels.joined(separator: ", ")
            )
        }
        groups = AvoidGroup.groups(engine.avoidances, leavingOut: listed)
    }

    /// A name's key for "the same name": case and spacing aside.
    static func key(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// An inventory name as a label prints it: CosIng's upper case in title case ("ACETYLATED LANOLIN ALCOHOL" →
    /// "Acetylated Lanolin Alcohol", "CAPRYLIC/CAPRIC TRIGLYCERIDE" → "Caprylic/Capric Triglyceride"); a word
    /// with a digit keeps its case ("PEG-75", "CI 77491"). A name with lower case is left as it is.
    static func labelCase(_ name: String) -> String {
        guard !name.contains(where: \.isLowercase) else { return name }
        return name.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            if word.contains(where: \.isNumber) { return String(word) }
            var result = ""
            var startsWord = true
            for character in word {
                result += startsWord ? character.uppercased() : character.lowercased()
                startsWord = !character.isLetter && character != "'"
            }
            return result
        }.joined(separator: " ")
    }
}

/// "Wool alcohols: avoid Lanolin, Lanolin Alcohol, …", as CAMP's lists print it.
struct AllergyAvoidance {
    var name: String
    var labels: String
}

/// Ingredients to avoid that share a cause: "patch test #1 ++: Lavandula Angustifolia Oil, Linalool".
struct AvoidGroup {
    var cause: String
    /// Every name, for the printed list.
    var names: String
    /// The first names, for the summary; the others follow behind a fold.
    var first: String
    var rest: String
    /// How many names are behind the fold (nil for none).
    var more: Int?

    /// How many names the summary shows before the fold.
    static let shown = 8

    /// The groups, in the order their causes first appear, leaving out the names (by ``AvoidList/key(_:)``) in
    /// `listed`; a group left without names is dropped.
    static func groups(_ avoidances: [SuitabilityEngine.Avoidance], leavingOut listed: Set<String> = []) -> [AvoidGroup] {
        var order: [String] = []
        var names: [String: [String]] = [:]
        for avoidance in avoidances where !listed.contains(AvoidList.key(avoidance.name)) {
            let name = AvoidList.labelCase(avoidance.name)
            let causes = avoidance.reasons.map(ReasonCause.of)
            for cause in causes.isEmpty ? ["recorded allergy"] : causes where !(names[cause]?.contains(name) ?? false) {
                if names[cause] == nil { order.append(cause) }
                names[cause, default: []].append(name)
            }
        }
        return order.map { cause in
            let all = names[cause, default: []]
            return AvoidGroup(
                cause: cause, names: all.joined(separator: ", "), first: all.prefix(shown).joined(separator: ", "),
                rest: all.dropFirst(shown).joined(separator: ", "), more: all.count > shown ? all.count - shown : nil
            )
        }
    }
}
