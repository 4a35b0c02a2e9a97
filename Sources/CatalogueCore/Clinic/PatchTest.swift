public import Foundation

/// A patch test of one product version on one client, with its readings. Times are stored, never day numbers:
/// hours since application are computed.
public struct PatchTest: Sendable, Hashable, Identifiable {
    /// One reading.
    public struct Reading: Sendable, Hashable, Identifiable {
        public var id: Int64
        public var result: PatchTestResult
        public var readAt: Date
        public var relevance: Relevance?

        public init(id: Int64, result: PatchTestResult, readAt: Date, relevance: Relevance? = nil) {
            self.id = id
            self.result = result
            self.readAt = readAt
            self.relevance = relevance
        }
    }

    public var id: Int64
    /// The tested product.
    public var productID: Int64
    /// "supplier:sku".
    public var productReference: String
    public var productName: String
    /// The formulation version the test was applied with (pinned when applied).
    public var formulationID: Int64
    public var formulationVersion: Int
    /// The reference ingredients of the tested version.
    public var ingredients: [IngredientID]
    /// EU allergens the tested version declares (substances and group names): suspects too when it reacts.
    public var allergens: [AllergenID]
    /// Names of the tested version that did not resolve.
    public var unresolvedNames: [String]
    public var appliedAt: Date
    public var site: String?
    public var concentration: String?
    public var carrier: String?
    public var occluded: Bool
    /// Readings not refuted or entered in error, in time order.
    public var readings: [Reading]

    public init(
        id: Int64, productID: Int64, productReference: String, productName: String, formulationID: Int64,
        formulationVersion: Int, ingredients: [IngredientID], allergens: [AllergenID] = [], unresolvedNames: [String] = [],
        appliedAt: Date,
        site: String? = nil, concentration: String? = nil, carrier: String? = nil, occluded: Bool = false,
        readings: [Reading] = []
    ) {
        self.id = id
        self.productID = productID
        self.productReference = productReference
        self.productName = productName
        self.formulationID = formulationID
        self.formulationVersion = formulationVersion
        self.ingredients = ingredients
        self.allergens = allergens
        self.unresolvedNames = unresolvedNames
        self.appliedAt = appliedAt
        self.site = site
        self.concentration = concentration
        self.carrier = carrier
        self.occluded = occluded
        self.readings = readings.sorted { $0.readAt < $1.readAt }
    }

    /// A negative reading before this many hours does not finalise a test (patches stay on about 48 h).
    public static let finalAfterHours = 48

    /// How far ahead of the clock an application or reading may be stamped (clocks of two machines differ);
    /// anything later is refused as evidence from the future.
    public static let clockSkewAllowance: TimeInterval = 300

    /// The test as it stood at `date`: readings after it left out; `nil` when it was not yet applied.
    public func asOf(_ date: Date) -> PatchTest? {
        guard appliedAt <= date else { return nil }
        guard readings.contains(where: { $0.readAt > date }) else { return self }
        var past = self
        past.readings = readings.filter { $0.readAt <= date }
        return past
    }

    /// When the last non-negative reading was made: the time a reaction was last seen.
    public var lastReactionAt: Date? { readings.last(where: { $0.result != .negative })?.readAt }

    /// Whole hours from application to `date`.
    public func hours(at date: Date) -> Int { Int((date.timeIntervalSince(appliedAt) / 3600).rounded(.down)) }

    /// What the readings add up to.
    public var outcome: PatchTestOutcome {
        if let worst = readings.filter({ $0.result != .negative }).max(by: { $0.result.severity < $1.result.severity }) {
            return .reacted(worst)
        }
        if let final = readings.last(where: { hours(at: $0.readAt) >= Self.finalAfterHours }) {
            return .negative(final)
        }
        return .pending(lastReading: readings.last)
    }

    /// Whether the test records a reaction the client reported (no patch applied).
    public var isReportedReaction: Bool { readings.contains { $0.result == .reported } }

    /// "++ at 72 h on 2026-11-03".
    public func describe(_ reading: Reading) -> String {
        reading.result == .reported
            ? "reported on \(DateText.day(reading.readAt))"
            : "\(reading.result.notation) at \(hours(at: reading.readAt)) h on \(DateText.day(reading.readAt))"
    }
}

/// What a patch test's readings add up to.
public enum PatchTestOutcome: Sendable, Hashable {
    /// Applied, and not finally read: blocks until read.
    case pending(lastReading: PatchTest.Reading?)
    /// Negative at a reading 48 h or more after application: clears this product version.
    case negative(PatchTest.Reading)
    /// A positive, doubtful, irritant or reported reading (the most severe one).
    case reacted(PatchTest.Reading)

    /// The reading that decided it, if any.
    public var reading: PatchTest.Reading? {
        switch self {
        case .pending(let reading): reading
        case .negative(let reading), .reacted(let reading): reading
        }
    }
}

/// Dates as the reasons print them: UTC days, ISO order.
enum DateText {
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
