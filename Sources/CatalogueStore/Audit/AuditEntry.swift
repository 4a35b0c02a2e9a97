public import Foundation
public import GRDB

/// One line of the append-only audit log: who did what to which record, and when.
public struct AuditEntry: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "auditLog"

    public var id: Int64?
    /// When it happened (UTC).
    public var at: Date
    /// Who did it: a user name, or "oilcat" with the system user for the command line.
    public var actor: String
    /// What was done, such as `client.add` or `patch-test.read`.
    public var action: String
    /// The kind of record, such as `client`.
    public var entity: String
    /// The record's id.
    public var entityId: String?
    /// Details as JSON.
    public var detail: String?

    public init(
        at: Date = Date(), actor: String, action: String, entity: String, entityId: String? = nil,
        detail: String? = nil
    ) {
        self.at = at
        self.actor = actor
        self.action = action
        self.entity = entity
        self.entityId = entityId
        self.detail = detail
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension AuditEntry {
    /// Appends an entry inside the caller's transaction, so the change and its audit line commit together.
    @_spi(SQLite) public static func append(
        _ db: Database, actor: String, action: String, entity: String, entityId: String? = nil,
        detail: String? = nil, at: Date = Date()
    ) throws {
        var entry = AuditEntry(at: at, actor: actor, action: action, entity: entity, entityId: entityId, detail: detail)
        try entry.insert(db)
    }
}
