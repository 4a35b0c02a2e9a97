public import CatalogueCore
import Foundation

/// The writes of one import run, inside the run's one transaction: what the importer asks of a backend while it
/// applies a feed. The calls are synchronous (the importer runs on a thread of its own); a backend may hold writes
/// back and send them together, so the importer tells it which keys it is about to use (``prefetch(supplier:skus:)``).
/// Whatever a backend holds back, every call answers as if each earlier write had been made.
public protocol ImportWriter {
    /// Whether the writer wants ``prefetch(supplier:skus:)`` called before each batch of records (a backend a network
    /// away); an embedded one answers each look-up as fast.
    var wantsPrefetch: Bool { get }

    /// How many records the importer hands over at a time (each batch one ``prefetch(supplier:skus:)`` and, for a
    /// backend that holds writes back, one send): a backend a network away wants them fewer and larger.
    var recordsPerBatch: Int { get }

    /// The keys of the records about to be applied (a batch): a backend that answers ``find(supplier:sku:)`` from
    /// memory reads them all at once. Writes held back are sent first.
    func prefetch(supplier: String, skus: [String]) throws

    /// The stored product with this supplier and SKU.
    func find(supplier: String, sku: String) throws -> StoredProduct?

    /// Marks a product stale: it keeps its last good version, and the suitability engine answers unknown for it with
    /// `reason` until ``clearStale(id:)``. The first time it went stale is kept.
    func markStale(id: Int64, reason: String) throws

    /// A good record arrived: the product is no longer stale.
    func clearStale(id: Int64) throws

    /// Gives a product a new key (SKU) within its supplier, keeping its id, history and formulations.
    func rekey(id: Int64, to sku: String) throws

    /// The stored fields of a product, for change reports.
    func data(of id: Int64) throws -> ProductData?

    /// Adds a product with its first formulation; returns the product's id, or `nil` (and writes nothing) when the
    /// supplier already has a product with this SKU.
    func insert(supplier: String, sku: String, data: ProductData, contentHash: String, formulation: NewFormulation) throws -> Int64?

    /// Replaces a product's fields, reactivating it if it was discontinued.
    func update(id: Int64, data: ProductData, contentHash: String) throws

    /// Adds a formulation version to a stored product and makes it the current one; returns its id.
    func addFormulation(productId: Int64, version: Int, _ formulation: NewFormulation) throws -> Int64

    /// Changes only the price of a product (price-update deltas).
    func updatePrice(id: Int64, price: String?, currency: String?, contentHash: String) throws

    /// Marks a product discontinued; it is kept, with its history.
    func discontinue(id: Int64) throws

    /// Calls `body` with the id and SKU of each of the supplier's active products, in id order, without holding them
    /// all in memory.
    func forEachActiveProduct(supplier: String, _ body: (Int64, String) throws -> Void) throws

    /// Prepares a dry run's store of the SKUs it adds, for when there are too many to keep in memory; it goes with
    /// the run's rollback.
    func prepareDryRun() throws

    /// Remembers a SKU added during a dry run (see ``prepareDryRun()``); returns `false` when it was already added
    /// in this run.
    func rememberDryRunSKU(_ sku: String) throws -> Bool

    /// Whether the supplier has any product, active or discontinued.
    func hasProducts(supplier: String) throws -> Bool

    /// How many active products the supplier has.
    func activeCount(supplier: String) throws -> Int
}

extension ImportWriter {
    /// Look-ups are asked one at a time by default.
    public var wantsPrefetch: Bool { false }

    /// 256 by default: enough to make the hand-over's cost vanish, few enough to keep both cores busy from the start.
    public var recordsPerBatch: Int { 256 }

    /// Nothing is read ahead by default.
    public func prefetch(supplier: String, skus: [String]) throws {}
}

/// How an import transaction ends.
public enum ImportCompletion: Sendable {
    case commit, rollback
}

/// What the importer needs to know of a stored product to classify a record as added, changed or unchanged.
public struct StoredProduct: Sendable, Equatable {
    public var id: Int64
    public var contentHash: String
    public var isActive: Bool
    public var currentFormulationId: Int64?
    /// The ingredient hash of the current formulation.
    public var ingredientHash: String?
    /// The current formulation's version number.
    public var version: Int?
    /// Marked stale: its latest record was rejected (see ``ImportWriter/markStale(id:reason:)``).
    public var isStale = false

    public init(
        id: Int64, contentHash: String, isActive: Bool, currentFormulationId: Int64?, ingredientHash: String?, version: Int?, isStale: Bool
    ) {
        self.id = id
        self.contentHash = contentHash
        self.isActive = isActive
        self.currentFormulationId = currentFormulationId
        self.ingredientHash = ingredientHash
        self.version = version
        self.isStale = isStale
    }
}


/// A formulation to add: the ingredient list as printed and what it resolved to.
public struct NewFormulation: Sendable {
    public var text: String?
    public var ingredientHash: String
    public var resolution: StoredResolution
    /// The import run that brought it.
    public var runId: Int64?

    public init(text: String?, ingredientHash: String, resolution: StoredResolution, runId: Int64?) {
        self.text = text
        self.ingredientHash = ingredientHash
        self.resolution = resolution
        self.runId = runId
    }
}
