import Foundation
import Synchronization

/// Reads a feed on a thread of its own while the caller applies what has been read: parsing, validating and hashing
/// run on one core and the database work on the other.
///
/// Events travel in batches through a short queue (``depth`` batches of ``batchSize``, about ``eventsInFlight``
/// events), so memory stays flat whatever the feed's size, and in feed order. When the reader fails, the batches read before the failure are
/// handed over first and then ``next()`` throws the reader's error, exactly as a reader on the caller's thread
/// would have. When the caller stops early, ``stop()`` makes the reader's next hand-off throw and waits for the
/// thread to end, so the feed's source is never used after the caller lets go of it.
final class FeedReadAhead<Event: Sendable>: @unchecked Sendable {
    /// Events per hand-off (the store's choice: ``ImportWriter/recordsPerBatch``).
    let batchSize: Int
    /// Batches the reader may run ahead: as many as keep about ``eventsInFlight`` events queued, and at least two.
    let depth: Int
    /// What the queue holds at most, whatever the batch size: memory stays the same on either store.
    static var eventsInFlight: Int { 2_048 }

    /// Thrown into the reader when the caller stopped listening.
    struct Stopped: Error {}

    /// Batches waiting for the caller: the reader reads it to see which side is behind.
    private let waiting = Atomic<Int>(0)

    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [[Event]] = []
    private var head = 0
    private var readerEnded = false
    private var readerFailure: (any Error)?
    private var stopped = false
    private var threadEnded = false

    /// Starts `read` on a new thread, handing events over `batchSize` at a time through the ``Sink`` it is given.
    init(name: String, batchSize: Int = 256, read: @escaping @Sendable (inout Sink) throws -> Void) {
        self.batchSize = max(1, batchSize)
        depth = max(2, Self.eventsInFlight / self.batchSize)
        let thread = Thread { [self] in
            var sink = Sink(owner: self)
            do {
                try read(&sink)
                try sink.flush()
                self.end(failure: nil)
            } catch is Stopped {
                self.end(failure: nil)
            } catch {
                self.end(failure: error)
            }
        }
        thread.name = name
        // libxml2 and the plugins recurse little, but an external plugin's pipes and a mapped tree need some room.
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// What the reading thread writes into.
    struct Sink {
        fileprivate let owner: FeedReadAhead
        private var batch: [Event] = []

        fileprivate init(owner: FeedReadAhead) {
            self.owner = owner
            batch.reserveCapacity(owner.batchSize)
        }

        /// Whether the caller is behind: more than half of the queue is waiting for it. The reader can then take
        /// on work the caller would otherwise do.
        var callerIsBehind: Bool { owner.waiting.load(ordering: .relaxed) * 2 > owner.depth }

        /// Queues one event; hands the batch over when it is full (waiting while the queue is full).
        /// - Throws: ``Stopped`` once the caller has stopped listening.
        mutating func send(_ event: consuming Event) throws {
            batch.append(event)
            if batch.count >= owner.batchSize { try flush() }
        }

        fileprivate mutating func flush() throws {
            guard !batch.isEmpty else { return }
            try owner.enqueue(batch)
            batch.removeAll(keepingCapacity: true)
        }
    }

    private func enqueue(_ batch: [Event]) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count - head >= depth && !stopped { condition.wait() }
        if stopped { throw Stopped() }
        if head > depth {
            queue.removeFirst(head)
            head = 0
        }
        queue.append(batch)
        waiting.add(1, ordering: .relaxed)
        condition.broadcast()
    }

    private func end(failure: (any Error)?) {
        condition.lock()
        readerEnded = true
        readerFailure = failure
        threadEnded = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch in feed order; `nil` after the last one.
    /// - Throws: the reader's error, after every batch read before it.
    func next() throws -> [Event]? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && !readerEnded { condition.wait() }
        if head < queue.count {
            let batch = queue[head]
            queue[head] = []
            head += 1
            waiting.subtract(1, ordering: .relaxed)
            condition.broadcast()
            return batch
        }
        if let failure = readerFailure {
            readerFailure = nil
            throw failure
        }
        return nil
    }

    /// Stops the reader (its next hand-off throws) and waits until its thread has ended. Safe to call more than
    /// once, and after the reader ended by itself.
    func stop() {
        condition.lock()
        stopped = true
        queue.removeAll()
        head = 0
        condition.broadcast()
        while !threadEnded { condition.wait() }
        condition.unlock()
    }
}
