import Foundation
import GRDB
import GRDBSQLite
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
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
/// Only ever an extra sync: SQLite's own syncs all still happen, and frames of a transaction that never commits are
/// on disk earlier but still not part of the database. The descriptors it syncs through are its own, and must never
/// undo a lock of SQLite's: see ``databaseFile(of:)``. Where the file cannot be opened (an in-memory
/// database), it does nothing.
final class BackgroundSync: Sendable {
    private let descriptor: Int32
    /// Whether `descriptor` is closed with this value (the WAL's) or kept for the process (the database file's).
    private let closes: Bool

    private init(descriptor: Int32, closes: Bool) {
        self.descriptor = descriptor
        self.closes = closes
    }

    deinit {
        if closes && descriptor >= 0 { close(descriptor) }
    }

    /// Syncs the WAL of `db`'s main database. Its descriptor is closed when the value goes: SQLite takes no lock on
    /// the WAL file itself (a WAL's locks are in the `-shm` file), so closing it undoes nothing of SQLite's.
    static func wal(of db: Database) -> BackgroundSync {
        let path = mainFile(of: db)
        return BackgroundSync(descriptor: path.isEmpty ? -1 : open(path + "-wal", O_RDONLY | O_CLOEXEC), closes: true)
    }

    /// Syncs the main database file of `db`, through a descriptor opened once per file and never closed: closing
    /// one would drop the locks SQLite holds on the file for this process (see ``KeptDescriptors``).
    static func databaseFile(of db: Database) -> BackgroundSync {
        let path = mainFile(of: db)
        return BackgroundSync(descriptor: path.isEmpty ? -1 : KeptDescriptors.descriptor(for: path), closes: false)
    }

    /// The main database's file name; empty for an in-memory or temporary database.
    private static func mainFile(of db: Database) -> String {
        sqlite3_db_filename(db.sqliteConnection, "main").map { String(cString: $0) } ?? ""
    }

    /// How long the thread rests between syncs.
    static let interval = DispatchTimeInterval.milliseconds(40)

    /// Runs `body` while the thread syncs the file; the thread has stopped syncing and ended when this returns.
    func whileRunning<T>(_ body: () throws -> T) rethrows -> T {
        guard descriptor >= 0 else { return try body() }
        let done = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
        let ended = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            while !done.load(ordering: .relaxed) {
                Self.sync(descriptor)
                _ = wake.wait(timeout: .now() + Self.interval)
            }
            ended.signal()
        }
        thread.name = "oilcat background sync"
        thread.start()
        defer {
            done.store(true, ordering: .relaxed)
            wake.signal()
            ended.wait()
        }
        return try body()
    }

    private static func sync(_ descriptor: Int32) {
        #if os(Linux)
        _ = fdatasync(descriptor)
        #else
        _ = fsync(descriptor)
        #endif
    }
}
