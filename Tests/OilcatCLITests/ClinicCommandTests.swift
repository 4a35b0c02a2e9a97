import Foundation
import Testing

@Suite("oilcat client, patch-test, safe-oils and stock")
struct ClinicCommandTests {
    static let samples = OilcatProcess.repository.appending(path: "Catalogue/suppliers")

    func iso(_ daysAgo: Double) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date().addingTimeInterval(-daysAgo * 86_400))
    }

    /// Imports the Google sample, adds a client with a ++ blend test, a negative jojoba test and a Compositae
    /// allergy, and stocks the front desk.
    func prepared() throws -> (OilcatProcess, String) {
        let oilcat = try OilcatProcess()
        try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant", "--source", Self.samples.appending(path: "google-merchant/feed.xml").path)
        try oilcat.run("import", "--supplier", "naturalis")
        let client = try oilcat.run("client", "add", "--name", "Ada Byron", "--condition", "psoriasis", "--json")
        let id = try #require((try client.json() as? [String: Any])?["id"] as? Int, "\(client.stderr)")
        try oilcat.run("client", "history", "review", "--client", "\(id)")
        let blend = try oilcat.run("patch-test", "apply", "--client", "\(id)", "--product", "naturalis:NAT-CALM-100", "--at", iso(4), "--concentration", "2%", "--occluded")
        let blendTest = blend.stdout.trimmed
        try oilcat.run("patch-test", "read", blendTest, "--result", "++", "--at", iso(1), "--relevance", "current")
        let jojoba = try oilcat.run("patch-test", "apply", "--client", "\(id)", "--product", "naturalis:NAT-JOJ-100", "--at", iso(4))
        try oilcat.run("patch-test", "read", jojoba.stdout.trimmed, "--result", "negative", "--at", iso(1))
        try oilcat.run("client", "allergy", "add", "--client", "\(id)", "--allergen", "Compositae mix", "--source", "dermatologist")
        for sku in ["NAT-JOJ-100", "NAT-LAV-10", "NAT-COC-250", "NAT-SUN-500"] {
            try oilcat.run("stock", "receive", "--location", "front-desk", "--product", "naturalis:\(sku)", "--quantity", "4")
        }
        return (oilcat, "\(id)")
    }

    @Test("the therapist's journey: safe-oils lists safe first, with a checkable reason for every other status")
    func safeOils() throws {
        let (oilcat, client) = try prepared()
        defer { oilcat.cleanUp() }
        let result = try oilcat.run("safe-oils", "--client", client, "--location", "front-desk", "--include-blocked", "--limit", "0", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try #require(try result.json() as? [[String: Any]])
        let status = Dictionary(uniqueKeysWithValues: rows.map { ($0["product"] as! String, $0["status"] as! String) })
        #expect(status["naturalis:NAT-JOJ-100"] == "safe")
        #expect(status["naturalis:NAT-LAV-10"] == "blocked")
        #expect(status["naturalis:NAT-ARN-100"] == "blocked")
        #expect(status["naturalis:NAT-SUN-500"] == "caution")
        #expect(status["naturalis:NAT-MYST-50"] == "unknown")
        #expect(status["naturalis:NAT-COC-250"] == "patch-test-required")
        #expect(rows.first?["status"] as? String == "safe")
        let lavender = try #require(rows.first { $0["product"] as? String == "naturalis:NAT-LAV-10" })
        let reasons = try #require(lavender["reasons"] as? [String])
        #expect(reasons.first?.hasPrefix("blocked: contains Lavandula Angustifolia Oil, a suspected allergen from patch test 1 (Lavender Calm Massage Blend 100 ml, ++ at 72 h on ") == true)
        #expect(lavender["in_stock"] as? Int == 4)
        #expect(rows.allSatisfy { $0["properties"] is [String] })
        let withoutBlocked = try #require(try oilcat.run("safe-oils", "--client", client, "--json", "--limit", "0").json() as? [[String: Any]])
        #expect(!withoutBlocked.contains { $0["status"] as? String == "blocked" })
        let hydrating = try #require(try oilcat.run("safe-oils", "--client", client, "--property", "hydrating", "--json").json() as? [[String: Any]])
        #expect(hydrating.allSatisfy { ($0["properties"] as? [String])?.contains("hydrating") == true })
    }

    @Test("a client whose medical history was never taken sees no safe oil, and reception is told to ask, until the intake is recorded")
    func historyNotTaken() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant", "--source", Self.samples.appending(path: "google-merchant/feed.xml").path)
        try oilcat.run("import", "--supplier", "naturalis")
        let added = try oilcat.run("client", "add", "--name", "New Client", "--json")
        let id = try #require((try added.json() as? [String: Any])?["id"] as? Int, "\(added.stderr)")
        try oilcat.run("stock", "receive", "--location", "front-desk", "--product", "naturalis:NAT-JOJ-100", "--quantity", "2")
        func jojoba() throws -> [String: Any] {
            let rows = try #require(try oilcat.run("safe-oils", "--client", "\(id)", "--include-blocked", "--limit", "0", "--json").json() as? [[String: Any]])
            return try #require(rows.first { $0["product"] as? String == "naturalis:NAT-JOJ-100" })
        }
        let before = try jojoba()
        #expect(before["status"] as? String == "caution")
        #expect((before["reasons"] as? [String])?.contains { $0.contains("medical history is not on record") } == true)
        let safe = try #require(try oilcat.run("safe-oils", "--client", "\(id)", "--limit", "0", "--json").json() as? [[String: Any]])
        #expect(!safe.contains { $0["status"] as? String == "safe" })
        let check = try oilcat.run("stock", "check", "--client", "\(id)", "--location", "front-desk")
        #expect(check.stdout.contains("ask"), "\(check.stdout)")
        #expect(!check.stdout.lowercased().contains("history") && !check.stdout.lowercased().contains("pregnan"), "\(check.stdout)")
        // "Nothing to report" is an answer: the review is recorded and jojoba is safe.
        #expect(try oilcat.run("client", "history", "review", "--client", "\(id)").status == 0)
        #expect(try jojoba()["status"] as? String == "safe")
    }

    @Test("reception's stock check says only suitable, not-suitable or ask-therapist: no clinical detail")
    func receptionCheck() throws {
        let (oilcat, client) = try prepared()
        defer { oilcat.cleanUp() }
        let result = try oilcat.run("stock", "check", "--client", client, "--location", "front-desk", "--json")
        let rows = try #require(try result.json() as? [[String: Any]])
        #expect(rows.count == 4)
        for row in rows { #expect(Set(row.keys) == ["product", "name", "verdict", "in_stock"]) }
        let verdicts = Dictionary(uniqueKeysWithValues: rows.map { ($0["product"] as! String, $0["verdict"] as! String) })
        #expect(verdicts == [
            "naturalis:NAT-JOJ-100": "suitable", "naturalis:NAT-LAV-10": "not-suitable",
            "naturalis:NAT-COC-250": "ask-therapist", "naturalis:NAT-SUN-500": "ask-therapist",
        ])
        let human = try oilcat.run("stock", "check", "--client", client, "--location", "front-desk")
        for clinical in ["allergen", "patch test", "psoriasis", "Compositae", "++", "blocked", "caution", "reason"] {
            #expect(!human.stdout.contains(clinical), "reception output contains '\(clinical)'")
            #expect(!result.stdout.contains(clinical), "reception JSON contains '\(clinical)'")
        }
        try oilcat.run("stock", "set", "--location", "front-desk", "--product", "naturalis:NAT-JOJ-100", "--quantity", "0")
        let nothing = try oilcat.run("stock", "check", "--client", client, "--location", "front-desk")
        #expect(nothing.stdout.contains("nothing suitable in stock"))
    }

    @Test("client show, patch-test list and readings due; bad input is refused with one line")
    func clientAndTests() throws {
        let (oilcat, client) = try prepared()
        defer { oilcat.cleanUp() }
        let show = try #require(try oilcat.run("client", "show", client, "--json").json() as? [String: Any])
        #expect((show["patchTests"] as? [[String: Any]])?.count == 2)
        #expect(((show["blocked"] as? [[String: Any]])?.count ?? 0) >= 4)
        let pending = try oilcat.run("patch-test", "apply", "--client", client, "--product", "naturalis:NAT-COC-250", "--at", iso(2))
        let due = try #require(try oilcat.run("patch-test", "list", "--due", "--json").json() as? [[String: Any]])
        #expect(due.map { $0["product"] as? String } == ["naturalis:NAT-COC-250"])
        let early = try oilcat.run("patch-test", "read", pending.stdout.trimmed, "--result", "negative", "--at", iso(1.5))
        #expect(early.stdout.contains("not final"))
        // A reading three days ahead would finalise the test minutes after the patch went on: refused.
        let ahead = try oilcat.run("patch-test", "read", pending.stdout.trimmed, "--result", "negative", "--at", iso(-3))
        #expect(ahead.status == 1)
        #expect(ahead.stderr.contains("CLINIC-TIME-FUTURE") && ahead.stderr.contains("is in the future"), "\(ahead.stderr)")

        let unknownAllergen = try oilcat.run("client", "allergy", "add", "--client", client, "--allergen", "unicorn dust", "--source", "dermatologist")
        #expect(unknownAllergen.status == 1)
        #expect(unknownAllergen.stderr.split(separator: "\n").count == 1)
        let badResult = try oilcat.run("patch-test", "read", "1", "--result", "+++++")
        #expect(badResult.status == 1)
        let unknownClient = try oilcat.run("safe-oils", "--client", "999")
        #expect(unknownClient.status == 1)
        #expect(unknownClient.stderr.contains("no client 999"))
        let impossible = try oilcat.run("stock", "receive", "--location", "front-desk", "--product", "naturalis:NAT-LAV-10", "--quantity", "1", "--opened", "2026-02-31")
        #expect(impossible.status == 1)
        #expect(impossible.stderr.contains("'2026-02-31' is not a date"))
        let belowZero = try oilcat.run("stock", "adjust", "--location", "front-desk", "--product", "naturalis:NAT-LAV-10", "--quantity", "-9")
        #expect(belowZero.status == 1)
        #expect(belowZero.stderr.contains("below zero"))
    }
}

