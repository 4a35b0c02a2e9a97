public import Foundation

/// What a recorded allergy names, resolved through the taxonomy.
public enum AllergyTarget: Sendable, Hashable {
    /// One reference ingredient (lavender oil).
    case ingredient(IngredientID)
    /// An EU fragrance allergen: a substance (linalool) or a natural-extract group (Lavandula Oil/Extract).
    case allergen(AllergenID)
    /// A cross-reactivity group (Compositae mix).
    case crossReactivityGroup(CrossReactivityGroupID)
    /// A food-allergen class (tree nuts).
    case foodAllergenClass(FoodAllergenClassID)
    /// An allergen of a patch-test series (wool alcohols, fragrance mix I), with what it implicates on a label.
    case testAllergen(TestAllergenID)

    /// The kind, as stored: `ingredient`, `allergen`, `cross-reactivity-group`, `food-allergen-class`.
    public var kind: String {
        switch self {
        case .ingredient: "ingredient"
        case .allergen: "allergen"
        case .crossReactivityGroup: "cross-reactivity-group"
        case .foodAllergenClass: "food-allergen-class"
        case .testAllergen: "test-allergen"
        }
    }

    /// The target's id.
    public var id: String {
        switch self {
        case .ingredient(let id): id.rawValue
        case .allergen(let id): id.rawValue
        case .crossReactivityGroup(let id): id.rawValue
        case .foodAllergenClass(let id): id.rawValue
        case .testAllergen(let id): id.rawValue
        }
    }

    /// Rebuilds a target from its stored kind and id.
    public init?(kind: String, id: String) {
        switch kind {
        case "ingredient": self = .ingredient(IngredientID(rawValue: id))
        case "allergen": self = .allergen(AllergenID(rawValue: id))
        case "cross-reactivity-group": self = .crossReactivityGroup(CrossReactivityGroupID(rawValue: id))
        case "food-allergen-class": self = .foodAllergenClass(FoodAllergenClassID(rawValue: id))
        case "test-allergen": self = .testAllergen(TestAllergenID(rawValue: id))
        default: return nil
        }
    }
}

/// An allergy recorded for a client: externally diagnosed (a dermatologist's patch-test result naming an allergen)
/// or reported by the client.
public struct ClientAllergy: Sendable, Hashable, Identifiable {
    /// Who says so.
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        case dermatologist
        case clientReported = "client-reported"
    }

    public var id: Int64
    public var target: AllergyTarget
    /// The name as entered ("Compositae mix").
    public var enteredName: String
    public var source: Source
    public var note: String?
    public var recordedAt: Date
    /// The patch-test reading a report gave (`++`, `negative`), if it gave one. A negative reading is tested-negative
    /// evidence, not an allergy: the engine never reads it as one.
    public var reading: PatchTestResult?

    public init(
        id: Int64, target: AllergyTarget, enteredName: String, source: Source, note: String? = nil, recordedAt: Date,
        reading: PatchTestResult? = nil
    ) {
        self.id = id
        self.target = target
        self.enteredName = enteredName
        self.source = source
        self.note = note
        self.recordedAt = recordedAt
        self.reading = reading
    }

    /// Whether the record is an allergy (anything but a negative reading).
    public var isAllergy: Bool { reading != .negative }

    /// "linalool (dermatologist, 2026-10-01)", "wool alcohols (dermatologist, 2026-10-01, ++)".
    var described: String {
        "\(enteredName) (\(source.rawValue), \(DateText.day(recordedAt))\(reading.map { ", \($0.notation)" } ?? ""))"
    }
}

extension Taxonomy {
    /// What an allergy name means: a cross-reactivity group ("Compositae mix"), a food-allergen class ("tree
    /// nuts"), a patch-test allergen ("wool alcohols", "MCI/MI"), an ingredient ("lavender"), or an EU allergen
    /// ("linalool", "Lavandula Oil/Extract"); `nil` when it names none, or more than one (see
    /// ``resolveAllergyName(_:)`` for why).
    public func allergyTarget(named text: String) -> AllergyTarget? {
        try? resolveAllergyName(text).get()
    }

