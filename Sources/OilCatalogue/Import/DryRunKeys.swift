import StoreInterface

/// The keys a dry run has added so far, so that a key met twice in one feed is rejected as it would be by a real
/// run. They are kept in memory while they take little room (a SQLite insert per record cost a dry run about a
/// twentieth of its time); past ``byteLimit`` they move into the writer's temporary table and the rest follow them
/// there, so a feed of millions of products keeps memory flat.
struct DryRunKeys {
    /// About how much memory the keys may take before they move into the database.
    static var byteLimit: Int { 16 << 20 }

    private var keys: Set<Key> = []
    private var bytes = 0
    private var inDatabase = false
    private let limit: Int

    init(byteLimit: Int = Self.byteLimit) {
        limit = byteLimit
    }

    /// Whether the keys are kept in the writer's table now.
    var isInDatabase: Bool { inDatabase }

    /// Remembers `key`; returns `false` when it was already added in this run.
    mutating func insert(_ key: String, writer: any ImportWriter) throws -> Bool {
        if !inDatabase {
            let wrapped = Key(text: key)
            // A key's slot in the set (16 bytes, a quarter of slots kept free, and twice that while the set grows),
            // and its own storage when it is too long to be kept inline (15 bytes).
            let size = 48 + (key.utf8.count > 15 ? key.utf8.count + 32 : 0)
            if bytes + size <= limit {
                // One hash a record: the insert says whether the key was there.
                guard keys.insert(wrapped).inserted else { return false }
                bytes += size
                return true
            }
            // At the limit, a key already kept is still a duplicate; only a new one moves the keys.
            if keys.contains(wrapped) { return false }
            try writer.prepareDryRun()
            for known in keys { _ = try writer.rememberDryRunSKU(known.text) }
            keys = []
            inDatabase = true
        }
        return try writer.rememberDryRunSKU(key)
    }

    /// A key compared byte for byte, as the database compares the products' keys: Swift's strings compare
    /// canonically, and "é" written as one or as two code points would be one key here but two products there.
    private struct Key: Hashable {
        let text: String

        static func == (left: Key, right: Key) -> Bool { left.text.utf8.elementsEqual(right.text.utf8) }

        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            hasher.combine(text.utf8.count)
        }
    }
}
