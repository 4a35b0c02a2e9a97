import StoreInterface
import Synchronization

/// The stores a command opened, closed before the process exits: a PostgreSQL store then says goodbye to the server
/// on each connection, instead of leaving it to log an unexpected end of file.
enum OpenStores {
    private static let stores = Mutex<[any ClinicStore]>([])

    /// Keeps `store` for ``closeAll()`` and returns it.
    static func keep(_ store: any ClinicStore) -> any ClinicStore {
        stores.withLock { $0.append(store) }
        return store
    }

    /// Closes every store kept so far.
    static func closeAll() async {
        for store in stores.withLock({ stores in defer { stores = [] }; return stores }) { await store.close() }
    }
}
