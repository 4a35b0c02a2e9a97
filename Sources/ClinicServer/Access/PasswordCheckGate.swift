import Foundation
import Synchronization

/// A cap on bcrypt checks running at once, for the whole server: a burst of sign-ins waits its turn (or is turned
/// away when the queue is full) instead of taking every core, so everyone else's pages stay fast.
final class PasswordCheckGate: Sendable {
    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    let concurrent: Int
    let queueLimit: Int
    private let state = Mutex(State())

    init(concurrent: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2), queueLimit: Int = 32) {
        self.concurrent = concurrent
        self.queueLimit = queueLimit
    }

    /// Runs `check` when a slot is free.
    /// - Throws: ``InputError`` 503 `AUTH-BUSY` when `queueLimit` checks are already waiting.
    func run<T: Sendable>(_ check: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await check()
    }

    private func acquire() async throws {
        enum Decision { case go, wait, refuse }
        let decision = state.withLock { state -> Decision in
            if state.running < concurrent {
                state.running += 1
                return .go
            }
            return state.waiting.count >= queueLimit ? .refuse : .wait
        }
        switch decision {
        case .go: return
        case .refuse:
            throw InputError(status: .serviceUnavailable, code: "AUTH-BUSY", message: "too many sign-ins at once; try again in a few seconds")
        case .wait:
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    // A slot may have freed between the decision and now.
                    if state.running < concurrent {
                        state.running += 1
                        return true
                    }
                    state.waiting.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            // The slot passes straight to the first waiter, so `running` stays as it is.
            if !state.waiting.isEmpty { return state.waiting.removeFirst() }
            state.running -= 1
            return nil
        }
        next?.resume()
    }
}
