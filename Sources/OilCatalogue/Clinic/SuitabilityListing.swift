public import CatalogueCore
public import CatalogueStore
import Foundation

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
        taxonomy: Taxonomy, fingerprint: String, client: ClientProfile, database: CatalogueDatabase,
        properties: [PropertyID], stock: [Int64: LocationStock], checksStock: Bool, includeBlocked: Bool, limit: Int?,
        offset: Int = 0, only: SuitabilityStatus? = nil, snapshot: SuitabilitySnapshot? = nil
    ) throws -> (rows: [SuitabilityRow], total: Int) {
        guard taxonomy.ingredients.count <= 256, taxonomy.allergens.count <= 256, taxonomy.properties.count <= 256 else {
            return rows(
                taxonomy: taxonomy, client: client, products: try database.catalogueProducts(taxonomy: taxonomy, properties: properties),
                stock: stock, checksStock: checksStock, includeBlocked: includeBlocked, limit: limit, offset: offset, only: only
            )
        }
        let snapshot = try snapshot ?? database.suitabilitySnapshot(taxonomy: taxonomy, fingerprint: fingerprint)
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: client)
        let required = OrdinalSet(properties.compactMap(taxonomy.ordinal(of:))).inline
        let conditionBits = client.conditions.compactMap(taxonomy.condition).map {
            OrdinalSet($0.preferredProperties.compactMap(taxonomy.ordinal(of:))).inline
        }
        var ranked: [(id: Int64, status: SuitabilityStatus, fit: Int, rank: UInt32)] = []
        ranked.reserveCapacity(snapshot.entries.count)
        var undecided: [Int64: (fit: Int, rank: UInt32)] = [:]
        for entry in snapshot.entries where entry.properties.contains(required) {
            let fit = conditionBits.reduce(0) { $0 + (entry.properties.intersects($1) ? 1 : 0) }
            guard stock[entry.key.productID] == nil, let status = engine.status(of: entry.key) else {
                undecided[entry.key.productID] = (fit, entry.nameRank)
                continue
            }
            if !keeps(status, includeBlocked: includeBlocked, only: only) { continue }
            ranked.append((entry.key.productID, status, fit, entry.nameRank))
        }
        var loaded: [Int64: CatalogueProduct] = [:]
        if !undecided.isEmpty {
            for product in try database.catalogueProducts(taxonomy: taxonomy, productIDs: Array(undecided.keys)) {
                loaded[product.facts.productID] = product
                let held = stock[product.facts.productID].map { StockFacts(openedDates: $0.openedDates) }
                let status = engine.status(of: product.facts, stock: held)
                if !keeps(status, includeBlocked: includeBlocked, only: only) { continue }
                let place = undecided[product.facts.productID]!
                ranked.append((product.facts.productID, status, place.fit, place.rank))
            }
        }
        // One integer per product orders by status, then best fit, then name: (status, 255 - fit, name rank). The
        // name rank is unique, so the sorted integers alone say which product comes where.
        var indexOfRank = [Int32](repeating: -1, count: Int(ranked.lazy.map(\.rank).max() ?? 0) + 1)
        var order = [UInt64]()
        order.reserveCapacity(ranked.count)
        for (index, entry) in ranked.enumerated() {
            indexOfRank[Int(entry.rank)] = Int32(index)
            order.append(UInt64(entry.status.rank) << 40 | UInt64(255 - min(entry.fit, 255)) << 32 | UInt64(entry.rank))
        }
        // A page needs only the first offset + limit in order, not the whole catalogue sorted.
        let start = min(max(0, offset), order.count)
        let wanted = limit.map { start + min(max(0, $0), order.count) } ?? order.count
        let first = wanted < order.count / 8 ? Self.smallest(wanted, of: order) : order.sorted()
        let shown = first.dropFirst(start).prefix(max(0, limit ?? order.count)).map { ranked[Int(indexOfRank[Int($0 & 0xFFFF_FFFF)])] }
        let missing = shown.map(\.id).filter { loaded[$0] == nil }
        if !missing.isEmpty {
            for product in try database.catalogueProducts(taxonomy: taxonomy, productIDs: missing) { loaded[product.facts.productID] = product }
        }
        let conditions = client.conditions.compactMap(taxonomy.condition)
        let rows = shown.compactMap { entry -> SuitabilityRow? in
            guard let product = loaded[entry.id] else { return nil }
            let held = stock[entry.id]
            let verdict = engine.evaluate(product.facts, stock: held.map { StockFacts(openedDates: $0.openedDates) })
            return row(product, verdict: verdict, held: held, checksStock: checksStock, conditions: conditions)
        }
        return (rows, ranked.count)
    }

    /// Whether a product with `status` is listed: only that status when `only` is given, else all but blocked
    /// unless blocked ones are asked for.
    static func keeps(_ status: SuitabilityStatus, includeBlocked: Bool, only: SuitabilityStatus?) -> Bool {
        if let only { return status == only }
        return status != .blocked || includeBlocked
    }

    /// The `count` smallest values, in order: one pass that rejects almost every value with one comparison.
    static func smallest(_ count: Int, of values: [UInt64]) -> [UInt64] {
        guard count > 0 else { return [] }
        var best: [UInt64] = []
        best.reserveCapacity(count + 1)
        for value in values where best.count < count || value < best[best.count - 1] {
            var low = 0, high = best.count
            while low < high {
                let middle = (low + high) / 2
                if best[middle] < value { low = middle + 1 } else { high = middle }
            }
            best.insert(value, at: low)
            if best.count > count { best.removeLast() }
        }
        return best
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
            stock[product.facts.productID].map { StockFacts(openedDates: $0.openedDates) }
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
        taxonomy: Taxonomy, client: ClientProfile, database: CatalogueDatabase, location: String, properties: [PropertyID]
    ) throws -> [StockCheckRow] {
        let stock = try database.stock(at: location).filter { $0.value.quantity > 0 }
        guard !stock.isEmpty else { return [] }
        let products = try database.catalogueProducts(taxonomy: taxonomy, properties: properties, productIDs: Array(stock.keys))
        return rows(taxonomy: taxonomy, client: client, products: products, stock: stock, checksStock: true).rows.map {
            StockCheckRow(product: $0.product, name: $0.name, verdict: $0.receptionVerdict, in_stock: $0.in_stock ?? 0)
        }
    }
}
