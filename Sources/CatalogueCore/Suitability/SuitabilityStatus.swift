/// What a product is for one client. Ordered as lists show them: safe first, blocked last; when several rules
/// apply, the later status wins.
public enum SuitabilityStatus: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// None of the rules below applies.
    case safe
    /// The client's conditions require a patch test before first use and this version has no negative one.
    case patchTestRequired = "patch-test-required"
    /// A graded cross-reactor, a condition caution, phototoxicity above its cap, or aged oxidation-prone stock.
    case caution
    /// A patch test on this product is applied but not finally read: blocked until read.
    case pending
    /// The product has unresolved ingredient names, or no ingredient list: never reported safe.
    case unknown
    /// A reaction to this product, or a suspected, diagnosed or food allergen in it.
    case blocked

    /// Position in the list order, safe (0) to blocked (5).
    public var rank: Int {
        switch self {
        case .safe: 0
        case .patchTestRequired: 1
        case .caution: 2
        case .pending: 3
        case .unknown: 4
        case .blocked: 5
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// A status with every reason that led to it, each a chain a person can check, most severe first.
public struct SuitabilityVerdict: Sendable, Hashable {
    public var status: SuitabilityStatus
    /// "blocked: contains Lavandula Angustifolia Oil, a suspected allergen from patch test 12 (…)".
    public var reasons: [String]

    public init(status: SuitabilityStatus, reasons: [String]) {
        self.status = status
        self.reasons = reasons
    }
}
