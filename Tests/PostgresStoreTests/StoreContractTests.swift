@_spi(SQLite) import CatalogueStore
import GRDB
import Foundation
@testable import PostgresStore
import StoreInterface
import Testing

/// A storage backend under test: SQLite always, PostgreSQL when a server is given (see ``PostgresTestDatabase``).
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var available: [Backend] { PostgresTestDatabase.isAvailable ? allCases : [.sqlite] }

    var testDescription: String { rawValue }

    /// What the contract tests use of a store.
    typealias Store = SessionStore & SignInStore & UserStore & StockStore & ClientStore & HistoryStore & PatchTestStore & LabelAliasStore
        & CatalogueReadStore & SupplierStore & ImportRunStore & CatalogueImportStore & CatalogueRereadStore

    /// Runs `body` with a fresh, empty store of this backend.
    func withStore<T>(_ body: (any Store) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            return try await body(try CatalogueDatabase.inMemory())
        case .postgres:
            return try await PostgresTestDatabase.withSchema { database in
                let catalogue = try await PostgresCatalogue.open(database.location, schema: database.schema, logger: PostgresTestDatabase.logger)
                do {
                    let result = try await body(catalogue)
                    await catalogue.close()
                    return result
                } catch {
                    await catalogue.close()
                    throw error
                }
            }
        }
    }
}

