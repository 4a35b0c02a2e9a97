import Foundation

/// Tells other processes that a server has a database open: `oilcat serve` holds an exclusive lock (`flock`) on a
/// file beside the database for as long as it runs, and writes its pid there. The lock ends with the process, however
/// it ends, so a crashed server leaves nothing to clean up.
public final class ServerLease: Sendable {
    let descriptor: Int32
    public let path: String

    /// Takes the lease for the database at `databasePath`.
    /// - Throws: ``BackupError`` `DB-SERVER-LEASE` when the file cannot be made.
    public init(databasePath: String) throws {
        path = Self.leasePath(databasePath)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BackupError(code: "DB-SERVER-LEASE", message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        // Several servers on one database are fine: each holds a shared lock; a restore needs the exclusive one.
        _ = flock(descriptor, LOCK_SH)
        let text = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
    }

    deinit { close(descriptor) }

    static func leasePath(_ databasePath: String) -> String { databasePath + ".serving" }

    /// Who holds the lease on the database at `databasePath` ("host:pid"), or `nil` when no server does.
    public static func holder(of databasePath: String) -> String? {
        let path = leasePath(databasePath)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            _ = flock(descriptor, LOCK_UN)
            return nil
        }
        let text = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.isEmpty ? "a running server" : text
    }
}
