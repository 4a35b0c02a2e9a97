public import Foundation
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: CatalogueImportStore {
    /// One transaction on one connection for the whole run. `body` runs on a thread of its own, so its waits for the
    /// database (``PostgresImportWriter``) hold neither an event loop nor a thread of Swift's concurrency pool; the
    /// writes it held back are sent before the commit, with the change counters moved on.
    public func withImportTransaction(now: Date, _ body: (any ImportWriter) throws -> ImportCompletion) async throws {
        try await withoutActuallyEscaping(body) { body in
            let body = UncheckedSendable(body)
            do {
                try await importTransaction(body, now: now)
            } catch is RolledBack {
                // Asked for (a dry run): nothing was kept.
            }
        }
    }

    private func importTransaction(_ body: UncheckedSendable<(any ImportWriter) throws -> ImportCompletion>, now: Date) async throws {
        let logger = self.logger
        // The feed cannot be read twice: a deadlock fails the run rather than running it again.
        try await transaction(retrying: false) { connection in
            let completion = try await Self.onThreadOfItsOwn(name: "oilcat-import-writer") {
                let writer = PostgresImportWriter(connection: connection, logger: logger, now: now)
                let completion = try body.value(writer)
                if completion == .commit { try writer.flush() }
                return completion
            }
            // A rollback asked for by the body: the transaction is undone as a failure would be.
            if completion == .rollback { throw RolledBack() }
            // The products changed: cached snapshots and lists are stale from the moment this commits.
            try await connection.query(
                #"UPDATE "catalogueRevision" SET "catalogueChange" = "catalogueChange" + 1, "clinicChange" = "clinicChange" + 1 WHERE "id" = 1"#,
                logger: logger
            )
        }
    }

    /// Runs `work` on a new thread and waits for it without blocking the caller's thread. The thread lets go of
    /// `work` before it hands the result back, so a closure passed in through `withoutActuallyEscaping` is released
    /// by the time the caller goes on.
    static func onThreadOfItsOwn<T: Sendable>(name: String, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        let handOver = WorkHandOver(work)
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                let result = handOver.run()
                continuation.resume(with: result)
            }
            thread.name = name
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

/// Work given to a thread, run once and released before its result is handed back.
private final class WorkHandOver<T: Sendable>: @unchecked Sendable {
    private var work: (@Sendable () throws -> T)?

    init(_ work: @escaping @Sendable () throws -> T) { self.work = work }

    func run() -> Result<T, any Error> {
        guard let work else { return .failure(CancellationError()) }
        self.work = nil
        return Result { try work() }
    }
}

/// The body asked for a rollback; not an error to report.
private struct RolledBack: Error {}

/// A value used where the compiler cannot see that it is used by one thread at a time (the import body: called once,
/// on the writer's thread, while its caller waits).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
