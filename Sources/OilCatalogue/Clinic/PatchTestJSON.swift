public import StoreInterface
public import Foundation
import CatalogueCore

/// A patch test as the command line's `--json` and the API show it: the test, its readings in force, and its outcome.
public struct PatchTestJSON: Encodable, Sendable {
    public struct Reading: Encodable, Sendable {
        public var id: Int64
        public var result: String
        public var notation: String
        public var readAt: Date
        public var hours: Int
        public var relevance: String?
    }
    public var id: Int64
    public var client: Int64
    public var clientName: String
    public var product: String
    public var productName: String
    public var formulationVersion: Int
    public var appliedAt: Date
    public var hoursSinceApplication: Int
    public var site: String?
    public var concentration: String?
    public var carrier: String?
    public var occluded: Bool
    /// `pending`, `negative` or the deciding result.
    public var outcome: String
    public var readings: [Reading]
    public var correction: String?

    public init(_ listing: PatchTestListing, now: Date = Date()) {
        let test = listing.test
        id = test.id
        client = listing.clientID
        clientName = listing.clientName
        product = test.productReference
        productName = test.productName
        formulationVersion = test.formulationVersion
        appliedAt = test.appliedAt
        hoursSinceApplication = test.hours(at: now)
        site = test.site
        concentration = test.concentration
        carrier = test.carrier
        occluded = test.occluded
        switch test.outcome {
        case .pending: outcome = "pending"
        case .negative: outcome = "negative"
        case .reacted(let reading): outcome = reading.result.rawValue
        }
        readings = test.readings.map {
            Reading(id: $0.id, result: $0.result.rawValue, notation: $0.result.notation, readAt: $0.readAt, hours: test.hours(at: $0.readAt), relevance: $0.relevance?.rawValue)
        }
        correction = listing.correction
    }
}
