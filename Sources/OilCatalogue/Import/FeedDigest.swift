import Foundation

/// The SHA-256 of a feed file, taken on a thread of its own from the moment the run starts, so hashing overlaps
/// parsing whenever the run does not need the hash first (a dry run; a feed whose size already shows it changed).
final class FeedDigest: @unchecked Sendable {
    /// The feed's hash as lower-case hex, and its size.
    typealias Value = (hex: String, bytes: Int64)

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var result: Result<Value, any Error>?

    /// Starts hashing the file at `path`.
    init(path: String) {
        let thread = Thread { [self] in
            let outcome = Result { try Hashing.sha256(file: path) }
            condition.lock()
            result = outcome
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "oilcat feed hash"
        thread.start()
    }

    /// Waits for the hash; throws when the file could not be read.
    func value() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }
}
