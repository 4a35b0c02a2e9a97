import Crypto
import Foundation
import Hummingbird
import StoreInterface
import Synchronization

/// Keeps browser sessions in the database (any ``SessionStore``), so they survive a restart and are shared by every
/// worker and every server. Keys are stored as their SHA-256: a copy of the database does not hold live session
/// cookies. A session row names its user, so a password change or disabling the user ends it; a session unused for
/// `idleTimeout` ends too.
struct StoreSessionDriver: PersistDriver {
    let store: any SessionStore
    let idleTimeout: Duration
    /// The sessions whose last use is being written.
    let touching = InFlightKeys()

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await save(key: key, value: value, expires: expires)
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await save(key: key, value: value, expires: expires)
    }

    private func save<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        let expiresAt = expires.map { Date().addingTimeInterval(TimeInterval($0.components.seconds)) }
        try await store.storeSession(keyHash: Self.hash(key), user: (value as? WebSession)?.userID, value: data, expiresAt: expiresAt, now: Date())
    }

    func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: type)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let idle = TimeInterval(idleTimeout.components.seconds)
        let hash = Self.hash(key)
        let now = Date()
        guard let session = try await store.session(keyHash: hash, idle: idle, now: now) else { return nil }
        // The last use is brought forward after the request, beside it: a page never waits for an import's write
        // lock to read its session. One at a time per session; a write that fails (the lock held past the busy
        // timeout) is tried again on a later request. It moves the time on only from what this request read, so a
        // late write cannot undo a sign-out or an ending that happened meanwhile.
        if session.touchDue, touching.start(hash) {
            let (store, lastUse) = (store, session.lastUse)
            Task(executorPreference: BlockingWorkExecutor.shared) {
                defer { touching.end(hash) }
                try? await store.touchSession(keyHash: hash, from: lastUse, now: now, idle: idle)
            }
        }
        let (data, expiresAt) = (session.value, session.expiresAt)
        // A value this version cannot read (an older shape) is no session: sign in again.
        guard let object = try? JSONDecoder().decode(type, from: data) else { return nil }
        return (object, expiresAt.map { .seconds(max(0, Int64($0.timeIntervalSinceNow))) })
    }

    func remove(key: String) async throws {
        try await store.removeSession(keyHash: Self.hash(key))
    }

    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Keys with work in flight, so that work is not started twice.
final class InFlightKeys: Sendable {
    private let keys = Mutex<Set<String>>([])

    /// Whether `key` was not in flight; it is now.
    func start(_ key: String) -> Bool { keys.withLock { $0.insert(key).inserted } }

    func end(_ key: String) { _ = keys.withLock { $0.remove(key) } }
}
