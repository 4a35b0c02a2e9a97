public import CatalogueCore
import Foundation
public import StoreInterface

/// One product in a client's list: what `safe-oils`, `stock check` and the web app show. The JSON keys are the
/// documented ones (`product`, `name`, `status`, `reasons`, `properties`, `in_stock`, `condition_fit`).
public struct SuitabilityRow: Codable, Sendable, Equatable {
    public var product: String
    public var name: String
    /// One of the six words of ``SuitabilityStatus``.
    public var status: String
    public var reasons: [String]
    public var properties: [String]
    public var in_stock: Double?
    public var condition_fit: [String]

    /// Reception's word for this row: never a reason or a result.
    public var receptionVerdict: ReceptionVerdict { ReceptionVerdict(status: status) }
}

/// Reception's three words: safe is suitable; caution and patch-test-required need the therapist; pending,
/// unknown and blocked (and anything not known) are not suitable.
public enum ReceptionVerdict: String, Codable, Sendable {
    case suitable
    case askTherapist = "ask-therapist"
    case notSuitable = "not-suitable"

    public init(status: String) {
        switch SuitabilityStatus(rawValue: status) {
        case .safe: self = .suitable
        case .caution, .patchTestRequired: self = .askTherapist
        default: self = .notSuitable
        }
    }
}

