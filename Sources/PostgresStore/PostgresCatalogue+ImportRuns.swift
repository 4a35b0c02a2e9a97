import Foundation
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: ImportRunStore {
    static let runColumns = #"""
        "id", "supplierId", "status", "dryRun", "source", "format", "feedSHA256", "fingerprint", "feedKind", "archivePath", "bytes",
        "recordsRead", "added", "changed", "unchanged", "removed", "rejected", "report", "error", "startedAt", "finishedAt"
        """#

    static func importRun(_ row: PostgresRow) throws -> ImportRunRecord {
        let (id, supplier, status, dryRun, source, format, sha, fingerprint, kind, archive, bytes) =
            try row.decode((Int64, String, String, Bool, String, String?, String?, String?, String?, String?, Int64?).self)
        let columns = row.makeRandomAccess()
        var run = ImportRunRecord(supplierId: supplier, source: source, format: format, dryRun: dryRun, startedAt: try columns[19].decode(Date.self))
        run.id = id
        run.status = ImportRunRecord.Status(rawValue: status) ?? .failed
        run.feedSHA256 = sha
        run.fingerprint = fingerprint
        run.feedKind = kind
        run.archivePath = archive
        run.bytes = bytes
        run.recordsRead = Int(try columns[11].decode(Int64.self))
        run.added = Int(try columns[12].decode(Int64.self))
        run.changed = Int(try columns[13].decode(Int64.self))
        run.unchanged = Int(try columns[14].decode(Int64.self))
        run.removed = Int(try columns[15].decode(Int64.self))
        run.rejected = Int(try columns[16].decode(Int64.self))
        run.report = try columns[17].decode(String?.self)
        run.error = try columns[18].decode(String?.self)
        run.finishedAt = try columns[20].decode(Date?.self)
        return run
    }

    public func beginImportRun(_ run: inout ImportRunRecord) async throws {
        let started = run
        let id = try await transaction { connection in try await Self.insert(started, connection, logger: logger) }
        run.id = id
    }

    public func finishImportRun(_ run: inout ImportRunRecord, auditDetail: String?) async throws {
        let finished = run
        let id = try await transaction { connection in
            let id: Int64
            if let existing = finished.id {
                id = existing
                try await connection.query(
                    #"""
                    UPDATE "importRun" SET "status" = \#(finished.status.rawValue), "dryRun" = \#(finished.dryRun), "source" = \#(finished.source),
                      "format" = \#(finished.format), "feedSHA256" = \#(finished.feedSHA256), "fingerprint" = \#(finished.fingerprint),
                      "feedKind" = \#(finished.feedKind), "archivePath" = \#(finished.archivePath), "bytes" = \#(finished.bytes),
                      "recordsRead" = \#(finished.recordsRead), "added" = \#(finished.added), "changed" = \#(finished.changed),
                      "unchanged" = \#(finished.unchanged), "removed" = \#(finished.removed), "rejected" = \#(finished.rejected),
                      "report" = \#(finished.report), "error" = \#(finished.error), "finishedAt" = \#(finished.finishedAt)
                    WHERE "id" = \#(existing)
                    """#,
                    logger: logger
                )
            } else {
                id = try await Self.insert(finished, connection, logger: logger)
            }
            try await Self.appendAudit(
                connection, logger: logger, actor: "importer", action: "import.\(finished.status.rawValue)", entity: "importRun",
                entityId: String(id), detail: auditDetail, at: Date()
            )
            return id
        }
        run.id = id
    }

    private static func insert(_ run: ImportRunRecord, _ connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        var id: Int64?
        for try await value in try await connection.query(
            #"""
            INSERT INTO "importRun" ("supplierId", "status", "dryRun", "source", "format", "feedSHA256", "fingerprint", "feedKind", "archivePath",
              "bytes", "recordsRead", "added", "changed", "unchanged", "removed", "rejected", "report", "error", "startedAt", "finishedAt")
            VALUES (\#(run.supplierId), \#(run.status.rawValue), \#(run.dryRun), \#(run.source), \#(run.format), \#(run.feedSHA256),
              \#(run.fingerprint), \#(run.feedKind), \#(run.archivePath), \#(run.bytes), \#(run.recordsRead), \#(run.added), \#(run.changed),
              \#(run.unchanged), \#(run.removed), \#(run.rejected), \#(run.report), \#(run.error), \#(run.startedAt), \#(run.finishedAt))
            RETURNING "id"
            """#,
            logger: logger
        ).decode(Int64.self) { id = value }
        guard let id else { throw PostgresStoreError(.server, "the import run was stored without an id") }
        return id
    }

    public func importRun(id: Int64) async throws -> ImportRunRecord? {
        var query = PostgresQuery(unsafeSQL: #"SELECT \#(Self.runColumns) FROM "importRun" WHERE "id" = $1"#)
        query.binds.append(id)
        return try await rows(query, Self.importRun).first
    }

    public func importRuns(supplier: String?, failedOnly: Bool, limit: Int) async throws -> [ImportRunRecord] {
        var query = PostgresQuery(
            unsafeSQL: #"""
                SELECT \#(Self.runColumns) FROM "importRun"
                WHERE ($1::text IS NULL OR "supplierId" = $1) AND (NOT $2 OR "status" = 'failed')
                ORDER BY "id" DESC \#(limit > 0 ? "LIMIT \(limit)" : "")
                """#
        )
        query.binds.append(supplier)
        query.binds.append(failedOnly)
        return try await rows(query, Self.importRun)
    }

    public func lastAppliedImportRun(supplier: String) async throws -> ImportRunRecord? {
        var query = PostgresQuery(
            unsafeSQL: #"""
                SELECT \#(Self.runColumns) FROM "importRun" WHERE "supplierId" = $1 AND "status" IN ('succeeded', 'unchanged')
                ORDER BY "id" DESC LIMIT 1
                """#
        )
        query.binds.append(supplier)
        return try await rows(query, Self.importRun).first
    }

    /// The import lock is a session advisory lock, keyed by schema and supplier, held by a connection of the run's own
    /// for as long as the run lasts: a process that dies (on any host) drops its connection, and with it the lock.
    /// The `importLock` row only names the holder for whoever finds the lock taken; a row left by a holder that is
    /// gone is taken over, and its run marked failed.
    public func acquireImportLock(supplier: String, runId: Int64) async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: connectionConfiguration, id: Int(truncatingIfNeeded: runId), logger: logger)
        } catch {
            throw PostgresStoreError(.server, "could not connect for the import lock: \(PostgresStoreError.serverWords(error))")
        }
        do {
            var taken = false
            for try await value in try await connection.query(
                #"SELECT pg_try_advisory_lock(hashtextextended('oilcat-import:' || current_schema() || ':' || \#(supplier), 0))"#, logger: logger
            ).decode(Bool.self) { taken = value }
            guard taken else {
                let holder = try await rows(
                    #"SELECT "runId", "holder", "acquiredAt" FROM "importLock" WHERE "supplierId" = \#(supplier)"#
                ) { try $0.decode((Int64, String, Date).self) }.first
                try? await connection.close()
                throw ImportLockedError(
                    lock: ImportLock(
                        supplierId: supplier, runId: holder?.0 ?? 0, holder: holder?.1 ?? "another import starting or ending",
                        acquiredAt: holder?.2 ?? Date()
                    )
                )
            }
            let now = Date()
            try await transaction { connection in
                var left: (runId: Int64, holder: String)?
                for try await row in try await connection.query(
                    #"SELECT "runId", "holder" FROM "importLock" WHERE "supplierId" = \#(supplier) FOR UPDATE"#, logger: logger
                ).decode((Int64, String).self) { left = row }
                if let left {
                    try await connection.query(
                        #"""
                        UPDATE "importRun" SET "status" = 'failed', "error" = \#(ImportRunRules.takenOver(holder: left.holder)), "finishedAt" = \#(now)
                        WHERE "id" = \#(left.runId) AND "status" = 'running'
                        """#,
                        logger: logger
                    )
                    try await connection.query(#"DELETE FROM "importLock" WHERE "supplierId" = \#(supplier)"#, logger: logger)
                }
                try await connection.query(
                    #"""
                    INSERT INTO "importLock" ("supplierId", "runId", "holder", "acquiredAt")
                    VALUES (\#(supplier), \#(runId), \#(ImportLock.currentHolder), \#(now))
                    """#,
                    logger: logger
                )
            }
            heldImportLocks.withLock { $0[Self.lockKey(supplier, runId)] = connection }
        } catch {
            try? await connection.close()
            throw error
        }
    }

    public func releaseImportLock(supplier: String, runId: Int64) async throws {
        let connection = heldImportLocks.withLock { $0.removeValue(forKey: Self.lockKey(supplier, runId)) }
        do {
            try await execute(#"DELETE FROM "importLock" WHERE "supplierId" = \#(supplier) AND "runId" = \#(runId)"#)
        } catch {
            // Closing the session ends its advisory lock whatever became of the row (a row left behind names a
            // holder that is gone, and the next run takes it over).
            try? await connection?.close()
            throw error
        }
        try? await connection?.close()
    }

    static func lockKey(_ supplier: String, _ runId: Int64) -> String { "\(runId)\u{1F}\(supplier)" }
}
