import CatalogueCore
import ImporterAPI
import Synchronization

/// A feed event as the feed's thread hands it over: a record comes prepared when the applying side was behind,
/// else as read (the applying side then prepares it itself).
enum PreparedEvent: Sendable {
    case kind(FeedKind)
    case record(ProductRecord)
    case prepared(PreparedRecord)
    case rejected(RecordDiagnostic)
    case warning(RecordDiagnostic)

    /// Whether the event counts as a record read (for the progress bar).
    var isRecord: Bool {
        switch self {
        case .record, .prepared, .rejected: true
        case .kind, .warning: false
        }
    }
}

/// A record validated, hashed and (while the run is mostly adding or reformulating products) resolved.
struct PreparedRecord: Sendable {
    var position: RecordPosition
    var action: RecordAction
    var normalised: Result<RecordNormaliser.Normalised, RecordDiagnostic>
    /// For an upsert of a run that stores: its hashes. A dry run leaves them out; it hashes a record only when there
    /// is a stored product to compare it with.
    var hashes: RecordHashes?
    /// The ingredient list's resolution, when it was made ahead.
    var resolution: PreparedResolution?
}

/// The hashes a product version is told apart by: of its ingredient list (a change there is a reformulation), and
/// of its whole content with that hash.
struct RecordHashes: Sendable {
    var ingredients: String
    var content: String

    init(of normalised: RecordNormaliser.Normalised) {
        ingredients = Hashing.contentHash(normalised.ingredients ?? "\u{0}none")
        content = Hashing.contentHash(of: normalised.data, ingredientHash: ingredients)
    }
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

/// The work on each record that needs no database: validation, content hashes and ingredient resolution. The feed's
/// thread and the applying side each have one, and share the work by how far behind the applying side is.
struct RecordPreparer {
    let normaliser: RecordNormaliser
    let demand: ResolutionDemand
    /// Whether records are hashed ahead: for a run that stores what it reads, and for a dry run of a supplier that
    /// has products (its records are compared with them). A first dry run hashes nothing.
    var hashing: Bool
    private var cache: ResolutionCache

    init(normaliser: RecordNormaliser, resolver: IngredientResolver, storing: Bool, demand: ResolutionDemand) {
        self.normaliser = normaliser
        self.demand = demand
        self.hashing = storing
        self.cache = ResolutionCache(resolver: resolver, storing: storing)
    }

    /// On the feed's thread: the event with as much done as helps. While the applying side keeps up, records go as
    /// read; when it is behind, they go validated, hashed (when the run needs it) and (when the run mostly needs it)
    /// resolved.
    mutating func prepare(_ event: FeedEvent, callerIsBehind: Bool) -> PreparedEvent {
        switch event {
        case .kind(let kind): .kind(kind)
        case .warning(let diagnostic): .warning(diagnostic)
        case .rejected(let diagnostic): .rejected(diagnostic)
        case .record(let record): callerIsBehind ? .prepared(prepare(record, resolving: demand.isEager)) : .record(record)
        }
    }

    /// Validates `record`, hashes it when the run stores, and resolves its ingredient list when `resolving`.
    mutating func prepare(_ record: ProductRecord, resolving: Bool) -> PreparedRecord {
        var prepared = PreparedRecord(position: record.position, action: record.action, normalised: normaliser.normalise(record))
        guard record.action == .upsert, case .success(let normalised) = prepared.normalised else { return prepared }
        if hashing { prepared.hashes = RecordHashes(of: normalised) }
        if resolving { prepared.resolution = cache.resolve(normalised.ingredients) }
        return prepared
    }

    /// Resolves an ingredient list (cached).
    mutating func resolve(_ text: String?) -> PreparedResolution { cache.resolve(text) }
}

/// Counts records for the progress bar; written by the feed's thread, read by the progress callback.
final class RecordCounter: Sendable {
    private let count = Atomic<Int>(0)

    var value: Int { count.load(ordering: .relaxed) }

    func increment() { count.add(1, ordering: .relaxed) }
}