/// Shared by `safe-oils` and `stock check`: the status of every product for a client (fast), ordered; full verdicts
/// with reasons only for the rows shown.
public enum SuitabilityListing {
    /// The whole catalogue through the suitability snapshot: plain-bits statuses for every product; full facts only
    /// for the products the bits cannot decide (tested, unresolved names, stock to age) and for the rows shown.
    public static func rows(
        taxonomy: Taxonomy, fingerprint: String, client: ClientProfile, database: any ClinicStore,
        properties: [PropertyID], stock: [Int64: LocationStock], checksStock: Bool, includeBlocked: Bool, limit: Int?,
        offset: Int = 0, only: SuitabilityStatus? = nil, snapshot: SuitabilitySnapshot? = nil
    ) async throws -> (rows: [SuitabilityRow], total: Int) {
        guard taxonomy.ingredients.count <= 256, taxonomy.allergens.count <= 256, taxonomy.properties.count <= 256 else {
            return rows(
                taxonomy: taxonomy, client: client, products: try await database.catalogueProducts(taxonomy: taxonomy, properties: properties),
                stock: stock, checksStock: checksStock, includeBlocked: includeBlocked, limit: limit, offset: offset, only: only
            )
        }
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: client)
        let required = OrdinalSet(properties.compactMap(taxonomy.ordinal(of:))).inline
        let conditionBits = client.conditions.compactMap(taxonomy.condition).map {
            OrdinalSet($0.preferredProperties.compactMap(taxonomy.ordinal(of:))).inline
        }
        let start = max(0, offset)
        let wanted = limit.flatMap { limit in
            let (end, overflow) = start.addingReportingOverflow(max(0, limit))
            return overflow ? nil : end
        }
        var scan = CatalogueScan(
            required: required, conditionBits: conditionBits, stocked: Set(stock.keys),
            includeBlocked: includeBlocked, only: only, page: PageSelection(wanted: wanted)
        )
        // A server passes the snapshot it keeps in memory; a command streams it from the database once.
        if let snapshot {
            for entry in snapshot.entries { scan.consider(entry, engine: engine) }
        } else {
            try await database.forEachSuitabilityEntry(taxonomy: taxonomy, fingerprint: fingerprint) { scan.consider($0, engine: engine) }
        }
        let undecided = scan.undecided
        var loaded: [Int64: CatalogueProduct] = [:]
        if !undecided.isEmpty {
            for product in try await database.catalogueProducts(
                taxonomy: taxonomy, properties: [], productIDs: Array(undecided.keys), includingDiscontinued: false
            ) {
                loaded[product.facts.productID] = product
                let held = stock[product.facts.productID].map(\.facts)
                let status = engine.status(of: product.facts, stock: held)
                if !keeps(status, includeBlocked: includeBlocked, only: only) { continue }
                let place = undecided[product.facts.productID]!
                scan.page.offer(status: status, fit: place.fit, nameRank: place.rank, id: product.facts.productID)
            }
        }
        let shown = scan.page.orderedIDs().dropFirst(start).prefix(max(0, limit ?? Int.max))
        let missing = shown.filter { loaded[$0] == nil }
        if !missing.isEmpty {
            for product in try await database.catalogueProducts(
                taxonomy: taxonomy, properties: [], productIDs: Array(missing), includingDiscontinued: false
            ) {
                loaded[product.facts.productID] = product
            }
        }
        let conditions = client.conditions.compactMap(taxonomy.condition)
        let rows = shown.compactMap { id -> SuitabilityRow? in
            guard let product = loaded[id] else { return nil }
            let held = stock[id]
            let verdict = engine.evaluate(product.facts, stock: held.map(\.facts))
            return row(product, verdict: verdict, held: held, checksStock: checksStock, conditions: conditions)
        }
        return (rows, scan.page.total)
    }

    /// Whether a product with `status` is listed: only that status when `only` is given, else all but blocked
    /// unless blocked ones are asked for.
    static func keeps(_ status: SuitabilityStatus, includeBlocked: Bool, only: SuitabilityStatus?) -> Bool {
        if let only { return status == only }
        return status != .blocked || includeBlocked
    }

    static func row(
        _ product: CatalogueProduct, verdict: SuitabilityVerdict, held: LocationStock?, checksStock: Bool,
        conditions: [ConditionProfile]
    ) -> SuitabilityRow {
        let fit = conditions.compactMap { condition -> String? in
            let matched = condition.preferredProperties.filter(product.properties.contains)
            return matched.isEmpty ? nil : "\(condition.name.lowercased()): \(matched.map(\.rawValue).joined(separator: ", "))"
        }
        return SuitabilityRow(
            product: product.facts.reference, name: product.facts.name, status: verdict.status.rawValue,
            reasons: verdict.reasons, properties: product.properties.map(\.rawValue),
            in_stock: checksStock ? (held?.quantity ?? 0) : nil, condition_fit: fit
        )
    }

    public static func rows(
        taxonomy: Taxonomy, client: ClientProfile, products: [CatalogueProduct], stock: [Int64: LocationStock],
        checksStock: Bool, includeBlocked: Bool = true, limit: Int? = nil, offset: Int = 0, only: SuitabilityStatus? = nil
    ) -> (rows: [SuitabilityRow], total: Int) {
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: client)
        let conditions = client.conditions.compactMap(taxonomy.condition)
        func stockFacts(_ product: CatalogueProduct) -> StockFacts? {
            stock[product.facts.productID].map(\.facts)
        }
        func fitCount(_ product: CatalogueProduct) -> Int {
            conditions.reduce(0) { $0 + ($1.preferredProperties.contains(where: product.properties.contains) ? 1 : 0) }
        }
        var ranked: [(index: Int, status: SuitabilityStatus, fit: Int)] = []
        ranked.reserveCapacity(products.count)
        let keys = products.map(\.facts.key)
        for index in products.indices {
            let held = stock[products[index].facts.productID]
            let status = (held == nil ? engine.status(of: keys[index]) : nil)
                ?? engine.status(of: products[index].facts, stock: stockFacts(products[index]))
            if !keeps(status, includeBlocked: includeBlocked, only: only) { continue }
            ranked.append((index, status, fitCount(products[index])))
        }
        // Products come ordered by name from the database, so a stable order on (status, fit) keeps names in order.
        let ordered = ranked.enumerated().sorted { lhs, rhs in
            if lhs.element.status != rhs.element.status { return lhs.element.status < rhs.element.status }
            if lhs.element.fit != rhs.element.fit { return lhs.element.fit > rhs.element.fit }
            return lhs.offset < rhs.offset
        }.map(\.element)
        let page = ordered.dropFirst(max(0, offset))
        let shown = limit.map { Array(page.prefix(max(0, $0))) } ?? Array(page)
        let rows = shown.map { entry -> SuitabilityRow in
            let product = products[entry.index]
            let held = stock[product.facts.productID]
            let verdict = engine.evaluate(product.facts, stock: stockFacts(product))
            return row(product, verdict: verdict, held: held, checksStock: checksStock, conditions: conditions)
        }
        return (rows, ordered.count)
    }
}