extension String {
    /// Without surrounding white space (command output ends with a newline).
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

@Suite("safe-oils after an import")
struct SnapshotFreshnessTests {
    @Test("a reformulation imported after a listing shows in the next listing")
    func reformulationReachesTheList() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let sample = ClinicCommandTests.samples.appending(path: "google-merchant/feed.xml")
        try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant")
        try oilcat.run("import", sample.path, "--supplier", "naturalis")
        let client = try oilcat.run("client", "add", "--name", "Lin", "--json")
        let id = try #require((try client.json() as? [String: Any])?["id"] as? Int)
        try oilcat.run("client", "history", "review", "--client", "\(id)")
        try oilcat.run("client", "allergy", "add", "--client", "\(id)", "--allergen", "linalool", "--source", "dermatologist")
        func status(_ product: String) throws -> String? {
            let rows = try #require(try oilcat.run("safe-oils", "--client", "\(id)", "--include-blocked", "--limit", "0", "--json").json() as? [[String: Any]])
            return rows.first { $0["product"] as? String == product }?["status"] as? String
        }
        #expect(try status("naturalis:NAT-SUN-500") == "safe")
        let reformulated = oilcat.home.appending(path: "feed.xml")
        try String(contentsOf: sample, encoding: .utf8)
            .replacingOccurrences(of: "<g:attribute_value>Helianthus Annuus Seed Oil</g:attribute_value>", with: "<g:attribute_value>Helianthus Annuus Seed Oil, Lavandula Angustifolia Oil</g:attribute_value>")
            .write(to: reformulated, atomically: true, encoding: .utf8)
        let report = try #require(try oilcat.run("import", reformulated.path, "--supplier", "naturalis", "--json").json() as? [String: Any])
        #expect((report["counts"] as? [String: Any])?["reformulated"] as? Int == 1)
        #expect((report["affected"] as? [[String: Any]])?.first?["client"] as? Int == id)
        #expect(try status("naturalis:NAT-SUN-500") == "blocked")
    }
}
