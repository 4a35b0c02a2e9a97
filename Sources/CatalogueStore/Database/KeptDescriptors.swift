import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read-only descriptors of database files, one per file (device and inode), opened when first asked for and never
/// closed: what this process reads or syncs of a database file outside SQLite goes through one of these.
///
/// SQLite locks a database file with POSIX record locks, which belong to the process and the file, not to a
/// descriptor: closing *any* descriptor of the file drops every lock the process holds on it, among them the shared
/// lock each WAL connection keeps for as long as it is open. Without it, another process closing its last
/// connection takes itself for the last one, checkpoints under this process's readers and deletes the WAL and its
/// index while this process still writes them: committed records are lost. SQLite keeps its own closed descriptors
/// open until the file is unlocked, for the same reason.
///
/// A file replaced under the same path (a restore over a database SQLite cannot read) gets a descriptor of its own;
/// the old one stays open, as SQLite's own connections to the old file may.
enum KeptDescriptors {
    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64

        init?(path: String) {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            self.init(status)
        }

        init?(descriptor: Int32) {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { return nil }
            self.init(status)
        }

        private init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    private struct State {
        var byFile: [FileIdentity: Int32] = [:]
        /// Opened for a file another descriptor already stood for (the path changed hands meanwhile): never used,
        /// and kept like the others.
        var spare: [Int32] = []

        /// Closes the descriptors of files no longer under any name (deleted: a test's temporary database). No
        /// process can open such a file again, so the locks this drops tell no one anything.
        mutating func releaseDeletedFiles() {
            func deleted(_ descriptor: Int32) -> Bool {
                var status = stat()
                return fstat(descriptor, &status) == 0 && status.st_nlink == 0
            }
            for (identity, descriptor) in byFile where deleted(descriptor) {
                close(descriptor)
                byFile[identity] = nil
            }
            spare.removeAll { descriptor in
                guard deleted(descriptor) else { return false }
                close(descriptor)
                return true
            }
        }
    }

    private static let state = Mutex(State())

    /// How many files a process keeps descriptors for. A server or a command uses one database; a test process
    /// goes through hundreds (deleted after each test, whose descriptors are then let go), and must not run out.
    static let limit = 64

    /// The kept descriptor of the file at `path`; -1 when there is none (no such file, or ``limit`` files kept
    /// already): the caller then does without, and must not open the file itself.
    static func descriptor(for path: String) -> Int32 {
        guard let identity = FileIdentity(path: path) else { return -1 }
        return state.withLock { state in
            if let descriptor = state.byFile[identity] { return descriptor }
            if state.byFile.count + state.spare.count >= limit { state.releaseDeletedFiles() }
            guard state.byFile.count + state.spare.count < limit else { return -1 }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return -1 }
            // Kept under the file it opened, which may not be the one stat saw a moment ago.
            let opened = FileIdentity(descriptor: descriptor) ?? identity
            if let existing = state.byFile[opened] {
                state.spare.append(descriptor)
                return existing
            }
            state.byFile[opened] = descriptor
            return descriptor
        }
    }
}