/// Reception's row: a product on the shelf and whether it suits the client, with no clinical detail.
public struct StockCheckRow: Codable, Sendable, Equatable {
    public var product: String
    public var name: String
    public var verdict: ReceptionVerdict
    public var in_stock: Double
}

extension SuitabilityListing {
    /// What is in stock (quantity above zero) at `location`, each with reception's verdict for `client`.
    public static func stockCheck(
        taxonomy: Taxonomy, client: ClientProfile, database: any ClinicStore, location: String, properties: [PropertyID]
    ) async throws -> [StockCheckRow] {
        try await database.requireStockLocation(location)
        let stock = try await database.stock(at: location).filter { $0.value.quantity > 0 }
        guard !stock.isEmpty else { return [] }
        // Bottles of a product the supplier has since dropped are still on the shelf: they are checked too.
        let products = try await database.catalogueProducts(
            taxonomy: taxonomy, properties: properties, productIDs: Array(stock.keys), includingDiscontinued: true
        )
        return rows(taxonomy: taxonomy, client: client, products: products, stock: stock, checksStock: true).rows.map {
            StockCheckRow(product: $0.product, name: $0.name, verdict: $0.receptionVerdict, in_stock: $0.in_stock ?? 0)
        }
    }
}

/// The rows of one page in list order, chosen while the catalogue streams past: one integer per product orders by
/// status, then best condition fit, then name — (status, 255 - fit, name rank); the name rank is unique. Only the
/// first `wanted` are kept (a binary-searched insert, and almost every product is rejected by one comparison), so a
/// page of 50 out of 100,000 products needs no array of the whole catalogue and no sort of it.
struct PageSelection {
    /// How many rows from the top are kept; nil for every row (also when so many are wanted that sorting them all
    /// is the cheaper way).
    let wanted: Int?
    /// Every product offered: the list's full length.
    private(set) var total = 0
    private var keys: [UInt64] = []
    private var ids: [Int64] = []

    init(wanted: Int?) {
        self.wanted = wanted.flatMap { $0 <= 5_000 ? $0 : nil }
        if let wanted = self.wanted {
            keys.reserveCapacity(wanted + 1)
            ids.reserveCapacity(wanted + 1)
        }
    }

    mutating func offer(status: SuitabilityStatus, fit: Int, nameRank: UInt32, id: Int64) {
        total += 1
        let key = UInt64(status.rank) << 40 | UInt64(255 - min(max(fit, 0), 255)) << 32 | UInt64(nameRank)
        guard let wanted else {
            keys.append(key)
            ids.append(id)
            return
        }
        guard wanted > 0, keys.count < wanted || key < keys[keys.count - 1] else { return }
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        keys.insert(key, at: low)
        ids.insert(id, at: low)
        if keys.count > wanted {
            keys.removeLast()
            ids.removeLast()
        }
    }

    /// The kept products' ids in list order.
    func orderedIDs() -> [Int64] {
        if wanted != nil { return ids }
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { ids[$0] }
    }
}

/// One pass over the snapshot for one client: the status of every product the bits can decide, offered to the page;
/// the others (tested, unresolved, held in stock) set aside to be decided from their full facts.
///
/// The engine is borrowed for each entry, never held: a struct of some 1,200 bytes, it was copied for every product
/// when it was a property of the scan.
struct CatalogueScan {
    let required: InlineBits
    let conditionBits: [InlineBits]
    /// Products held at the location: their opened stock may age them, which the bits do not know.
    let stocked: Set<Int64>
    let includeBlocked: Bool
    let only: SuitabilityStatus?
    var page: PageSelection
    var undecided: [Int64: (fit: Int, rank: UInt32)] = [:]

    @inline(__always)
    mutating func consider(_ entry: SuitabilitySnapshot.Entry, engine: borrowing SuitabilityEngine) {
        guard entry.properties.contains(required) else { return }
        var fit = 0
        for bits in conditionBits where entry.properties.intersects(bits) { fit += 1 }
        guard stocked.isEmpty || !stocked.contains(entry.key.productID), let status = engine.status(of: entry.key) else {
            undecided[entry.key.productID] = (fit, entry.nameRank)
            return
        }
        if SuitabilityListing.keeps(status, includeBlocked: includeBlocked, only: only) {
            page.offer(status: status, fit: fit, nameRank: entry.nameRank, id: entry.key.productID)
        }
    }
}
