import Foundation
import Testing

/// A throw-away PostgreSQL database for one test, in the cluster `scripts/test-postgres.sh` starts: created empty
/// through `psql`, dropped afterwards.
struct ScratchPostgresDatabase {
    /// The cluster's address (`OILCAT_TEST_POSTGRES_URL`), when the tests have one.
    static let cluster = ProcessInfo.processInfo.environment["OILCAT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Debian's `psql` (it comes with the server's package) or one on the PATH.
    static let psql: String? = {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let candidates = versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { "/usr/lib/postgresql/\($0)/bin/psql" } + ["/usr/bin/psql"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var available: Bool { cluster != nil && psql != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") }

    /// The database's address.
    let url: String
    private let name: String
    private let clusterURL: String

    init() throws {
        clusterURL = try #require(Self.cluster)
        name = "oilcat_scratch_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let base = try #require(clusterURL.range(of: "/", options: .backwards)).lowerBound
        url = String(clusterURL[..<base]) + "/" + name
        try Self.psql(clusterURL, "CREATE DATABASE \(name)")
    }

    func drop() { try? Self.psql(clusterURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }

    private static func psql(_ url: String, _ statement: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(psql))
        process.arguments = ["--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-q", "-d", url, "-c", statement]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "psql: \(message)")
    }
}

/// The suite below runs in CI: `scripts/test.sh` sets `OILCAT_TEST_REQUIRE_POSTGRES=1`, and then what it needs missing
/// is a failure, not a skip.
@Suite("What the two-server test needs")
struct TwoServerTestNeeds {
    @Test("with OILCAT_TEST_REQUIRE_POSTGRES=1 the cluster, psql and curl are there")
    func present() {
        guard ProcessInfo.processInfo.environment["OILCAT_TEST_REQUIRE_POSTGRES"] == "1" else { return }
        #expect(ScratchPostgresDatabase.cluster != nil, "OILCAT_TEST_POSTGRES_URL is not set")
        #expect(ScratchPostgresDatabase.psql != nil, "psql is missing (Debian's postgresql package brings it)")
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"), "curl is missing (scripts/install-system-packages.sh --with-postgres)")
    }
}

/// Two `oilcat serve` processes on one PostgreSQL database, as a clinic chain runs them behind a proxy.
@Suite("Two servers on one PostgreSQL database", .enabled(if: ScratchPostgresDatabase.available))
struct TwoServerTests {
    /// An HTTP request through curl: the status and the body.
    func curl(_ arguments: [String]) throws -> (status: Int, body: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--max-time", "60", "-w", "\n%{http_code}"] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let status = Int(text.split(separator: "\n").last ?? "") ?? 0
        return (status, String(text[..<(text.lastIndex(of: "\n") ?? text.endIndex)]))
    }

    /// The status each product has for `client` in the list `server` serves.
    func statuses(_ server: String, client: String, token: String) throws -> [String: String] {
        let (status, body) = try curl(["-H", "Authorization: Bearer \(token)", "\(server)/api/v1/clients/\(client)/safe-oils?include_blocked=true&limit=1000"])
        #expect(status == 200, "\(body)")
        let page = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let rows = try #require(page["products"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            (row["product"] as? String).map { ($0, row["status"] as? String ?? "") }
        })
    }

    @Test("a reading recorded through one server changes the verdict the other serves on its next request")
    func readingThroughOneServerReachesTheOther() throws {
        let database = try ScratchPostgresDatabase()
        defer { database.drop() }
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let store = ["OILCAT_DB": database.url]
        @discardableResult
        func run(_ arguments: String...) throws -> OilcatProcess.Result {
            let result = try oilcat.run(arguments: arguments, environment: store)
            #expect(result.status == 0, "oilcat \(arguments.joined(separator: " ")): \(result.stderr)")
            return result
        }
        try run("db", "migrate")
        try run("supplier", "add", "naturalis", "--format", "google-merchant", "--source", ClinicCommandTests.samples.appending(path: "google-merchant/feed.xml").path)
        try run("import", "--supplier", "naturalis")
        let added = try run("client", "add", "--name", "Ada Byron", "--condition", "sensitive-skin", "--json")
        let client = "\(try #require((try added.json() as? [String: Any])?["id"] as? Int))"
        try run("client", "history", "review", "--client", client)
        let test = try run("patch-test", "apply", "--client", client, "--product", "naturalis:NAT-JOJ-100", "--at", ClinicCommandTests().iso(4)).stdout.trimmed
        try run("user", "add", "--name", "therapist", "--role", "therapist")
        let token = try run("user", "token", "--name", "therapist").stdout.trimmed

        var servers: [OilcatProcess.Running] = []
        defer { for server in servers where server.process.isRunning { server.process.terminate() } }
        var addresses: [String] = []
        for _ in 0..<2 {
            let (server, address) = try OperationsTests().serve(oilcat, environment: store)
            servers.append(server)
            addresses.append(address)
        }
        let (first, second) = (addresses[0], addresses[1])
        for address in addresses { #expect(try curl([address + "/ready"]).status == 200) }

        // The second server lists the client (and keeps the list): the test is waiting for its reading.
        #expect(try statuses(second, client: client, token: token)["naturalis:NAT-JOJ-100"] == "pending")
        #expect(try statuses(second, client: client, token: token)["naturalis:NAT-JOJ-100"] == "pending")

        // A ++ reading through the first server.
        let reading = try curl([
            "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json",
            "--data", #"{"result": "++", "relevance": "current"}"#, "\(first)/api/v1/patch-tests/\(test)/readings",
        ])
        #expect(reading.status == 201, "\(reading.body)")

        // The second server's very next answer has it: the product is blocked, on both.
        #expect(try statuses(second, client: client, token: token)["naturalis:NAT-JOJ-100"] == "blocked")
        #expect(try statuses(first, client: client, token: token)["naturalis:NAT-JOJ-100"] == "blocked")

        for server in servers { server.process.terminate() }
        for server in servers {
            let stopped = server.finish()
            #expect(stopped.status == 0, "\(stopped.stderr)")
        }
    }
}
