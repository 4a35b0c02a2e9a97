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
        // Foundation reads a bare % and a space in a password as they are; they are not shown either.
        #expect(try PostgresLocation("postgres://u:50%off hunter2@h/db", environment: [:]).redacted == "postgres://u@h:5432/db")

        let local = try PostgresLocation("postgresql://oilcat@127.0.0.1/oilcat_test", environment: ["PGPASSWORD": "from-env"])
        #expect(!local.usesTLS && local.port == 5432)
        #expect(try PostgresLocation("postgres://a@db.example.org/x?sslmode=disable", environment: [:]).usesTLS == false)
        #expect(try PostgresLocation("postgres://a@localhost/x?sslmode=require", environment: [:]).usesTLS)

        // IPv6: brackets in the address, none for the connection, back again when shown.
        let six = try PostgresLocation("postgres://a@[2001:db8::1]:5433/x", environment: [:])
        #expect(six.host == "2001:db8::1" && six.port == 5433 && six.usesTLS)
        #expect(six.redacted == "postgres://a@[2001:db8::1]:5433/x")
        #expect(try PostgresLocation("postgres://a@[::1]/x", environment: [:]).usesTLS == false)
    }

    @Test("a wrong address says what is wrong and never repeats the password")
    func refuses() {
        for (address, reason) in [
            ("mysql://a:hunter2@h/x", "must start with postgres://"),
            ("postgres://h/x", "names no user"),
            ("postgres://a:hunter2@h/", "names no database"),
            ("postgres://a:hunter2@h/x?sslmode=allow", "sslmode is not one of"),
            ("postgres://a@h/x?password=hunter2", "an option other than sslmode"),
            ("/var/lib/oilcat/oilcat.sqlite", "must start with postgres://"),
            // A password with a bare # cannot be read as an address: said so, without the password.
            ("postgres://u:hunter2#x@h/db", "cannot be read as an address"),
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
