import CatalogueCore
public import Foundation

/// Stock lots per location, shared by every server on one database: what reception, `oilcat stock` and the stock API
/// need of a backend. A lot is (location, product, batch); every change is a movement with its author and an audit
/// line, in one transaction, and stock never goes below zero however many changes arrive at once.
public protocol StockStore: Sendable {
    /// Applies a stock change to the lot (location, product, batch), creating it if needed; returns the new quantity.
    /// The request is checked by ``StockRules/check(_:location:quantity:expires:opened:reorderLevel:now:)`` first.
    /// - Throws: ``ClinicStoreError`` `CLINIC-UNKNOWN-PRODUCT`, `STOCK-BELOW-ZERO`, or one of the checks' codes.
    @discardableResult
    func changeStock(
        _ change: StockChange, location: String, supplier: String, sku: String, quantity: Double, batch: String?,
        expires: String?, opened: String?, reorderLevel: Double?, actor: String, now: Date
    ) async throws -> Double

    /// The lots at a location (empty ones left out unless they have a reorder level), by product name (ASCII letters
    /// without case) then batch; low ones only when asked.
    func stockRows(location: String, lowOnly: Bool) async throws -> [StockRow]

    /// The locations that hold or held stock, in byte order.
    func stockLocations() async throws -> [String]

    /// What is held at a location, by product id: the quantity over every lot, and the opened and expiry days of
    /// the lots that hold some (in lot order). `typed` is cleaned as ``StockRules/locationName(_:)`` cleans it.
    func stock(at typed: String) async throws -> [Int64: LocationStock]
}

extension StockStore {
    /// Applies a stock change now.
    @discardableResult
    public func changeStock(
        _ change: StockChange, location: String, supplier: String, sku: String, quantity: Double, batch: String?,
        expires: String?, opened: String?, reorderLevel: Double?, actor: String
    ) async throws -> Double {
        try await changeStock(
            change, location: location, supplier: supplier, sku: sku, quantity: quantity, batch: batch, expires: expires, opened: opened,
            reorderLevel: reorderLevel, actor: actor, now: Date()
        )
    }

    /// Every lot at a location that holds stock or has a reorder level.
    public func stockRows(location: String) async throws -> [StockRow] {
        try await stockRows(location: location, lowOnly: false)
    }

    /// Refuses a location no stock was ever recorded at: a misspelt one ("front-dsk") would read as an empty shelf.
    /// - Throws: ``ClinicStoreError`` `STOCK-UNKNOWN-LOCATION`, listing the known ones.
    public func requireStockLocation(_ typed: String) async throws {
        try StockRules.require(typed, among: try await stockLocations())
    }
}

/// A stock lot as listed.
public struct StockRow: Sendable, Codable, Equatable {
    public var location: String
    public var product: String
    public var name: String
    public var batch: String
    public var quantity: Double
    public var reorderLevel: Double
    public var expires: String?
    public var opened: String?
    public var isLow: Bool { quantity <= reorderLevel }

    public init(
        location: String, product: String, name: String, batch: String, quantity: Double, reorderLevel: Double, expires: String?,
        opened: String?
    ) {
        self.location = location
        self.product = product
        self.name = name
        self.batch = batch
        self.quantity = quantity
        self.reorderLevel = reorderLevel
        self.expires = expires
        self.opened = opened
    }
}

/// How a stock change applies.
public enum StockChange: String, Sendable, CaseIterable {
    /// Add the quantity (a delivery).
    case receive
    /// Add a signed quantity (breakage, use, a count correction).
    case adjust
    /// Set the quantity (a stocktake).
    case set
}

/// The rules every backend applies to stock, and how quantities and locations are written.
public enum StockRules {
    /// A location's name as stored and looked up: one line, without control or invisible format characters
    /// (a bidirectional override would make it print as another name), without surrounding spaces.
    public static func locationName(_ typed: String) -> String {
        TextHygiene.singleLine(typed).trimmingCharacters(in: .whitespaces)
    }

