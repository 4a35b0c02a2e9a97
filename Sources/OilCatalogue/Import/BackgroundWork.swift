import Foundation

/// Work started on a thread of its own, whose result the run waits for only where it needs it: the feed's SHA-256
/// and the archive copy overlap the parse instead of coming before or after it.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var result: Result<Value, any Error>?

    /// Starts `work` on a new thread called `name`.
    init(name: String, _ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            let outcome = Result { try work() }
            condition.lock()
            result = outcome
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.start()
    }

    /// Waits for the work to end; returns its value or throws its error.
    func value() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }
}

/// The SHA-256 of a feed file as lower-case hex, and its size.
typealias FeedDigest = BackgroundWork<(hex: String, bytes: Int64)>

extension BackgroundWork where Value == (hex: String, bytes: Int64) {
    /// Starts hashing the file at `path`.
    convenience init(hashing path: String) {
        self.init(name: "oilcat feed hash") { try Hashing.sha256(file: path) }
    }
}