    /// What an allergy name means, or why it names no one allergen: ``resolveAllergyName(_:)``'s reading, with an
    /// ingredient that a test allergen is named for taken as that test allergen ("Cetearyl alcohol 20% pet" is the
    /// cetostearyl alcohol test, whose cautions the bare ingredient would lose).
    public func resolveAllergyName(_ text: String) -> Result<AllergyTarget, AllergyNameProblem> {
        let resolved = resolveAllergyNameAsWritten(text)
        if case .success(.ingredient(let id)) = resolved, let test = testAllergen(namingIngredient: id) {
            return .success(.testAllergen(test.id))
        }
        return resolved
    }

    /// What an allergy name means, or why it names no one allergen.
    ///
    /// Exact names come first (a series name such as "wool alcohols" or "formaldehyde" means everything the test
    /// allergen implicates, more than an INCI name of the same spelling). A name with a part in brackets
    /// ("Lanolin alcohol (wool alcohols)") means what both parts name, and nothing when they differ
    /// ("Formaldehyde (formalin)" is not the ingredient formaldehyde alone; "Fragrance (fragrance mix II)" is not
    /// Parfum). Parts joined by a slash must name one allergen too ("Cinnamal/Linalool" names two, "Eugenol/Camomille"
    /// names one and an unknown). Only then does the label resolver read the name, and it must find one substance.
    func resolveAllergyNameAsWritten(_ text: String) -> Result<AllergyTarget, AllergyNameProblem> {
        let key = LabelText.key(text)
        // Brackets nested deeper than a name's would recurse without use (AllergenName refuses them first).
        guard !key.isEmpty, text.count <= AllergenName.maxLength, AllergenName.bracketDepth(text) <= 2 else { return .failure(.unknown) }
        // Groups and classes by their names, spaced as written or not ("Compositaemix").
        let compact = Self.compactKey(key)
        func names(_ names: [String]) -> Bool { names.contains { LabelText.key($0) == key || Self.compactKey(LabelText.key($0)) == compact } }
        if let group = crossReactivityGroups.first(where: { names([$0.id.rawValue, $0.name] + $0.synonyms) }) {
            return .success(.crossReactivityGroup(group.id))
        }
        if let food = foodAllergenClasses.first(where: { names([$0.id.rawValue, $0.name] + $0.synonyms) }) {
            return .success(.foodAllergenClass(food.id))
        }
        if let test = testAllergen(named: text) { return .success(.testAllergen(test.id)) }
        if let allergen = allergen(AllergenID(rawValue: text)) { return .success(.allergen(allergen.id)) }
        if let ingredient = ingredient(named: text) { return .success(.ingredient(ingredient.id)) }
        // A name the reference data lists as written ("Lavandula Oil/Extract", an INCI name of the inventory).
        if let entry = lookUpName(key) { return .success(Self.allergyTarget(of: entry.target)) }

        let (outside, insides) = Self.bracketParts(of: text)
        if !insides.isEmpty {
            guard !outside.isEmpty else { return .failure(.unknown) }
            let named: AllergyTarget
            switch resolveAllergyName(outside) {
            case .success(let target): named = target
            case .failure(let problem): return .failure(problem)
            }
            for inside in insides {
                let other = try? resolveAllergyName(inside).get()
                if other != named { return .failure(.partDisagrees(part: inside, name: outside, named: named, other: other)) }
            }
            return .success(named)
        }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "\\" }).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        if parts.count > 1 {
            var targets: [AllergyTarget] = []
            for part in parts {
                guard let target = try? resolveAllergyName(part).get() else { return .failure(.partUnknown(part: part)) }
                if !targets.contains(target) { targets.append(target) }
            }
            return targets.count == 1 ? .success(targets[0]) : .failure(.several(targets))
        }
        let targets = resolvedTargets(named: text)
        switch targets.count {
        case 0: return .failure(.unknown)
        case 1: return .success(targets[0])
        default: return .failure(.several(targets))
        }
    }

    /// The text outside brackets, and each bracketed part (top level).
    static func bracketParts(of text: String) -> (outside: String, insides: [String]) {
        var depth = 0
        var outside = ""
        var insides: [String] = []
        var current = ""
        for character in text {
            switch character {
            case "(", "[", "{":
                if depth > 0 { current.append(character) }
                depth += 1
            case ")", "]", "}":
                depth = max(0, depth - 1)
                if depth == 0 {
                    insides.append(current.trimmingWhitespace())
                    current = ""
                } else {
                    current.append(character)
                }
            default:
                if depth == 0 { outside.append(character) } else { current.append(character) }
            }
        }
        if depth > 0 { insides.append(current.trimmingWhitespace()) }
        return (outside.trimmingWhitespace(), insides.filter { !$0.isEmpty })
    }

    /// The first test allergen, cross-reactivity group or EU allergen `text` names as whole words ("# Positives:
    /// nickel sulfate" names Nickel sulfate), for a report's comments. Names of three letters or fewer ("Ni", "MI")
    /// are too short to tell from other words.
    public func allergenMentioned(in text: String) -> String? {
        let words = " " + LabelText.key(text) + " "
        func mentions(_ name: String) -> Bool {
            let key = LabelText.key(name)
            return key.count > 3 && words.contains(" " + key + " ")
        }
        for allergen in testAllergens where allergen.allNames.contains(where: mentions) { return allergen.name }
        for group in crossReactivityGroups where ([group.name] + group.synonyms).contains(where: mentions) { return group.name }
        for allergen in allergens where mentions(allergen.name) { return allergen.name }
        return nil
    }

    /// The distinct substances the ingredient resolver reads in `text`: one for a name, several for a list written
    /// as one name ("Cinnamal and Linalool", "Iron Oxides").
    func resolvedTargets(named text: String) -> [AllergyTarget] {
        var targets: [AllergyTarget] = []
        for match in IngredientResolver(taxonomy: self).resolve(name: text)?.matches ?? [] {
            let target = Self.allergyTarget(of: match)
            if !targets.contains(target) { targets.append(target) }
        }
        return targets
    }

    static func allergyTarget(of match: IngredientMatch) -> AllergyTarget {
        switch match {
        case .ingredient(let id): .ingredient(id)
        case .allergen(let id), .euGroup(let id, _): .allergen(id)
        }
    }

    /// A person's name for a target.
    /// Whether the reference data has what an allergy names: an allergy whose target it no longer has (an entry
    /// renamed or removed, a catalogue without `test-allergens.yaml`) makes nothing known to be safe.
    public func knows(_ target: AllergyTarget) -> Bool {
        switch target {
        case .ingredient(let id): ingredient(id) != nil
        case .allergen(let id): allergen(id) != nil
        case .crossReactivityGroup(let id): crossReactivityGroup(id) != nil
        case .foodAllergenClass(let id): foodAllergenClass(id) != nil
        case .testAllergen(let id): testAllergen(id) != nil
        }
    }

    public func name(of target: AllergyTarget) -> String {
        switch target {
        case .ingredient(let id): ingredient(id)?.name ?? id.rawValue
        case .allergen(let id): allergen(id)?.name ?? id.rawValue
        case .crossReactivityGroup(let id): crossReactivityGroup(id)?.name ?? id.rawValue
        case .foodAllergenClass(let id): foodAllergenClass(id)?.name ?? id.rawValue
        case .testAllergen(let id): testAllergen(id)?.name ?? id.rawValue
        }
    }
}

/// Why an allergy name names no one allergen (``Taxonomy/resolveAllergyName(_:)``).
public enum AllergyNameProblem: Error, Sendable, Hashable {
    /// Nothing in the reference data has this name.
    case unknown
    /// The name holds several allergens ("Cinnamal/Linalool"): each needs its own line.
    case several([AllergyTarget])
    /// A part in brackets names something else than the name before it, or nothing.
    case partDisagrees(part: String, name: String, named: AllergyTarget, other: AllergyTarget?)
    /// A part of a slash-joined name names nothing.
    case partUnknown(part: String)
}
