import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CatalogueDatabase {
    /// The files SQLite keeps for a database: the file itself, its WAL, its WAL index and a rollback journal.
    static let ownFileSuffixes = ["", "-wal", "-shm", "-journal"]

    /// Whether `path` names one of this database's own files: the database, its WAL, its WAL index or its journal,
    /// whatever the spelling (the same file by device and inode; for a file not there yet, the same resolved path).
    ///
    /// Such a path must never be read as a feed or written as a backup: a descriptor of the database file closed
    /// by this process drops SQLite's locks on it (see ``KeptDescriptors``), and a backup written under the WAL's
    /// name would be taken for the WAL.
    public func isOwnFile(_ path: String) -> Bool {
        guard self.path != ":memory:" else { return false }
        // SQLite names the WAL, index and journal after the database's real path, symbolic links resolved.
        let base = Self.realPath(self.path) ?? self.path
        if let file = Self.identity(of: path) {
            return Self.ownFileSuffixes.contains { Self.identity(of: base + $0) == file }
        }
        let resolved = Self.resolved(path)
        return Self.ownFileSuffixes.contains { Self.resolved(base + $0) == resolved }
    }

    /// The file at `path` (symbolic links followed) by device and inode; `nil` when there is none.
    static func identity(of path: String) -> [UInt64]? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return [UInt64(status.st_dev), UInt64(status.st_ino)]
    }

    /// The canonical path of an existing file or folder: absolute, every symbolic link resolved.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `path`, of a file that may not exist, with its folder's canonical path.
    private static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        return (realPath(folder) ?? folder) + "/" + url.lastPathComponent
    }
}
