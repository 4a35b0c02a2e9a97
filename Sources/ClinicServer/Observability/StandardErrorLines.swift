import Foundation
import Synchronization

/// Standard error as the log handlers write it: one whole line at a time (two threads' lines never interleave),
/// and a failed write — the reader of a pipe gone, a full disk — is dropped rather than stopping the server.
enum StandardErrorLines {
    private static let turn = Mutex(())

    static func write(_ line: String) {
        turn.withLock { _ in try? FileHandle.standardError.write(contentsOf: Data(line.utf8)) }
    }
}
