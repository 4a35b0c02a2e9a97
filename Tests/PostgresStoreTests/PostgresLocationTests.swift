import Foundation
import PostgresStore
import Testing

/// PostgreSQL addresses: read as a user would write them, refused with a reason, passwords never shown.
@Suite("PostgreSQL addresses")
struct PostgresLocationTests {
    @Test("an address gives host, port, user and database; TLS unless the host is this machine or sslmode=disable")
    func reads() throws {
        let remote = try PostgresLocation("postgres://clinic:s3cr%40t@db.example.org:6543/oilcat", environment: [:])
        #expect(remote.host == "db.example.org" && remote.port == 6543 && remote.user == "clinic" && remote.database == "oilcat")
        #expect(remote.usesTLS)
        #expect(remote.redacted == "postgres://clinic@db.example.org:6543/oilcat")
        #expect(!remote.redacted.contains("s3cr"))

        let local = try PostgresLocation("postgresql://oilcat@127.0.0.1/oilcat_test", environment: ["PGPASSWORD": "from-env"])
        #expect(!local.usesTLS && local.port == 5432)
        #expect(try PostgresLocation("postgres://a@db.example.org/x?sslmode=disable", environment: [:]).usesTLS == false)
        #expect(try PostgresLocation("postgres://a@localhost/x?sslmode=require", environment: [:]).usesTLS)
    }

    @Test("a wrong address says what is wrong and never repeats the password")
    func refuses() {
        for (address, reason) in [
            ("mysql://a:hunter2@h/x", "must start with postgres://"),
            ("postgres://h/x", "names no user"),
            ("postgres://a:hunter2@h/", "names no database"),
            ("postgres://a:hunter2@h/x?sslmode=allow", "sslmode 'allow'"),
            ("postgres://a:hunter2@h/x?application_name=x", "'application_name' is not known"),
            ("/var/lib/oilcat/oilcat.sqlite", "must start with postgres://"),
        ] {
            let error = #expect(throws: PostgresStoreError.self) { try PostgresLocation(address, environment: [:]) }
            #expect(error?.kind == .badAddress)
            #expect(error?.description.contains(reason) == true, "\(address): \(error?.description ?? "")")
            #expect(error?.description.contains("hunter2") == false)
        }
    }

    @Test("CI runs the PostgreSQL tests: with OILCAT_TEST_REQUIRE_POSTGRES=1 a missing server is a failure, not a skip")
    func requiredServerIsThere() {
        let required = ProcessInfo.processInfo.environment["OILCAT_TEST_REQUIRE_POSTGRES"] == "1"
        #expect(!required || PostgresTestDatabase.isAvailable, "OILCAT_TEST_REQUIRE_POSTGRES=1 but OILCAT_TEST_POSTGRES_URL is not set")
    }
}
