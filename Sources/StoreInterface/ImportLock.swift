public import Foundation

/// One import run per supplier at a time: a row per supplier while a run holds it. A second run reads the row and
/// says who holds it. On SQLite the row is the lock, and one left by a process that died on this host is taken over;
/// on PostgreSQL a session advisory lock held by the run's own connection is the lock, and the row only names it.
public struct ImportLock: Codable, Sendable, Equatable {
    public var supplierId: String
    public var runId: Int64
    /// "host:pid" of the holder.
    public var holder: String
    public var acquiredAt: Date

    public init(supplierId: String, runId: Int64, holder: String, acquiredAt: Date = Date()) {
        self.supplierId = supplierId
        self.runId = runId
        self.holder = holder
        self.acquiredAt = acquiredAt
    }

    /// This process, as a holder.
    public static var currentHolder: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Whether the holder is a process on this host that no longer runs.
    public var holderIsGone: Bool {
        let parts = holder.split(separator: ":")
        guard parts.count == 2, String(parts[0]) == ProcessInfo.processInfo.hostName, let pid = Int32(parts[1]) else {
            return false
        }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

/// A run could not start because another holds the supplier.
public struct ImportLockedError: Error, Sendable, Equatable {
    public var lock: ImportLock

    public init(lock: ImportLock) {
        self.lock = lock
    }
}