    /// A quantity as people write it: "4", "2.5".
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Checks a change before it is applied: a finite quantity, 0 or more unless adjusting; a named location and a
    /// batch of at most ``maximumNameBytes``; a reorder level of 0 or more; days written YYYY-MM-DD; an opening day
    /// that is not in the future.
    /// - Throws: ``ClinicStoreError`` `STOCK-QUANTITY`, `STOCK-LOCATION`, `STOCK-BATCH`, `STOCK-REORDER-LEVEL`,
    ///   `STOCK-DAY` or `STOCK-OPENED-FUTURE`.
    public static func check(
        _ change: StockChange, location: String, batch: String?, quantity: Double, expires: String?, opened: String?, reorderLevel: Double?,
        now: Date
    ) throws {
        guard quantity.isFinite else { throw ClinicStoreError(code: "STOCK-QUANTITY", message: "the quantity must be a number") }
        guard !TextHygiene.isBlank(location) else {
            throw ClinicStoreError(code: "STOCK-LOCATION", message: "the location needs a name, such as front-desk")
        }
        guard location.utf8.count <= maximumNameBytes else {
            throw ClinicStoreError(code: "STOCK-LOCATION", message: "a location name is at most \(maximumNameBytes) bytes; use a shorter one")
        }
        if let batch, batch.utf8.count > maximumNameBytes {
            throw ClinicStoreError(code: "STOCK-BATCH", message: "a batch number is at most \(maximumNameBytes) bytes")
        }
        if let reorderLevel, !(reorderLevel.isFinite && reorderLevel >= 0) {
            throw ClinicStoreError(code: "STOCK-REORDER-LEVEL", message: "the reorder level must be a number, 0 or more")
        }
        for (field, text) in [("expiry", expires), ("opening", opened)] {
            if let text, CalendarDay.canonical(text) != text {
                throw ClinicStoreError(code: "STOCK-DAY", message: "the \(field) day '\(text)' is not a day; write it as 2026-11-03")
            }
        }
        // A bottle opened "next year" would hide the caution an old one earns: an opening day is today or before
        // (today anywhere: UTC+14 is the furthest ahead).
        if let opened, let day = day(opened), day > now.addingTimeInterval(14 * 3600) {
            throw ClinicStoreError(
                code: "STOCK-OPENED-FUTURE",
                message: "the opening day \(opened) is in the future; give the day the bottle was opened (today or before)"
            )
        }
        if change != .adjust && quantity < 0 {
            throw ClinicStoreError(
                code: "STOCK-QUANTITY",
                message: "--quantity must be 0 or more for \(change.rawValue); use adjust with a negative quantity to take stock out"
            )
        }
    }

    /// The refusal of a change that would take a lot below zero.
    public static func belowZero(location: String, holding: Double, supplier: String, sku: String, batch: String?, taking: Double) -> ClinicStoreError {
        ClinicStoreError(
            code: "STOCK-BELOW-ZERO",
            message: "\(location) holds \(number(holding)) of \(supplier):\(sku)\(batch.map { " batch \($0)" } ?? ""); taking \(number(taking)) would go below zero"
        )
    }

    /// The longest location or batch name, in UTF-8 bytes: every backend can index it.
    public static let maximumNameBytes = 200

    /// Refuses a product reference no catalogue can hold (a NUL character) as an unknown product, before it is
    /// looked up: PostgreSQL cannot even compare such text.
    public static func requireStorable(supplier: String, sku: String) throws {
        if supplier.utf8.contains(0) || sku.utf8.contains(0) { throw unknownProduct(supplier: supplier, sku: sku) }
    }

    /// The refusal of a change to a product the catalogue does not hold.
    public static func unknownProduct(supplier: String, sku: String) -> ClinicStoreError {
        ClinicStoreError(code: "CLINIC-UNKNOWN-PRODUCT", message: "no product \(supplier):\(sku); find it with 'oilcat products search'")
    }

    /// Refuses `typed` unless it is one of `known`.
    public static func require(_ typed: String, among known: [String]) throws {
        let location = locationName(typed)
        guard !known.contains(location) else { return }
        let listed = known.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
        throw ClinicStoreError(
            code: "STOCK-UNKNOWN-LOCATION",
            message: "no stock has been recorded at '\(location)'; "
                + (known.isEmpty ? "no location holds stock yet (record some with 'oilcat stock receive')" : "known locations: \(listed)")
        )
    }

    /// A stored day ("2026-11-03") as the start of that UTC day.
    public static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }
}
