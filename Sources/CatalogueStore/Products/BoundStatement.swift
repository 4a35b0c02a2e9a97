import GRDB
import GRDBSQLite

/// A cached GRDB statement bound and stepped through SQLite's C API.
///
/// An import runs its few statements hundreds of thousands of times in one transaction; through GRDB each
/// execution builds an array of boxed values and a row object, which cost more than SQLite's own work. GRDB still
/// prepares, caches and finalises the statement, and owns the transaction around it.
struct BoundStatement {
    private let statement: Statement
    /// Where text parameters are bound from (see ``BindArena``).
    private let arena: BindArena
    private var handle: SQLiteStatement { statement.sqliteStatement }

    /// The statement `kind` of a writer's `statements`, prepared from `sql` the first time (a look-up in GRDB's cache
    /// hashes the whole SQL text), its text bound from their arena.
    init(_ db: Database, _ kind: WriterStatements.Kind, in statements: WriterStatements, sql: @autoclosure () -> String) throws {
        if let prepared = statements.prepared[kind.rawValue] {
            statement = prepared
        } else {
            statement = try db.cachedStatement(sql: sql())
            statements.prepared[kind.rawValue] = statement
        }
        arena = statements.arena
    }

    func bind(_ value: String?, at index: Int32) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { bytes in
            if let text = arena.store(bytes) {
                sqlite3_bind_text(handle, index, text, Int32(bytes.count), nil)  // SQLITE_STATIC: the arena keeps it
            } else if let start = bytes.baseAddress, !bytes.isEmpty {
                // An empty buffer may have no address, and a null address would bind NULL instead of ''.
                let text = UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self)
                sqlite3_bind_text(handle, index, text, Int32(bytes.count), transient)
            } else {
                sqlite3_bind_text(handle, index, "", 0, transient)
            }
        }
    }

    func bind(_ value: Int64?, at index: Int32) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ value: Int?, at index: Int32) { bind(value.map(Int64.init), at: index) }

    /// Runs the statement to its end and resets it.
    func execute(_ db: Database) throws {
        defer { reset() }
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        try check(code, db)
    }

    /// Steps to the first row and reads it with `body`, then resets; `nil` when there is none.
    func first<T>(_ db: Database, _ body: (Row) -> T) throws -> T? {
        defer { reset() }
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return body(Row(handle: handle)) }
        try check(code, db)
        return nil
    }

    /// Resets the statement; text bound from the arena is unbound, so no statement points into it once it is reused.
    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        arena.reset()
    }

    private func check(_ code: Int32, _ db: Database) throws {
        guard code != SQLITE_DONE && code != SQLITE_ROW else { return }
        throw DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
            sql: statement.sql
        )
    }

    /// The current row's columns.
    struct Row {
        let handle: SQLiteStatement

        func int64(_ column: Int32) -> Int64? {
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
        }

        func text(_ column: Int32) -> String? {
            guard let bytes = sqlite3_column_text(handle, column) else { return nil }
            let count = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }

        /// Whether the column holds exactly `text`, without making a string.
        func text(_ column: Int32, equals text: StaticString) -> Bool {
            guard let bytes = sqlite3_column_text(handle, column) else { return false }
            let count = Int(sqlite3_column_bytes(handle, column))
            return count == text.utf8CodeUnitCount
                && UnsafeRawBufferPointer(start: bytes, count: count).elementsEqual(UnsafeRawBufferPointer(start: text.utf8Start, count: count))
        }
    }
}

/// The statements a writer repeats, prepared once, and the arena their text is bound from. One writer uses one at a
/// time, on one thread: a statement is bound, executed and reset before the next is bound, every parameter is bound
/// on every use, and nothing that may throw runs between the first bind and the execute (a statement left bound would
/// point into an arena the next statement reuses).
final class WriterStatements {
    enum Kind: Int, CaseIterable {
        case find, insertProduct, updateProduct, linkFormulation, insertFormulation, rememberDryRunSKU
    }

    var prepared = [Statement?](repeating: nil, count: Kind.allCases.count)
    /// Made on first use: most writers only read a count.
    lazy var arena = BindArena()
}

/// Bytes that text parameters are bound from for one execution, so SQLite binds them where they are
/// (SQLITE_STATIC) instead of taking a copy of each (SQLITE_TRANSIENT: a malloc, a copy and a free per value, a
/// few dozen per product an import adds). A value that does not fit is bound the usual way.
final class BindArena {
    private let base: UnsafeMutableRawPointer
    private let capacity: Int
    private var used = 0

    init(capacity: Int = 1 << 16) {
        base = .allocate(byteCount: capacity, alignment: 8)
        self.capacity = capacity
    }

    deinit { base.deallocate() }

    /// Copies `bytes` in and returns where they are, or `nil` when they do not fit.
    func store(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar>? {
        guard bytes.count <= capacity - used else { return nil }
        let target = base + used
        if let source = bytes.baseAddress, !bytes.isEmpty { target.copyMemory(from: source, byteCount: bytes.count) }
        used += bytes.count
        return UnsafePointer(target.assumingMemoryBound(to: CChar.self))
    }

    /// Every value stored is unbound: the space is free again.
    func reset() { used = 0 }
}

/// SQLite copies the bound bytes before the call returns.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
