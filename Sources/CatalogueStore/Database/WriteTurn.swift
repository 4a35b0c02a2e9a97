import Dispatch
import Foundation

/// One write at a time in this process, with a bound on the wait for one's turn (SQLite allows one writer anyway;
/// GRDB's writer queue alone would make the wait unbounded).
final class WriteTurn: Sendable {
    private let turn = DispatchSemaphore(value: 1)

    /// Whether the turn came within `seconds`; the caller then gives it back with ``give()``.
    func take(within seconds: TimeInterval) -> Bool {
        turn.wait(timeout: .now() + seconds) == .success
    }

    func give() { turn.signal() }
}
