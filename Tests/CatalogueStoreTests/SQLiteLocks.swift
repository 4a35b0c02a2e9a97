import Foundation
import Testing

#if os(Linux)
/// What this process holds of SQLite's locks on a database file, as /proc/locks lists them: read from there because
/// any probe through a descriptor of the file would drop those very locks when it closed.
enum SQLiteLocks {
    /// Whether this process holds a read lock on the byte range SQLite's connections share-lock the database file
    /// with (SHARED_FIRST = 0x40000002 = 1073741826, 510 bytes). Every WAL connection keeps it while open.
    static func sharedLockHeld(on path: String) throws -> Bool {
        let inode = try #require((try FileManager.default.attributesOfItem(atPath: path))[.systemFileNumber] as? NSNumber)
        // The kernel writes the list a page at a time, and a lock released meanwhile (other tests' SQLite connections
        // lock and unlock all the time) can shift a line past a page's end unseen: a lock missed is read again.
        for _ in 1...5 where try held(inode: inode.uint64Value) { return true }
        return false
    }

    private static func held(inode: UInt64) throws -> Bool {
        let locks = try String(contentsOfFile: "/proc/locks", encoding: .utf8)
        return locks.split(separator: "\n").contains { line in
            // "1: POSIX  ADVISORY  READ 31949 fe:00:16228492 1073741826 1073742335"
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count >= 8 && fields[1] == "POSIX" && fields[3] == "READ" && fields[4] == "\(getpid())"
                && fields[5].hasSuffix(":\(inode)") && fields[6] == "1073741826"
        }
    }
}
#endif
