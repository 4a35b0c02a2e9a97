import CatalogueCore
import Foundation
import ImporterAPI
import Synchronization

/// A feed event with the work that needs no database already done.
enum PreparedEvent: Sendable {
    case kind(FeedKind)
    case record(PreparedRecord)
    case rejected(RecordDiagnostic)
    case warning(RecordDiagnostic)
}

/// A record validated, hashed and (while the run is mostly adding or reformulating products) resolved.
struct PreparedRecord: Sendable {
    var position: RecordPosition
    var action: RecordAction
    var normalised: Result<RecordNormaliser.Normalised, RecordDiagnostic>
    /// For an upsert: the hash of the ingredient list, and of the whole content with it.
    var ingredientHash = ""
    var contentHash = ""
    /// The ingredient list's resolution, when it was made ahead.
    var resolution: PreparedResolution?
}

/// Whether the feed's thread should resolve ingredient lists ahead: worth it while most records are new or
/// reformulated (a first import), wasted while most are unchanged (the applying side then resolves the few it needs).
final class ResolutionDemand: Sendable {
    private let eager = Atomic<Bool>(true)

    var isEager: Bool { eager.load(ordering: .relaxed) }

    /// Called by the applying side after each window of records.
    func note(needed: Int, of total: Int) {
        eager.store(needed * 4 >= total, ordering: .relaxed)
    }
}

/// The work on each record that needs no database, done on the feed's thread: validation, content hashes and
/// ingredient resolution.
struct RecordPreparer {
    let normaliser: RecordNormaliser
    let demand: ResolutionDemand
    private var cache: ResolutionCache
    /// Records read so far (events that are records or rejections), for the progress bar.
    let counter: RecordCounter

    init(normaliser: RecordNormaliser, resolver: IngredientResolver, storing: Bool, demand: ResolutionDemand, counter: RecordCounter) {
        self.normaliser = normaliser
        self.demand = demand
        self.cache = ResolutionCache(resolver: resolver, storing: storing)
        self.counter = counter
    }

    /// - Parameter resolving: whether to resolve the ingredient list ahead (when the run mostly needs it and the
    ///   applying side is the slower one).
    mutating func prepare(_ event: FeedEvent, resolving: Bool) -> PreparedEvent {
        switch event {
        case .kind(let kind): return .kind(kind)
        case .warning(let diagnostic): return .warning(diagnostic)
        case .rejected(let diagnostic):
            counter.increment()
            return .rejected(diagnostic)
        case .record(let record):
            counter.increment()
            var prepared = PreparedRecord(position: record.position, action: record.action, normalised: normaliser.normalise(record))
            guard record.action == .upsert, case .success(let normalised) = prepared.normalised else { return .record(prepared) }
            prepared.ingredientHash = Hashing.contentHash(normalised.ingredients ?? "\u{0}none")
            prepared.contentHash = Hashing.contentHash(normalised.data.canonicalText + "\u{1D}" + prepared.ingredientHash)
            if resolving && demand.isEager { prepared.resolution = cache.resolve(normalised.ingredients) }
            return .record(prepared)
        }
    }
}

/// Counts records for the progress bar; written by the feed's thread, read by the progress callback.
final class RecordCounter: Sendable {
    private let count = Atomic<Int>(0)

    var value: Int { count.load(ordering: .relaxed) }

    func increment() { count.add(1, ordering: .relaxed) }
}
