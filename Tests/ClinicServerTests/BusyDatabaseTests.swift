import Foundation
@_spi(SQLite) import CatalogueStore
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

/// Another program — a scheduled import applying a large feed — holds the database's write lock for seconds. The web
/// app's writes wait for it; nothing else may.
@Suite("The web app while another program holds the write lock")
struct BusyDatabaseTests {
    /// More writes waiting at once than Swift's cooperative pool has threads on any machine the tests run on.
    static let waitingWrites = 12

    /// The write lock of the harness's database, held by another connection until `release`.
    final class HeldWriteLock: @unchecked Sendable {
        let queue: DatabaseQueue
        init(_ path: String) throws {
            var configuration = Configuration()
            configuration.allowsUnsafeTransactions = true  // the transaction stays open between two accesses
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { try $0.execute(sql: "BEGIN IMMEDIATE") }
        }
        func release() throws { try queue.writeWithoutTransaction { try $0.execute(sql: "COMMIT") } }
    }

    @Test("reads and sign-in checks answer at once while writes wait; the writes then succeed")
    func readsGoOnWhileWritesWait() async throws {
        let harness = try await ServerHarness()
        let therapist = harness.headers(.therapist, json: true)
        try await harness.application.test(.router) { client in
            let lock = try HeldWriteLock(harness.folder.appending(path: "oilcat.sqlite").path)
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<Self.waitingWrites {
                    group.addTask {
                        let body = ByteBuffer(string: #"{"name": "Waiting Writer \#(index)"}"#)
                        return try await client.execute(uri: "/api/v1/clients", method: .post, headers: therapist, body: body).status
                    }
                }
                // The writes are waiting for the lock by now; a read must not wait behind them.
                try await Task.sleep(for: .milliseconds(500))
                let clock = ContinuousClock()
                let started = clock.now
                let read = try await client.execute(uri: "/api/v1/clients?q=Ada", method: .get, headers: therapist)
                let health = try await client.execute(uri: "/health", method: .get)
                let waited = clock.now - started
                #expect(read.status == .ok)
                #expect(String(buffer: read.body).contains("Ada Lovelace"))
                #expect(health.status == .ok)
                // Behind a blocked pool it would wait for a write's 10 s busy timeout at least; a loaded machine takes a
                // second or two.
                #expect(waited < .seconds(5), "a read waited \(waited) behind writes waiting for the lock")
                try lock.release()
                var statuses: [HTTPResponse.Status] = []
                for try await status in group { statuses.append(status) }
                #expect(statuses == Array(repeating: .created, count: Self.waitingWrites))
            }
        }
        let clients = try harness.database.clients(matching: "Waiting Writer", limit: 100)
        #expect(clients.count == Self.waitingWrites)
    }

    @Test("a signed-in page does not wait for the lock to bring its session's last use forward; /health answers at once")
    func sessionsAndProbesDoNotWait() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .reception)
            // The session was last used five minutes ago: this request would write its last use.
            try harness.database.write { db in
                try db.execute(sql: "UPDATE webSession SET lastSeenAt = ?", arguments: [Date().addingTimeInterval(-300)])
            }
            let lock = try HeldWriteLock(harness.folder.appending(path: "oilcat.sqlite").path)
            let clock = ContinuousClock()
            let started = clock.now
            let page = try await client.execute(uri: "/reception", method: .get, headers: [.cookie: session.cookie])
            let health = try await client.execute(uri: "/health", method: .get)
            let waited = clock.now - started
            try lock.release()
            #expect(page.status == .ok, "\(page.status)")
            #expect(health.status == .ok)
            #expect(waited < .seconds(5), "a page waited \(waited) for the write lock")
        }
    }

    @Test("a write that waits past the busy timeout fails with 503 DB-BUSY and a Retry-After, and changes nothing")
    func busyWriteFails() async throws {
        let harness = try await ServerHarness()
        let therapist = harness.headers(.therapist, json: true)
        try await harness.application.test(.router) { client in
            let lock = try HeldWriteLock(harness.folder.appending(path: "oilcat.sqlite").path)
            defer { try? lock.release() }
            let body = ByteBuffer(string: #"{"name": "Too Late"}"#)
            let response = try await client.execute(uri: "/api/v1/clients", method: .post, headers: therapist, body: body)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "5")
            let text = String(buffer: response.body)
            #expect(text.contains("DB-BUSY") && text.contains("try again"), "\(text)")
        }
        #expect(try harness.database.clients(matching: "Too Late", limit: 10).isEmpty)
    }
}
