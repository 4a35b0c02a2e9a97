import CatalogueCore
import Foundation
import OilCatalogue
import Testing

@Suite("Which store --db and OILCAT_DB name")
struct StoreLocationTests {
    /// A private data folder, so the default location is never the real one.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ["XDG_DATA_HOME": FileManager.default.temporaryDirectory.appending(path: "oilcat-store-location").path].merging(extra) { $1 }
    }

    @Test("a postgres:// address is PostgreSQL, shown without its password; anything else is an SQLite file")
    func kinds() throws {
        let address = "postgres://clinic:s3cr%40t@db.chain.example:6432/oilcat"
        guard case .postgres(let postgres) = try StoreLocation.resolve(explicit: address, environment: Self.environment()) else {
            Issue.record("a postgres:// address must be PostgreSQL")
            return
        }
        #expect(postgres.host == "db.chain.example" && postgres.port == 6432 && postgres.user == "clinic" && postgres.database == "oilcat")
        #expect(postgres.usesTLS)
        let shown = try StoreLocation.resolve(explicit: address, environment: Self.environment()).shown
        #expect(shown == "postgres://clinic@db.chain.example:6432/oilcat")
        #expect(!shown.contains("s3cr"))
        // The other spelling, in capitals, from the environment.
        let fromEnvironment = try StoreLocation.resolve(explicit: nil, environment: Self.environment(["OILCAT_DB": "POSTGRESQL://clinic@localhost/oilcat"]))
        #expect(fromEnvironment.shown == "postgres://clinic@localhost:5432/oilcat?sslmode=disable")

        guard case .sqlite(let path, let isDefault) = try StoreLocation.resolve(explicit: "/srv/clinic/oilcat.sqlite", environment: Self.environment()) else {
            Issue.record("a path must be an SQLite file")
            return
        }
        #expect(path == "/srv/clinic/oilcat.sqlite" && !isDefault)
        guard case .sqlite(_, let isDefaultNow) = try StoreLocation.resolve(explicit: "", environment: Self.environment(["OILCAT_DB": ""])) else {
            Issue.record("nothing named must be the default SQLite file")
            return
        }
        #expect(isDefaultNow)
    }

    @Test("--db wins over OILCAT_DB, whichever backend each names")
    func order() throws {
        let environment = Self.environment(["OILCAT_DB": "postgres://clinic@db.chain.example/oilcat"])
        #expect(try StoreLocation.resolve(explicit: "/tmp/local.sqlite", environment: environment).shown == "/tmp/local.sqlite")
        #expect(try StoreLocation.resolve(explicit: nil, environment: environment).shown == "postgres://clinic@db.chain.example:5432/oilcat")
    }

    @Test("an address that cannot be used is refused without repeating it (it may hold a password)")
    func refused() {
        for address in ["postgres://clinic:hunter2@/oilcat", "postgres://db.chain.example/oilcat", "postgres://clinic:hunter2@db/oilcat?sslmode=prefer"] {
            let error = #expect(throws: (any Error).self) { try StoreLocation.resolve(explicit: address, environment: Self.environment()) }
            let coded = error as? any CodedError
            #expect(coded?.code == "DB-ADDRESS", "\(address)")
            #expect(coded?.message.contains("hunter2") == false)
        }
    }

    @Test("a PostgreSQL store's feeds are archived in the default data folder, unless --feeds or OILCAT_FEEDS says where")
    func archive() throws {
        let environment = Self.environment()
        let store = try StoreLocation.resolve(explicit: "postgres://clinic@localhost/oilcat", environment: environment)
        let location = FeedArchiveLocation.resolve(explicit: nil, store: store, environment: environment)
        #expect(location.folder.path == DatabaseLocation.defaultFolder(environment: environment).appending(path: "feeds").path)
        #expect(FeedArchiveLocation.resolve(explicit: "/srv/feeds", store: store, environment: environment).folder.path == "/srv/feeds")
    }
}
