import Foundation
import Testing

@Suite("oilcat client allergy add --report")
struct AllergyReportCommandTests {
    static let baseline = [
        "potassium dichromate", "p-phenylenediamine", "thiuram mix", "neomycin sulfate", "cobalt chloride", "caine mix",
        "nickel sulfate", "2-hydroxyethyl methacrylate", "colophonium", "IPPD", "wool alcohols", "mercapto mix",
        "epoxy resin", "Myroxylon pereirae resin", "4-tert-butylphenol formaldehyde resin", "mercaptobenzothiazole",
        "formaldehyde", "fragrance mix I", "sesquiterpene lactone mix", "quaternium-15", "propolis",
        "methyldibromo glutaronitrile", "budesonide", "tixocortol pivalate", "MCI/MI", "methylisothiazolinone",
        "textile dye mix", "fragrance mix II", "linalool hydroperoxides", "limonene hydroperoxides",
    ]

    func client(_ oilcat: OilcatProcess) throws -> String {
        let added = try oilcat.run("client", "add", "--name", "Report", "--json")
        let id = try #require((try added.json() as? [String: Any])?["id"] as? Int, "\(added.stderr)")
        return "\(id)"
    }

    @Test("a 30-line baseline report is recorded in one command; client show lists the positives")
    func wholeReport() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let client = try client(oilcat)
        let file = oilcat.home.appending(path: "ebs.txt")
        let text = Self.baseline.map { "\($0): \(["wool alcohols", "nickel sulfate"].contains($0) ? "++" : "negative")" }
            .joined(separator: "\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let recorded = try oilcat.run("client", "allergy", "add", "--client", client, "--report", file.path, "--source", "dermatologist")
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.contains("Recorded 30 line(s)"))
        #expect(recorded.stdout.contains("wool alcohols ++ → Wool alcohols (test-allergen): avoid Lanolin, Lanolin Alcohol"))
        let show = try #require(try oilcat.run("client", "show", client, "--json").json() as? [String: Any])
        #expect((show["allergies"] as? [[String: Any]])?.count == 2)
        #expect((show["testedNegative"] as? [[String: Any]])?.count == 28)
    }

    @Test("one unknown name: the command fails with file:line and suggestions, and records nothing")
    func unknownName() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let client = try client(oilcat)
        let file = oilcat.home.appending(path: "report.csv")
        try "allergen,reading\nwool alcohols,++\nfragance mix I,+\nnickel sulfate,+\n".write(to: file, atomically: true, encoding: .utf8)
        let refused = try oilcat.run("client", "allergy", "add", "--client", client, "--report", file.path, "--source", "dermatologist")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("report.csv:3: 'fragance mix I'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("'Fragrance mix I'"))
        #expect(refused.stderr.contains("nothing of the report was recorded"))
        let show = try #require(try oilcat.run("client", "show", client, "--json").json() as? [String: Any])
        #expect((show["allergies"] as? [[String: Any]])?.isEmpty == true)
    }
    @Test("one --allergen naming two ('Cinnamal/Linalool') is refused with both names; a retraction needs a readable reason")
    func severalAndBlankReason() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let client = try client(oilcat)
        let several = try oilcat.run("client", "allergy", "add", "--client", client, "--allergen", "Cinnamal/Linalool", "--reading", "++", "--source", "dermatologist")
        #expect(several.status != 0)
        #expect(several.stderr.contains("names 2 allergens"), "\(several.stderr)")
        #expect(several.stderr.contains("Linalool"))
        for (name, reading) in [("Linalool (pos., D4)", "neg"), ("wool alcohols: ++", "negative"), ("Fragrance (fragrance mix II)", "++")] {
            let refused = try oilcat.run("client", "allergy", "add", "--client", client, "--allergen", name, "--reading", reading, "--source", "dermatologist")
            #expect(refused.status != 0, "--allergen '\(name)' is read as a report line is")
        }
        let utf16 = oilcat.home.appending(path: "excel.txt")
        try #require("allergen\treading\nnickel sulfate\t+\n".data(using: .utf16)).write(to: utf16)
        let fromExcel = try oilcat.run("client", "allergy", "add", "--client", client, "--report", utf16.path, "--source", "dermatologist")
        #expect(fromExcel.status == 0, "a UTF-16 'Unicode text' file with its byte-order mark: \(fromExcel.stderr)")
        let added = try oilcat.run("client", "allergy", "add", "--client", client, "--allergen", "Linalool", "--reading", "++", "--source", "dermatologist", "--json")
        let id = try #require((try added.json() as? [String: Any])?["id"] as? String, "\(added.stderr)")
        for blank in ["\u{3164}", "\u{2800}", "\u{202E}", "."] {
            let refused = try oilcat.run("client", "allergy", "retract", id, "--reason", blank)
            #expect(refused.status != 0, "reason \(blank.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        let show = try #require(try oilcat.run("client", "show", client, "--json").json() as? [String: Any])
        #expect((show["allergies"] as? [[String: Any]])?.count == 2, "nickel and linalool; nothing retracted")
    }
}
