import Foundation
import GRDB
import GRDBSQLite
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Syncs a file of the database to disk on a thread of its own, every few tens of milliseconds, while SQLite writes
/// it, so that SQLite's own sync after the work finds almost nothing left to wait for.
///
/// A sync waits for every byte written since the previous one, and on a virtual disk for the host to flush it too:
/// about a millisecond per megabyte here, whenever it comes. An import of 200,000 products writes some 190 MB to
/// the WAL and, in the checkpoint after its commit, as much again to the database file; each of the two syncs that
/// end those steps waited a quarter to half a second, on the run's one thread, with the disk idle before. Synced as
/// it is written, the same data reaches the disk while the run still parses and resolves.
///
/// Only ever an extra sync: SQLite's syncs all still happen, so durability and crash safety are SQLite's own (frames
/// of a transaction that never commits are on disk earlier, and are still not part of the database). Where the file
/// cannot be opened (an in-memory database), it does nothing.
final class BackgroundSync: Sendable {
    private let descriptor: Int32
    /// How long the thread rests between syncs.
    static var interval: UInt32 { 40_000 }  // µs

    /// Follows a file of `db`'s main database: its WAL (`"-wal"`), or with an empty suffix the database file.
    /// Opened read-only: syncing needs no write access.
    init(_ db: Database, suffix: String) {
        let name = sqlite3_db_filename(db.sqliteConnection, "main").map { String(cString: $0) } ?? ""
        descriptor = name.isEmpty ? -1 : open(name + suffix, O_RDONLY | O_CLOEXEC)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Runs `body` while the thread syncs the file; the thread has ended when this returns.
    func whileRunning<T>(_ body: () throws -> T) rethrows -> T {
        guard descriptor >= 0 else { return try body() }
        let done = Atomic<Bool>(false)
        let ended = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            while !done.load(ordering: .relaxed) {
                _ = fdatasync(descriptor)
                usleep(Self.interval)
            }
            ended.signal()
        }
        thread.name = "oilcat background sync"
        thread.start()
        defer {
            done.store(true, ordering: .relaxed)
            ended.wait()
        }
        return try body()
    }
}
