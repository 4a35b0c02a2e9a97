import Foundation
import Logging
import PostgresNIO

extension PostgresCatalogue {
    /// Appends a line to the audit log inside the caller's transaction, so a change and its audit line commit
    /// together (the log's triggers refuse any later change to it).
    static func appendAudit(
        _ connection: PostgresConnection, logger: Logger, actor: String, action: String, entity: String, entityId: String?,
        detail: String? = nil, at date: Date
    ) async throws {
        try await connection.query(
            #"""
            INSERT INTO "auditLog" ("at", "actor", "action", "entity", "entityId", "detail")
            VALUES (\#(date), \#(actor), \#(action), \#(entity), \#(entityId), \#(detail))
            """#,
            logger: logger
        )
    }

    /// How many rows a statement's `RETURNING 1` gave: the rows it changed.
    static func count(_ rows: PostgresRowSequence) async throws -> Int {
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }
}
