public import CatalogueCore
public import Foundation
import Logging
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: HistoryStore {
    public func client(ofHistoryEntry id: Int64) async throws -> Int64? {
        try await rows(#"SELECT "clientId" FROM "clientHistoryEntry" WHERE "id" = \#(id)"#) { try $0.decode(Int64.self) }.first
    }

    public func addHistoryEntry(
        client: Int64, item: HistoryItemID, since: String?, source: MedicalHistoryEntry.Source, note: String?, corrects: Int64?,
        actor: String, at date: Date
    ) async throws -> Int64 {
        let since = try HistoryRules.day(since, field: "since", now: date)
        return try await historyChange(of: corrects) { connection in
            try await Self.lockClient(client, connection, logger: logger)
            if let corrects {
                let owner = try await Self.owner(of: corrects, connection, logger: logger)
                _ = try HistoryRules.entryInForce(
                    corrects, owner: owner, client: client, entries: try await Self.historyEntries(connection, logger: logger, client: owner)
                )
            }
            let id = try await Self.insertHistoryEntry(
                connection, logger: logger, client: client, item: item, status: .current, since: since, resolvedOn: nil, source: source,
                note: note, supersedes: corrects, actor: actor, at: date
            )
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: corrects == nil ? "history.add" : "history.correct", entity: "clientHistoryEntry",
                entityId: String(id), detail: HistoryRules.addDetail(client: client, item: item, source: source, since: since, corrects: corrects),
                at: date
            )
            return id
        }
    }

    public func resolveHistoryEntry(_ entry: Int64, on day: String?, note: String?, actor: String, at date: Date) async throws -> Int64 {
        let resolvedOn = try HistoryRules.day(day, field: "on", now: date) ?? HistoryRules.today(date)
        return try await historyChange(of: entry) { connection in
            let (old, client) = try await Self.entryInForce(entry, connection, logger: logger)
            try HistoryRules.requireCurrent(old)
            let id = try await Self.insertHistoryEntry(
                connection, logger: logger, client: client, item: old.item, status: .resolved, since: old.since, resolvedOn: resolvedOn,
                source: old.source, note: note ?? old.note, supersedes: entry, actor: actor, at: date
            )
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "history.resolve", entity: "clientHistoryEntry", entityId: String(id),
                detail: AuditDetail.json(["client": String(client), "resolves": String(entry), "on": resolvedOn]), at: date
            )
            return id
        }
    }

    public func withdrawHistoryEntry(_ entry: Int64, reason: String, actor: String, at date: Date) async throws -> Int64 {
        let reason = try HistoryRules.withdrawalReason(reason)
        return try await historyChange(of: entry) { connection in
            let (old, client) = try await Self.entryInForce(entry, connection, logger: logger)
            try HistoryRules.requireWithdrawable(old, client: client)
            let id = try await Self.insertHistoryEntry(
                connection, logger: logger, client: client, item: old.item, status: .enteredInError, since: old.since, resolvedOn: nil,
                source: old.source, note: reason, supersedes: entry, actor: actor, at: date
            )
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "history.withdraw", entity: "clientHistoryEntry", entityId: String(id),
                detail: AuditDetail.json(["client": String(client), "withdraws": String(entry), "reason": reason]), at: date
            )
            return id
        }
    }

    public func historyListings(client: Int64) async throws -> [MedicalHistoryListing] {
        try await transaction { connection in
            let found = try await Self.count(try await connection.query(#"SELECT 1 FROM "client" WHERE "id" = \#(client)"#, logger: logger))
            guard found == 1 else { throw ClientRules.unknownClient(client) }
            return HistoryRules.listings(try await Self.historyEntries(connection, logger: logger, client: client))
        }
    }

    public func recordIntakeReview(client: Int64, note: String?, actor: String, at date: Date) async throws -> Int64 {
        let note = HistoryRules.note(note)
        return try await transaction { connection in
            try await Self.requireClient(client, connection, logger: logger)
            var id: Int64 = 0
            for try await value in try await connection.query(
                #"""
                INSERT INTO "clientIntakeReview" ("clientId", "reviewedBy", "reviewedAt", "note") VALUES (\#(client), \#(actor), \#(date), \#(note))
                RETURNING "id"
                """#,
                logger: logger
            ).decode(Int64.self) { id = value }
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "intake.review", entity: "client", entityId: String(client),
                detail: AuditDetail.json(["review": String(id)]), at: date
            )
            return id
        }
    }

    public func lastIntakeReview(client: Int64) async throws -> IntakeReview? {
        try await rows(
            #"""
            SELECT "id", "reviewedBy", "reviewedAt", "note" FROM "clientIntakeReview" WHERE "clientId" = \#(client)
            ORDER BY "reviewedAt" DESC, "id" DESC LIMIT 1
            """#
        ) {
            let (id, by, at, note) = try $0.decode((Int64, String, Date, String?).self)
            return IntakeReview(id: id, reviewedBy: by, reviewedAt: at, note: note)
        }.first
    }

    /// Runs a history change in a transaction; should another server have replaced `entry` in between after all (the
    /// unique successor refuses a second), the change is refused as superseded.
    private func historyChange(of entry: Int64?, _ body: (PostgresConnection) async throws -> Int64) async throws -> Int64 {
        do {
            return try await transaction { try await body($0) }
        } catch let error as PostgresStoreError where error.sqlState == "23505" {
            throw HistoryRules.superseded(entry ?? 0, by: nil)
        }
    }

    /// Holds the client's row until the transaction ends: one history change per client at a time, whichever server
    /// makes it, so two corrections of one entry cannot both pass the check.
    static func lockClient(_ id: Int64, _ connection: PostgresConnection, logger: Logger) async throws {
        let found = try await count(try await connection.query(#"SELECT 1 FROM "client" WHERE "id" = \#(id) FOR NO KEY UPDATE"#, logger: logger))
        guard found == 1 else { throw ClientRules.unknownClient(id) }
    }

    static func owner(of entry: Int64, _ connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        var owner: Int64?
        for try await value in try await connection.query(
            #"SELECT "clientId" FROM "clientHistoryEntry" WHERE "id" = \#(entry)"#, logger: logger
        ).decode(Int64.self) { owner = value }
        guard let owner else { throw HistoryRules.unknownEntry(entry) }
        return owner
    }

    /// The entry, if it may be replaced, and its client, whose row is then held.
    static func entryInForce(_ id: Int64, _ connection: PostgresConnection, logger: Logger) async throws -> (MedicalHistoryEntry, Int64) {
        let owner = try await owner(of: id, connection, logger: logger)
        try await lockClient(owner, connection, logger: logger)
        let entries = try await historyEntries(connection, logger: logger, client: owner)
        return (try HistoryRules.entryInForce(id, owner: owner, client: nil, entries: entries), owner)
    }

    /// A client's entries, oldest first (rows this version cannot read left out).
    static func historyEntries(_ connection: PostgresConnection, logger: Logger, client: Int64) async throws -> [MedicalHistoryEntry] {
        var entries: [MedicalHistoryEntry] = []
        for try await (id, item, status, since, resolvedOn, source, note, supersedes, by, at) in try await connection.query(
            #"""
            SELECT "id", "itemId", "status", "since", "resolvedOn", "source", "note", "supersedesId", "recordedBy", "recordedAt"
            FROM "clientHistoryEntry" WHERE "clientId" = \#(client) ORDER BY "id"
            """#,
            logger: logger
        ).decode((Int64, String, String, String?, String?, String, String?, Int64?, String, Date).self) {
            guard let status = MedicalHistoryEntry.Status(rawValue: status), let source = MedicalHistoryEntry.Source(rawValue: source) else { continue }
            entries.append(
                MedicalHistoryEntry(
                    id: id, item: HistoryItemID(rawValue: item), status: status, since: since, resolvedOn: resolvedOn, source: source, note: note,
                    supersedes: supersedes, recordedBy: by, recordedAt: at
                )
            )
        }
        return entries
    }

    private static func insertHistoryEntry(
        _ connection: PostgresConnection, logger: Logger, client: Int64, item: HistoryItemID, status: MedicalHistoryEntry.Status,
        since: String?, resolvedOn: String?, source: MedicalHistoryEntry.Source, note: String?, supersedes: Int64?, actor: String, at date: Date
    ) async throws -> Int64 {
        let note = HistoryRules.note(note)
        var id: Int64 = 0
        for try await value in try await connection.query(
            #"""
            INSERT INTO "clientHistoryEntry" ("clientId", "itemId", "status", "since", "resolvedOn", "source", "note", "supersedesId", "recordedBy", "recordedAt")
            VALUES (\#(client), \#(item.rawValue), \#(status.rawValue), \#(since), \#(resolvedOn), \#(source.rawValue), \#(note), \#(supersedes),
              \#(actor), \#(date))
            RETURNING "id"
            """#,
            logger: logger
        ).decode(Int64.self) { id = value }
        return id
    }
}
