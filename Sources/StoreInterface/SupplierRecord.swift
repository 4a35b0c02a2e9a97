public import Foundation

/// A supplier whose feed the importer reads.
public struct SupplierRecord: Codable, Sendable, Equatable {
    /// The supplier's id, chosen by the clinic (`naturalis`); with a SKU, a product's identity.
    public var id: String
    public var name: String
    /// The importer format name (`google-merchant`, `bmecat`, …, or an external plugin's name).
    public var format: String
    /// The mapping for mapped formats, as JSON.
    public var mapping: String?
    /// Where to fetch the feed: a path or an http(s) URL.
    public var source: String?
    /// The currency for feeds whose prices carry none.
    public var currency: String?
    /// The validator of the last download, for conditional GET.
    public var etag: String?
    public var lastModified: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, name: String, format: String, mapping: String? = nil, source: String? = nil,
        currency: String? = nil, at date: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.format = format
        self.mapping = mapping
        self.source = source
        self.currency = currency
        self.createdAt = date
        self.updatedAt = date
    }
}

/// A supplier as lists show it: with its active products and its last import run.
public struct SupplierOverview: Sendable {
    public var supplier: SupplierRecord
    public var activeProducts: Int
    public var lastRun: ImportRunRecord?

    public init(supplier: SupplierRecord, activeProducts: Int, lastRun: ImportRunRecord?) {
        self.supplier = supplier
        self.activeProducts = activeProducts
        self.lastRun = lastRun
    }
}
