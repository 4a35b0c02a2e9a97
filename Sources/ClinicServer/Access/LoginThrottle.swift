import Foundation
import Synchronization

/// Slows password guessing: after `limit` failed sign-ins for one name within `window`, that name is refused until
/// the window has passed (a correct password included). A successful sign-in clears the count.
final class LoginThrottle: Sendable {
    static let limit = 5
    static let window: TimeInterval = 15 * 60

    private let failures = Mutex<[String: [Date]]>([:])

    func isLocked(_ name: String, now: Date = Date()) -> Bool {
        failures.withLock { $0[name.lowercased()]?.filter { now.timeIntervalSince($0) < Self.window }.count ?? 0 } >= Self.limit
    }

    func recordFailure(_ name: String, now: Date = Date()) {
        failures.withLock { table in
            // Old entries go, so the table stays as small as the names being guessed right now.
            if table.count > 10_000 { table = table.filter { $0.value.contains { now.timeIntervalSince($0) < Self.window } } }
            table[name.lowercased(), default: []] = (table[name.lowercased()] ?? []).filter { now.timeIntervalSince($0) < Self.window } + [now]
        }
    }

    func clear(_ name: String) {
        _ = failures.withLock { $0.removeValue(forKey: name.lowercased()) }
    }
}
