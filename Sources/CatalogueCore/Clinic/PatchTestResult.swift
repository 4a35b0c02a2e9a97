/// A patch-test reading on the ICDRG scale, plus a client-reported reaction (no test).
public enum PatchTestResult: String, Sendable, Hashable, Codable, CaseIterable {
    /// `-`
    case negative
    /// `?+`: faint erythema, no infiltration. Blocks; a repeated open application test is advised.
    case doubtful
    /// `+`
    case weakPositive = "+"
    /// `++`
    case strongPositive = "++"
    /// `+++`
    case extremePositive = "+++"
    /// `IR`: patchy erythema confined to the patch. Blocks at that concentration.
    case irritant
    /// A reaction the client reported, not tested. Blocks pending review.
    case reported

    /// Reads "negative", "-", "doubtful", "?+", "+", "++", "+++", "irritant", "IR", "reported".
    public init?(input: String) {
        switch input.lowercased() {
        case "negative", "-", "neg": self = .negative
        case "doubtful", "?+", "?": self = .doubtful
        case "+", "weak", "weak-positive": self = .weakPositive
        case "++", "strong", "strong-positive": self = .strongPositive
        case "+++", "extreme", "extreme-positive": self = .extremePositive
        case "irritant", "ir": self = .irritant
        case "reported": self = .reported
        default: return nil
        }
    }

    /// What a reading's result may be, for a refusal of `input`: a reading of "positive" is asked for its strength,
    /// which the block and the report rest on.
    public static func expectedReading(refusing input: String?) -> String {
        let grade = ["positive", "pos", "reaction", "allergic"].contains(input?.lowercased() ?? "")
            ? " (a positive reading is recorded with its strength: + weak, ++ strong, +++ extreme; irritant for an irritant reaction)"
            : ""
        return "negative, doubtful, +, ++, +++ or irritant" + grade
    }

    /// The ICDRG notation a clinician reads.
    public var notation: String {
        switch self {
        case .negative: "-"
        case .doubtful: "?+"
        case .weakPositive: "+"
        case .strongPositive: "++"
        case .extremePositive: "+++"
        case .irritant: "IR"
        case .reported: "reported"
        }
    }

    /// `+`, `++` or `+++`.
    public var isPositive: Bool { self == .weakPositive || self == .strongPositive || self == .extremePositive }

    /// Severity for choosing the reading that decides a test.
    var severity: Int {
        switch self {
        case .extremePositive: 6
        case .strongPositive: 5
        case .weakPositive: 4
        case .reported: 3
        case .doubtful: 2
        case .irritant: 1
        case .negative: 0
        }
    }
}

/// How relevant a positive result is to the client's current complaint.
public enum Relevance: String, Sendable, Hashable, Codable, CaseIterable {
    case current, past, unknown
}