extension Backend {
    /// Puts a product in the catalogue of `store` (a store of this backend), with its supplier and, when `resolution`
    /// (a stored ``ResolvedFormulation``) is given, a current formulation: what the clinic's records refer to. Returns
    /// the formulation's id. (Until imports run on both backends, the rows are written directly.)
    @discardableResult
    func addProduct(
        to store: any Store, supplier: String, sku: String, name: String, resolution: String? = nil, unresolved: [String] = []
    ) async throws -> Int64? {
        let unresolvedNames = unresolved.joined(separator: "\u{1F}")
        let now = Date()
        switch self {
        case .sqlite:
            let database = try #require(store as? CatalogueDatabase)
            return try database.write { db -> Int64? in
                try db.execute(
                    sql: "INSERT OR IGNORE INTO supplier (id, name, format, createdAt, updatedAt) VALUES (?, ?, 'google-merchant', ?, ?)",
                    arguments: [supplier, supplier, now, now]
                )
                try db.execute(
                    sql: "INSERT INTO product (supplierId, sku, name, contentHash, createdAt, updatedAt) VALUES (?, ?, ?, 'test', ?, ?)",
                    arguments: [supplier, sku, name, now, now]
                )
                let product = db.lastInsertedRowID
                guard let resolution else { return nil }
                try db.execute(
                    sql: """
                        INSERT INTO formulation (productId, version, ingredientText, ingredientHash, resolution, ingredientIds, allergenIds,
                          propertyIds, unresolvedCount, unresolvedNames, createdAt)
                        VALUES (?, 1, 'as listed', 'h', ?, '', '', '', ?, ?, ?)
                        """,
                    arguments: [product, resolution, unresolved.count, unresolvedNames, now]
                )
                let formulation = db.lastInsertedRowID
                try db.execute(sql: "UPDATE product SET currentFormulationId = ? WHERE id = ?", arguments: [formulation, product])
                return formulation
            }
        case .postgres:
            let catalogue = try #require(store as? PostgresCatalogue)
            try await catalogue.execute(
                #"""
                INSERT INTO "supplier" ("id", "name", "format", "createdAt", "updatedAt")
                VALUES (\#(supplier), \#(supplier), 'google-merchant', \#(now), \#(now)) ON CONFLICT DO NOTHING
                """#
            )
            let product = try #require(
                try await catalogue.rows(
                    #"""
                    INSERT INTO "product" ("supplierId", "sku", "name", "contentHash", "createdAt", "updatedAt")
                    VALUES (\#(supplier), \#(sku), \#(name), 'test', \#(now), \#(now)) RETURNING "id"
                    """#
                ) { try $0.decode(Int64.self) }.first
            )
            guard let resolution else { return nil }
            let formulation = try #require(
                try await catalogue.rows(
                    #"""
                    INSERT INTO "formulation" ("productId", "version", "ingredientText", "ingredientHash", "resolution", "ingredientIds",
                      "allergenIds", "propertyIds", "unresolvedCount", "unresolvedNames", "createdAt")
                    VALUES (\#(product), 1, 'as listed', 'h', \#(resolution), '', '', '', \#(unresolved.count), \#(unresolvedNames), \#(now))
                    RETURNING "id"
                    """#
                ) { try $0.decode(Int64.self) }.first
            )
            try await catalogue.execute(#"UPDATE "product" SET "currentFormulationId" = \#(formulation) WHERE "id" = \#(product)"#)
            return formulation
        }
    }
}

extension Backend {
    /// One audit line as compared across backends: everything but its id and time.
    struct AuditLine: Equatable, CustomStringConvertible {
        var actor: String
        var action: String
        var entity: String
        var entityId: String?
        var detail: String?

        var description: String { "\(actor) \(action) \(entity):\(entityId ?? "-") \(detail ?? "")" }
    }

    /// The audit log of `store` (a store of this backend), oldest first.
    func auditLines(of store: any Store) async throws -> [AuditLine] {
        switch self {
        case .sqlite:
            let database = try #require(store as? CatalogueDatabase)
            return try database.read { db in
                try AuditEntry.order(Column("id")).fetchAll(db).map {
                    AuditLine(actor: $0.actor, action: $0.action, entity: $0.entity, entityId: $0.entityId, detail: $0.detail)
                }
            }
        case .postgres:
            let catalogue = try #require(store as? PostgresCatalogue)
            return try await catalogue.rows(#"SELECT "actor", "action", "entity", "entityId", "detail" FROM "auditLog" ORDER BY "id""#) {
                let (actor, action, entity, entityId, detail) = try $0.decode((String, String, String, String?, String?).self)
                return AuditLine(actor: actor, action: action, entity: entity, entityId: entityId, detail: detail)
            }
        }
    }
}

/// The code of the ``ClinicStoreError`` `body` throws; `nil` when it throws none, the error's words for another error.
func refusalCode(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as ClinicStoreError {
        return error.code
    } catch {
        return "\(error)"
    }
}

/// Runs `body` `count` times at once, as that many servers would: for each, "done" or its refusal's code.
func atOnce(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async -> [String] {
    await withTaskGroup(of: String.self) { group in
        for index in 0..<count {
            group.addTask { await refusalCode { try await body(index) } ?? "done" }
        }
        return await group.reduce(into: []) { $0.append($1) }
    }
}

/// Browser sessions behave the same on every backend.
@Suite("Session store contract")
struct SessionStoreContractTests {
    @Test("read without writing; a late touch moves the last use on only from what was read, and never revives an ended or timed-out session", arguments: Backend.available)
    func lateTouch(backend: Backend) async throws {
        try await backend.withStore { store in
            let start = Date().addingTimeInterval(-3_600)
            let hostile = Data("{\"name\":\"Zoë \u{202E}gnp.exe'); DROP TABLE webSession;--\"}".utf8)
            try await store.storeSession(keyHash: "k", user: nil, value: hostile, expiresAt: nil, now: start)

            // Read two minutes later: due, not written.
            let first = try #require(try await store.session(keyHash: "k", idle: 1_800, now: start + 120))
            #expect(first.touchDue && first.value == hostile && first.expiresAt == nil)
            #expect(try await store.session(keyHash: "k", idle: 1_800, now: start + 1_801) == nil)
            // Read again within the minute: not due.
            #expect(try await store.session(keyHash: "k", idle: 1_800, now: start + 30)?.touchDue == false)

            // Written late, from what was read: the session lives on.
            try await store.touchSession(keyHash: "k", from: first.lastUse, now: start + 120, idle: nil)
            #expect(try await store.session(keyHash: "k", idle: 1_800, now: start + 1_801) != nil)

            // A second late touch from the same read changes nothing: the last use moved on since.
            let second = try #require(try await store.session(keyHash: "k", idle: 1_800, now: start + 600))
            try await store.touchSession(keyHash: "k", from: first.lastUse, now: start + 600, idle: nil)
            #expect(try await store.session(keyHash: "k", idle: 1_800, now: start + 1_921) == nil)

            // Ended in between (signed out): the touch brings nothing back.
            try await store.removeSession(keyHash: "k")
            try await store.touchSession(keyHash: "k", from: second.lastUse, now: start + 600, idle: nil)
            #expect(try await store.session(keyHash: "k", idle: nil, now: start + 600) == nil)

            // Timed out before the touch was written (it waited behind an import): the touch brings nothing back.
            try await store.storeSession(keyHash: "k2", user: nil, value: Data("{}".utf8), expiresAt: nil, now: start)
            let late = try #require(try await store.session(keyHash: "k2", idle: 1_800, now: start + 120))
            try await store.touchSession(keyHash: "k2", from: late.lastUse, now: start + 120, idle: 1_800)
            #expect(try await store.session(keyHash: "k2", idle: 1_800, now: start + 1_801) == nil)
        }
    }

    @Test("a session expires; storing again replaces its value and keeps its expiry; storing removes expired ones", arguments: Backend.available)
    func expiry(backend: Backend) async throws {
        try await backend.withStore { store in
            let now = Date()
            let expires = now.addingTimeInterval(3_600)
            try await store.storeSession(keyHash: "a", user: nil, value: Data("one".utf8), expiresAt: expires, now: now)
            try await store.storeSession(keyHash: "a", user: nil, value: Data("two".utf8), expiresAt: nil, now: now + 5)
            let read = try #require(try await store.session(keyHash: "a", idle: nil, now: now + 10))
            #expect(read.value == Data("two".utf8))
            #expect(abs((read.expiresAt ?? .distantPast).timeIntervalSince(expires)) < 0.01)
            #expect(try await store.session(keyHash: "a", idle: nil, now: expires + 1) == nil)
            // Another sign-in after the expiry clears the expired row; the key then reads as none even before it.
            try await store.storeSession(keyHash: "b", user: nil, value: Data("b".utf8), expiresAt: nil, now: expires + 1)
            #expect(try await store.session(keyHash: "a", idle: nil, now: now + 10) == nil)
            #expect(try await store.session(keyHash: "missing", idle: 60, now: now) == nil)
        }
    }
}

/// Sign-in throttling behaves the same on every backend, bursts included.
@Suite("Sign-in store contract")
struct SignInStoreContractTests {
    @Test("a parallel burst of attempts for one name from one address admits only the limit; elsewhere the name is still admitted", arguments: Backend.available)
    func burst(backend: Backend) async throws {
        try await backend.withStore { store in
            let limits = SignInLimits()
            let now = Date()
            let admissions = try await withThrowingTaskGroup(of: SignInAdmission.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await store.admitSignIn(name: "Maria", address: "203.0.113.9", limits: limits, now: now) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(admissions.filter { $0 == .admitted }.count == limits.perNameAndAddress)
            // The rest are refused: over the name's limit, or (on PostgreSQL, on a loaded machine) after waiting longer
            // than the lock timeout behind the burst, which refuses the address like one over its limit.
            #expect(admissions.filter { $0 == .nameLocked || $0 == .addressLocked }.count == 40 - limits.perNameAndAddress)
            // Names are compared by their key: "MARIA " is Maria.
            #expect(try await store.admitSignIn(name: "MARIA ", address: "203.0.113.9", limits: limits, now: now) == .nameLocked)
            #expect(try await store.admitSignIn(name: "maria", address: "198.51.100.7", limits: limits, now: now) == .admitted)
            #expect(try await store.signInFailureCount(name: "maria", window: limits.window, now: now) == limits.perNameAndAddress + 1)
            // Past the window nothing counts.
            #expect(try await store.admitSignIn(name: "maria", address: "203.0.113.9", limits: limits, now: now + limits.window + 1) == .admitted)
        }
    }

    @Test("one address spraying many names is refused after its limit", arguments: Backend.available)
    func spraying(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let limits = SignInLimits()
            let now = Date()
            for index in 0..<limits.perAddress {
                #expect(try await store.admitSignIn(name: "user \(index)", address: "203.0.113.50", limits: limits, now: now) == .admitted)
            }
            #expect(try await store.admitSignIn(name: "someone else", address: "203.0.113.50", limits: limits, now: now) == .addressLocked)
        }
    }

    @Test("a success forgets that name's attempts from that address; an admin's reset forgets them everywhere and says how many", arguments: Backend.available)
    func clearing(backend: Backend) async throws {
        try await backend.withStore { store in
            let limits = SignInLimits()
            let now = Date()
            let hostile = "Zoë'); DELETE FROM \"signInAttempt\";-- \u{202E}"
            for address in ["192.0.2.1", "192.0.2.1", "192.0.2.2"] {
                #expect(try await store.admitSignIn(name: hostile, address: address, limits: limits, now: now) == .admitted)
            }
            try await store.signInSucceeded(name: hostile, address: "192.0.2.1")
            #expect(try await store.signInFailureCount(name: hostile, window: limits.window, now: now) == 1)
            #expect(try await store.clearSignInFailures(name: hostile, actor: "admin", at: now) == 1)
            #expect(try await store.signInFailureCount(name: hostile, window: limits.window, now: now) == 0)
            #expect(try await store.clearSignInFailures(name: "nobody", actor: "admin", at: now) == 0)
        }
    }
}

/// What only PostgreSQL has to handle: another server holding an address's sign-in lock.
@Suite("PostgreSQL sign-in lock", .enabled(if: PostgresTestDatabase.isAvailable, "set OILCAT_TEST_POSTGRES_URL (scripts/test-postgres.sh)"))
struct PostgresSignInLockTests {
    @Test("an address whose lock another server holds past the timeout is refused like one over its limit, and admitted once it is free")
    func busyLock() async throws {
        try await PostgresTestDatabase.withSchema { database in
            let catalogue = try await PostgresCatalogue.open(database.location, schema: database.schema, logger: PostgresTestDatabase.logger)
            do {
                try await database.withConnection { other in
                    // Another server, mid-sign-in for this address, does not let go.
                    for try await _ in try await other.query("BEGIN", logger: PostgresTestDatabase.logger) {}
                    for try await _ in try await other.query(
                        "SELECT pg_advisory_xact_lock(hashtext('oilcat-sign-in:' || current_schema() || ':' || '203.0.113.7'))",
                        logger: PostgresTestDatabase.logger
                    ) {}
                    #expect(try await catalogue.admitSignIn(name: "maria", address: "203.0.113.7") == .addressLocked)
                    // Other addresses are not held up.
                    #expect(try await catalogue.admitSignIn(name: "maria", address: "198.51.100.7") == .admitted)
                    for try await _ in try await other.query("ROLLBACK", logger: PostgresTestDatabase.logger) {}
                }
                #expect(try await catalogue.admitSignIn(name: "maria", address: "203.0.113.7") == .admitted)
                #expect(try await catalogue.signInFailureCount(name: "maria") == 2)
                await catalogue.close()
            } catch {
                await catalogue.close()
                throw error
            }
        }
    }
}
