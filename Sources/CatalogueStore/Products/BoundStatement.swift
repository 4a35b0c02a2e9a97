import GRDB
import GRDBSQLite

/// A cached GRDB statement bound and stepped through SQLite's C API.
///
/// An import runs its few statements hundreds of thousands of times in one transaction; through GRDB each
/// execution builds an array of boxed values and a row object, which cost more than SQLite's own work. GRDB still
/// prepares, caches and finalises the statement, and owns the transaction around it.
struct BoundStatement {
    private let statement: Statement
    private var handle: SQLiteStatement { statement.sqliteStatement }

    /// The cached statement for `sql` in `db`.
    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
    }

    func bind(_ value: String?, at index: Int32) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { bytes in
            // An empty buffer may have no address, and a null address would bind NULL instead of ''.
            if let start = bytes.baseAddress, !bytes.isEmpty {
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
        defer { sqlite3_reset(handle) }
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        try check(code, db)
    }

    /// Steps to the first row and reads it with `body`, then resets; `nil` when there is none.
    func first<T>(_ db: Database, _ body: (Row) -> T) throws -> T? {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return body(Row(handle: handle)) }
        try check(code, db)
        return nil
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

/// SQLite copies the bound bytes before the call returns.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
