import CatalogueStore
import Crypto
import Foundation
import Hummingbird

/// Keeps browser sessions in the database, so they survive a restart and are shared by every worker. Keys are
/// stored as their SHA-256: a copy of the database does not hold live session cookies.
struct SQLiteSessionDriver: PersistDriver {
    let database: CatalogueDatabase

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try store(key: key, value: value, expires: expires)
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try store(key: key, value: value, expires: expires)
    }

    private func store<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) throws {
        let data = try JSONEncoder().encode(value)
        let expiresAt = expires.map { Date().addingTimeInterval(TimeInterval($0.components.seconds)) }
        try database.storeSession(keyHash: Self.hash(key), value: data, expiresAt: expiresAt)
    }

    func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: type)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        guard let (data, expiresAt) = try database.sessionValue(keyHash: Self.hash(key)) else { return nil }
        guard let object = try? JSONDecoder().decode(type, from: data) else { throw PersistError.invalidConversion }
        return (object, expiresAt.map { .seconds(max(0, Int64($0.timeIntervalSinceNow))) })
    }

    func remove(key: String) async throws {
        try database.removeSession(keyHash: Self.hash(key))
    }

    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
