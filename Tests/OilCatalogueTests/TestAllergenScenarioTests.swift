import CatalogueCore
@_spi(SQLite) import CatalogueStore
import Foundation
import OilCatalogue
import Testing
import StoreInterface

/// Issue 17's scenarios on a real database: products come in through the importer, a dermatologist's report through
/// the report service, verdicts from the engine (full check and fast path agree).
@Suite("Test allergens from a dermatologist's report")
struct TestAllergenScenarioTests {
    static let feed = GoogleFeed.make([
        ("LANOLIN-BALM", "9.00 GBP", "Butyrospermum Parkii Butter, Lanolin, Cera Alba, Tocopherol"),
        ("EUGENOL-OIL", "9.00 GBP", "Prunus Amygdalus Dulcis Oil, Eugenol"),
        ("CINNAMAL-LOTION", "9.00 GBP", "Aqua, Glycerin, Cetearyl Alcohol, Cinnamal"),
        ("PARFUM-LOTION", "9.00 GBP", "Aqua, Glycerin, Cetearyl Alcohol, Parfum"),
        ("AROMA-LOTION", "9.00 GBP", "Aqua, Glycerin, Aroma"),
        ("DMDM-SHAMPOO", "9.00 GBP", "Aqua, Glycerin, DMDM Hydantoin"),
        ("Q15-CREAM", "9.00 GBP", "Aqua, Cetearyl Alcohol, Quaternium-15"),
        ("MI-GEL", "9.00 GBP", "Aqua, Glycerin, Xanthan Gum, Methylisothiazolinone"),
        ("PARABEN-WASH", "9.00 GBP", "Aqua, Glycerin, Methylparaben"),
        ("BENZOATE-OIL", "9.00 GBP", "Prunus Amygdalus Dulcis Oil, Benzyl Benzoate"),
        ("LAURYL-WASH", "9.00 GBP", "Aqua, Lauryl Glucoside, Glycerin"),
        ("DECYL-WASH", "9.00 GBP", "Aqua, Decyl Glucoside, Glycerin"),
        ("PLAIN", "9.00 GBP", "Aqua, Glycerin, Cetearyl Alcohol, Dimethicone, Xanthan Gum, Sodium Benzoate"),
    ])

    let harness: ImportHarness
    let taxonomy = RepositoryCatalogue.taxonomy

    init() async throws {
        harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(Self.feed)
    }

    /// A new client with one report recorded through the service.
    func client(report: String) async throws -> Int64 {
        let id = try harness.database.addClient(name: "Client", conditions: [], note: nil, actor: "test", sameName: true)
        _ = try harness.database.recordIntakeReview(client: id, note: nil, actor: "test")  // history taken: nothing to report
        let parsed = try AllergyReportImport(text: report, source: "report.txt", taxonomy: taxonomy)
        _ = try await parsed.record(client: id, source: .dermatologist, note: nil, database: harness.database, actor: "test")
        return id
    }

    func verdicts(_ client: Int64) throws -> [String: SuitabilityVerdict] {
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: try #require(try harness.database.clientProfile(client)))
        var result: [String: SuitabilityVerdict] = [:]
        for product in try harness.database.catalogueProducts(taxonomy: taxonomy) {
            let verdict = engine.evaluate(product.facts)
            #expect(engine.status(of: product.facts) == verdict.status, "fast path for \(product.facts.reference)")
            result[String(product.facts.reference.dropFirst("acme:".count))] = verdict
        }
        #expect(result.count == 13, "every product imported and resolved")
        return result
    }

    @Test("every product resolves: no unknown name in the scenario feed")
    func everythingResolves() async throws {
        let verdicts = try await verdicts(try client(report: "nickel sulfate: +"))
        for (sku, verdict) in verdicts { #expect(verdict.status != .unknown, "\(sku): \(verdict.reasons)") }
    }

    @Test("wool alcohols blocks a lanolin balm")
    func woolAlcohols() async throws {
        let verdicts = try await verdicts(try client(report: "wool alcohols: ++"))
        #expect(verdicts["LANOLIN-BALM"]?.status == .blocked)
        #expect(verdicts["LANOLIN-BALM"]?.reasons.contains { $0.contains("implicated by Wool alcohols") } == true)
        #expect(verdicts["PLAIN"]?.status == .safe)
    }

    @Test("fragrance mix I blocks eugenol, cinnamal and undisclosed fragrance (Parfum, Aroma)")
    func fragranceMixI() async throws {
        let verdicts = try await verdicts(try client(report: "fragrance mix I: +"))
        for sku in ["EUGENOL-OIL", "CINNAMAL-LOTION", "PARFUM-LOTION", "AROMA-LOTION"] {
            #expect(verdicts[sku]?.status == .blocked, "\(sku)")
        }
        #expect(verdicts["PARFUM-LOTION"]?.reasons.contains { $0.contains("general fragrance marker") } == true)
        #expect(verdicts["PLAIN"]?.status == .safe)
    }

    @Test("a linalool allergy makes a Parfum product caution, with the labelling-threshold reason")
    func linaloolParfum() async throws {
        let verdicts = try await verdicts(try client(report: "linalool: +"))
        let parfum = try #require(verdicts["PARFUM-LOTION"])
        #expect(parfum.status == .caution)
        #expect(parfum.reasons.contains { $0.contains("may contain linalool below the EU labelling threshold of 0.001 % leave-on") })
        #expect(verdicts["PLAIN"]?.status == .safe)
    }

    @Test("formaldehyde blocks DMDM hydantoin and quaternium-15 products")
    func formaldehyde() async throws {
        let verdicts = try await verdicts(try client(report: "formaldehyde: ++"))
        #expect(verdicts["DMDM-SHAMPOO"]?.status == .blocked)
        #expect(verdicts["Q15-CREAM"]?.status == .blocked)
        #expect(verdicts["PLAIN"]?.status == .safe)
    }

    @Test("MI blocks an MI gel; parabens block a methylparaben wash")
    func preservatives() async throws {
        let mi = try await verdicts(try client(report: "MI: +"))
        #expect(mi["MI-GEL"]?.status == .blocked)
        #expect(mi["PLAIN"]?.status == .safe)
        let parabens = try await verdicts(try client(report: "parabens: +"))
        #expect(parabens["PARABEN-WASH"]?.status == .blocked)
        #expect(parabens["PLAIN"]?.status == .safe)
    }

    @Test("Myroxylon pereirae gives caution for benzyl benzoate and blocks Parfum")
    func myroxylon() async throws {
        let verdicts = try await verdicts(try client(report: "Myroxylon pereirae: ++"))
        #expect(verdicts["BENZOATE-OIL"]?.status == .caution)
        #expect(verdicts["BENZOATE-OIL"]?.reasons.contains { $0.contains("balsam of Peru") } == true)
        #expect(verdicts["PARFUM-LOTION"]?.status == .blocked)
        #expect(verdicts["PLAIN"]?.status == .safe)
    }

    @Test("a decyl glucoside allergy blocks decyl glucoside and gives caution for lauryl glucoside")
    func glucosides() async throws {
        let verdicts = try await verdicts(try client(report: "decyl glucoside: +"))
        #expect(verdicts["DECYL-WASH"]?.status == .blocked)
        #expect(verdicts["LAURYL-WASH"]?.status == .caution)
        #expect(verdicts["PLAIN"]?.status == .safe)
    }

    @Test("nickel is recorded and concerns no product")
    func nickel() async throws {
        let id = try await client(report: "nickel sulfate: +++")
        let profile = try #require(try harness.database.clientProfile(id))
        #expect(profile.allergies.map(\.target) == [.testAllergen("nickel-sulfate")])
        #expect(profile.allergies.first?.reading == .extremePositive)
        let verdicts = try verdicts(id)
        #expect(verdicts.values.allSatisfy { $0.status != .blocked })
        #expect(taxonomy.avoidedLabelNames(for: .testAllergen("nickel-sulfate")).isEmpty)
    }

    @Test("plain base ingredients are safe for every one of these clients at once")
    func plainIsSafe() async throws {
        let id = try await client(report: """
            wool alcohols: ++
            fragrance mix I: +
            linalool: +
            formaldehyde: +
            MI: +
            parabens: +
            Myroxylon pereirae: +
            decyl glucoside: +
            nickel: +
            """)
        #expect(try verdicts(id)["PLAIN"]?.status == .safe)
    }

    @Test("a negative reading is tested-negative evidence, not an allergy")
    func negativeReading() async throws {
        let id = try await client(report: "wool alcohols: negative\nformaldehyde: -")
        let profile = try #require(try harness.database.clientProfile(id))
        #expect(profile.allergies.isEmpty)
        #expect(profile.testedNegative.map(\.target) == [.testAllergen("wool-alcohols"), .testAllergen("formaldehyde")])
        #expect(try verdicts(id)["LANOLIN-BALM"]?.status == .safe)
    }

    @Test("every allergen of the European baseline series is recordable by each of its names")
    func baselineSeriesNames() throws {
        let baseline = taxonomy.testAllergens.filter { $0.series.contains { $0.hasPrefix("EBS") } }
        #expect(baseline.count >= 30)
        for allergen in baseline {
            for name in allergen.allNames {
                #expect(taxonomy.allergyTarget(named: name) == .testAllergen(allergen.id), "\(name)")
            }
        }
        // The usual names of the 2019 series as ALLERGENS.md lists them (the Compositae ones resolve to the group).
        let usual = [
            "potassium dichromate", "p-phenylenediamine", "thiuram mix", "neomycin sulfate", "cobalt chloride", "caine mix",
            "nickel sulfate", "2-hydroxyethyl methacrylate", "colophonium", "IPPD", "wool alcohols", "mercapto mix",
            "epoxy resin", "Myroxylon pereirae resin", "4-tert-butylphenol formaldehyde resin", "mercaptobenzothiazole",
            "formaldehyde", "fragrance mix I", "sesquiterpene lactone mix", "quaternium-15", "propolis",
            "methyldibromo glutaronitrile", "budesonide", "tixocortol pivalate", "MCI/MI", "methylisothiazolinone",
            "textile dye mix", "fragrance mix II", "HICC", "linalool hydroperoxides", "limonene hydroperoxides",
            "Amerchol L-101", "balsam of Peru", "Kathon CG", "Lyral", "oxidized linalool",
        ]
        for name in usual { #expect(taxonomy.allergyTarget(named: name) != nil, "\(name)") }
        #expect(taxonomy.allergyTarget(named: "sesquiterpene lactone mix") == .crossReactivityGroup("compositae"))
    }

    @Test("a 30-line report is recorded in one call, negatives and positives alike")
    func thirtyLineReport() async throws {
        let names = [
            "potassium dichromate", "p-phenylenediamine", "thiuram mix", "neomycin sulfate", "cobalt chloride", "caine mix",
            "nickel sulfate", "2-hydroxyethyl methacrylate", "colophonium", "IPPD", "wool alcohols", "mercapto mix",
            "epoxy resin", "Myroxylon pereirae resin", "4-tert-butylphenol formaldehyde resin", "mercaptobenzothiazole",
            "formaldehyde", "fragrance mix I", "sesquiterpene lactone mix", "quaternium-15", "propolis",
            "methyldibromo glutaronitrile", "budesonide", "tixocortol pivalate", "MCI/MI", "methylisothiazolinone",
            "textile dye mix", "fragrance mix II", "linalool hydroperoxides", "limonene hydroperoxides",
        ]
        #expect(names.count == 30)
        let positives: Set = ["nickel sulfate", "fragrance mix I", "wool alcohols"]
        let text = names.enumerated().map { index, name in
            "\(index + 1). \(name): \(positives.contains(name) ? "++" : "-")"
        }.joined(separator: "\n")
        let id = try harness.database.addClient(name: "Thirty", conditions: [], note: nil, actor: "test")
        _ = try harness.database.recordIntakeReview(client: id, note: nil, actor: "test")  // history taken: nothing to report
        let report = try AllergyReportImport(text: text, source: "ebs.txt", taxonomy: taxonomy)
        let ids = try await report.record(client: id, source: .dermatologist, note: nil, database: harness.database, actor: "test")
        #expect(ids.count == 30)
        let profile = try #require(try harness.database.clientProfile(id))
        #expect(profile.allergies.count == 3)
        #expect(profile.testedNegative.count == 27)
    }

    @Test("a report with one unknown name writes nothing and names the line with suggestions")
    func unknownNameWritesNothing() async throws {
        let id = try harness.database.addClient(name: "Careful", conditions: [], note: nil, actor: "test")
        _ = try harness.database.recordIntakeReview(client: id, note: nil, actor: "test")  // history taken: nothing to report
        let text = "wool alcohols: ++\nfragrance mix I: +\nwool alcoholz: +\nnickel sulfate: +"
        do {
            let report = try AllergyReportImport(text: text, source: "report.txt", taxonomy: taxonomy)
            _ = try await report.record(client: id, source: .dermatologist, note: nil, database: harness.database, actor: "test")
            Issue.record("an unknown name was accepted")
        } catch let error as AllergyReportErrors {
            #expect(error.errors.map(\.line) == [3])
            #expect(error.message.contains("report.txt:3"))
            #expect(error.message.contains("'Wool alcohols'"))
        }
        let profile = try #require(try harness.database.clientProfile(id))
        #expect(profile.allergies.isEmpty && profile.testedNegative.isEmpty)
    }

    @Test("an allergy naming what the reference data no longer has makes every product unknown, never safe")
    func unknownTargetIsNotSafe() throws {
        let id = try harness.database.addClient(name: "Retired", conditions: [], note: nil, actor: "test")
        _ = try harness.database.recordIntakeReview(client: id, note: nil, actor: "test")  // history taken: nothing to report
        _ = try harness.database.addAllergy(
            client: id, target: .testAllergen(TestAllergenID(rawValue: "retired-allergen")), enteredName: "retired allergen",
            source: .dermatologist, note: nil, actor: "test", reading: .weakPositive
        )
        let verdicts = try verdicts(id)
        for (sku, verdict) in verdicts {
            #expect(verdict.status == .unknown, "\(sku)")
            #expect(verdict.reasons.contains { $0.contains("'retired-allergen', which the reference data does not have") }, "\(sku)")
        }
    }

    @Test("report lines: CSV with a header, tabs, numbering, concentrations, NT")
    func reportFormats() throws {
        let text = "allergen,reading\n\"fragrance mix I\",++\nnickel sulfate\t+\n12. Methylisothiazolinone 0.2% aq: ?+\ncobalt chloride: NT\n# a comment\n\nwool alcohols = negative\n2-Bromo-2-nitropropane-1,3-diol: -\nbronopol,+"
        let report = try AllergyReportImport(text: text, source: "r.csv", taxonomy: taxonomy)
        #expect(report.lines.map(\.resolves_to) == [
            "Fragrance mix I", "Nickel sulfate", "Methylisothiazolinone", "Cobalt chloride", "Wool alcohols",
            "2-Bromo-2-nitropropane-1,3-diol", "2-Bromo-2-nitropropane-1,3-diol",
        ])
        #expect(report.lines.map(\.reading) == ["++", "+", "?+", "NT", "-", "-", "+"])
        #expect(report.lines.map(\.recorded_as) == ["allergy", "allergy", "allergy", "nothing", "tested-negative", "tested-negative", "allergy"])
        #expect(report.lines[4].label_names.prefix(3) == ["Lanolin", "Lanolin Alcohol", "Lanolin Oil"])
    }

    @Test("a report pasted in a browser (CRLF line breaks) or saved on Windows reads line by line, its line numbers kept")
    func crlfLineBreaks() throws {
        let report = try AllergyReportImport(text: "nickel sulfate: +\r\nmethylisothiazolinone: ++\r\n\r\nformaldehyde: negative\r\n", source: "pasted report", taxonomy: taxonomy)
        #expect(report.lines.map(\.resolves_to) == ["Nickel sulfate", "Methylisothiazolinone", "Formaldehyde"])
        #expect(report.lines.map(\.recorded_as) == ["allergy", "allergy", "tested-negative"])
        do {
            _ = try AllergyReportImport(text: "wool alcohols: +\r\nwool alcohols: +\r\nunicorn dust: ++", source: "pasted report", taxonomy: taxonomy)
            Issue.record("an unknown name was accepted")
        } catch {
            #expect(error.errors.map(\.line) == [3], "the third line, counted across CRLF breaks")
        }
    }
    @Test("a line with two readings is refused whole, never read as its last reading", arguments: [
        "wool alcohols,+,-", "fragrance mix II ++ -", "wool alcohols\t+\t-", "wool alcohols: +, -", "\"wool alcohols: ++\",-",
        "wool alcohols + : negative", "wool alcohols: positive, negative", "wool alcohols 30% pet ++ = -",
        // A note beside the name that reads as a reading, then a negative.
        "Linalool (pos., D4): neg", "Lanolin alcohol (strong reaction D4): -", "Lanolin (positive D4): neg", "Linalool [positive, D7]: 0",
        // Pluses of other scripts, and other mathematical symbols, in an earlier column.
        "wool alcohols\t\u{FF0B}\u{FF0B}\t-", "Colophonium\t\u{FF0B}\u{FF0B}\t-", "Fragrance mix II \u{207A}\u{207A} -",
        "Colophonium \u{2795} negative", "Colophonium \u{FE62} -", "Colophonium \u{2212}\u{2212} +",
        // Notes in other languages, symbols a key would drop, signs run together.
        "Linalool (positiv): neg", "Linalool (J4: positif): neg", "Linalool (allergic): neg", "Linalool (erythema): -",
        "Linalool ??: neg", "wool alcohols **, -", "Linalool \u{2713}\u{2713} -", "Linalool \u{25CF}\u{25CF} -", "Linalool: + ++",
        // A '#' line with a reading that is not numbered, and a heading word where a reading goes.
        "#(12) Fragrance mix II: ++", "Allergen: Fragrance mix II ++",
        // A '#' line holding a positive is never skipped as a comment.
        "# D7 late reading: Wool alcohols ++", "#3 Fragrance mix I 8% pet: ++ (D4)", "#12 Fragrance mix II: +++, relevant",
        "# D7: Nickel sulfate ++", "#7\tNickel sulfate\t++\tD4",
    ])
    func twoReadingsRefused(line: String) throws {
        let message = expectRefused("nickel sulfate: -\n" + line, at: 2)
        #expect(message?.contains("r.txt:2:") == true, "\(line): \(message ?? "")")
    }

    /// Reads `text` as a report, expecting it refused for exactly the line `line`; returns the error's message.
    @discardableResult
    func expectRefused(_ text: String, at line: Int, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        do {
            let report = try AllergyReportImport(text: text, source: "r.txt", taxonomy: taxonomy)
            Issue.record("'\(text)' was read as \(report.lines.map { "\($0.resolves_to): \($0.reading)" })", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.errors.map(\.line) == [line], "\(text)", sourceLocation: sourceLocation)
            return error.message
        }
    }

    @Test("a test concentration is cut at a comma, bracket or slash, and the allergen keeps its whole name", arguments: [
        ("Fragrance mix II,14% pet,++", "Fragrance mix II"), ("Fragrance mix II(14% pet): ++", "Fragrance mix II"),
        ("Fragrance mix II/14%: ++", "Fragrance mix II"), ("Wool alcohols,30% pet,+", "Wool alcohols"),
        ("Fragrance mix II 14 % pet.: ++", "Fragrance mix II"), ("Methylisothiazolinone (0,2 % aq): +", "Methylisothiazolinone"),
        ("\"Fragrance mix II, 14% pet\",++", "Fragrance mix II"),
        // A name ending in a number before a concentration column keeps its number.
        ("Fragrance mix 2,14% pet,++", "Fragrance mix II"), ("\"Fragrance mix 2\",14% pet,++", "Fragrance mix II"),
        ("Fragrance mix 2, 14% pet, ++", "Fragrance mix II"), ("Benzophenone-3,10% pet,+", "Benzophenone-3"),
        ("Methylisothiazolinone 0,2% aq: +", "Methylisothiazolinone"),
        // "#12" numbers a line; it is no comment.
        ("#12 Fragrance mix II 14% pet: ++", "Fragrance mix II"), ("# 1 Colophonium 20% pet ++", "Colophonium"),
        ("#\u{00A0}12 Fragrance mix II: ++", "Fragrance mix II"), ("(12) Nickel sulfate 5% pet: +", "Nickel sulfate"),
        ("# 2026-11-03 EBS, read at D4\nNickel sulfate: +", "Nickel sulfate"),
        // Decimal commas where no other allergen is meant, ppm, CSV variants.
        ("Textile dye mix 6,6% pet: +", "Textile dye mix"), ("Textile dye mix 6.6% pet: +", "Textile dye mix"),
        ("MCI/MI 200 ppm aq: +", "Methylchloroisothiazolinone/methylisothiazolinone"),
        ("1,Potassium dichromate,0.5% pet,-", "Potassium dichromate"), ("Nickel sulfate;+", "Nickel sulfate"),
        ("Nickel sulfate,+,", "Nickel sulfate"), ("Allergen,Concentration,Reading\nFragrance mix II,14% pet,++", "Fragrance mix II"),
        ("Fragrance mix 2 \u{2013} 14% pet: ++", "Fragrance mix II"), ("Compositae mix II 2.5% pet: +", "Compositae (Asteraceae) mix"),
        // A bracketed part naming the same allergen.
        ("Lanolin alcohol (wool alcohols) 30% pet: +", "Wool alcohols"), ("Balsam of Peru (Myroxylon pereirae): +", "Myroxylon pereirae resin"),
        ("Methylchloroisothiazolinone/Methylisothiazolinone (MCI/MI) 0.02% aq: +", "Methylchloroisothiazolinone/methylisothiazolinone"),
        // A test allergen written without its spaces, or by another of its names, is the test allergen, never the
        // narrower ingredient of the same spelling.
        ("Decylglucoside 5% pet: +", "Decyl glucoside"), ("Imidazolidinylurea 2% pet: +", "Imidazolidinyl urea"),
        ("Cetostearyl alcohol 20% pet: +", "Cetyl stearyl alcohol"), ("Vitamin E 100%: +", "Tocopherol"),
        ("Lanolin 30% pet: +", "Wool alcohols"), ("Adeps lanae: +", "Wool alcohols"),
        ("Nickel(II)sulphate hexahydrate 5% pet: +", "Nickel sulfate"),
        ("4-tert-Butylphenolformaldehyde resin 1% pet: +", "4-tert-Butylphenol formaldehyde resin"),
        ("N-Isopropyl-N-phenyl-4-phenylenediamine (IPPD) 0.1% pet: +", "N-Isopropyl-N'-phenyl-p-phenylenediamine"),
        // A decimal comma inside a tab or semicolon cell; vehicles as reports write them; headings.
        ("Epoxy resin\t1,0% pet\t++", "Epoxy resin, bisphenol A"), ("Epoxy resin;1,0% pet;++", "Epoxy resin, bisphenol A"),
        ("Fragrance mix\t2,0% pet\t++", "Fragrance mix I"), ("Epoxy resin, 1.0% pet: ++", "Epoxy resin, bisphenol A"),
        ("Formaldehyde 2.0% aq (w/v): +", "Formaldehyde"), ("Nickel sulfate 5% in pet: +", "Nickel sulfate"),
        ("Nickel sulfate 5% Vas.: +", "Nickel sulfate"), ("Nickel sulfate 2 %w/w pet: +", "Nickel sulfate"),
        ("No.,Allergen,Concentration,Reading\n1,Nickel sulfate,5% pet,+", "Nickel sulfate"),
        ("Allergen name;Reading\nNickel sulfate;+", "Nickel sulfate"), ("Allergen;Concentration;Reading D4\nNickel sulfate;5% pet;+", "Nickel sulfate"),
        // The substance a test allergen is named for, by its INCI name, is that test allergen (its cautions kept).
        ("Cetearyl alcohol 20% pet: +", "Cetyl stearyl alcohol"), ("Cetearyl alcohol (cetostearyl alcohol): +", "Cetyl stearyl alcohol"),
        ("Tocopherol (Vitamin E): +", "Tocopherol"),
        // A vehicle or a numbering in a column of its own; a tab after a colon.
        ("Benzophenone-3\t10%\tpet\t+", "Benzophenone-3"), ("Nickel sulfate:\t++", "Nickel sulfate"),
        ("1.\tNickel sulfate\t5% pet\t+", "Nickel sulfate"),
        // ACDS core series allergens a real printout named.
        ("Disperse blue 106 1% pet: +", "Disperse blue 106"), ("Oakmoss absolute 1% pet: +", "Oakmoss absolute"),
        ("Abitol 10% pet: +", "Abitol"), ("Pramoxine 2% pet: +", "Pramoxine hydrochloride"), ("Dibucaine 2.5% pet: +", "Dibucaine"),
        ("Quinoline mix 6% pet: +", "Quinoline mix"), ("Glyceryl monothioglycolate 1% pet: +", "Glyceryl thioglycolate"),
        // Spellings of real printouts.
        ("Limonene (oxidised): +", "Limonene hydroperoxides"), ("Linalool, oxidised: +", "Linalool hydroperoxides"),
        ("Wool alcohol: +", "Wool alcohols"), ("Balsam Peru: +", "Myroxylon pereirae resin"), ("FM 2: +", "Fragrance mix II"),
        ("Fragrancemix I: +", "Fragrance mix I"), ("Duftstoffmix II: +", "Fragrance mix II"), ("Amerchol L101: +", "Wool alcohols"),
        // Headings of days and hours when the name column is headed; a concentration without its unit before its vehicle.
        ("Allergen;D4\nNickel sulfate;+", "Nickel sulfate"), ("Allergen,Reading (D4)\nNickel sulfate,+", "Nickel sulfate"),
        ("Allergen\tResult D3/D4\nNickel sulfate\t+", "Nickel sulfate"), ("Allergen;Conc.;Vehicle;D4\n1;Nickel sulfate;5;pet;++", "Nickel sulfate"),
        ("1;Olive oil;++", "Olive oil"), ("Textile dye mix;6,6;pet;++", "Textile dye mix"),
        // A comment that names no allergen and mentions no positive.
        ("# European baseline series (Chemotechnique\u{00AE}), read D2/D4 \u{2192} D7\n# Relevant: none\nNickel sulfate: +", "Nickel sulfate"),
    ])
    func concentrationCut(line: String, name: String) throws {
        let report = try AllergyReportImport(text: line, source: "r.csv", taxonomy: taxonomy)
        #expect(report.lines.map(\.resolves_to) == [name], "\(line)")
    }

    @Test("a name that goes on after its concentration, or a percent sign without a number, is refused", arguments: [
        "Fragrance mix 14% II: ++", "Wool % alcohols: +", "Fragrance mix II 14% pet and more: ++",
        // "2,14 %": a decimal, or the end of "Fragrance mix 2"? Either reading names another allergen.
        "Fragrance mix 2,14% pet: ++",
        // Several allergens written as one name: the first alone would be recorded.
        "Cinnamal/Linalool: ++", "Hydroxycitronellal/Linalool/Limonene: ++", "Geraniol / Linalool: +",
        // The decimal-point and run-together forms of the same ambiguity; digits other than 0–9.
        "Fragrance mix 2.14% pet: ++", "Fragrance mix 214% pet: ++", "Benzophenone-3.10% pet: ++",
        "Fragrance mix \u{0662}: ++", "Fragrance mix \u{00B2}: ++", "Benzophenone-\u{0663}: +",
        // A bracket or slash part that names another substance, or nothing: the narrower reading is never taken.
        "Fragrance (fragrance mix II): ++", "Parfum (FM II): ++", "Cinnamal (Linalool): ++", "Arnica (Compositae mix): +",
        "Methylchloroisothiazolinone (MCI/MI): +", "Cinnamal (oxidised): +", "Eugenol/Camomille: ++", "Linalool/Lavande: +",
        // Deep brackets (a crash once: the resolver recursed per level) and names longer than any allergen's.
        String(repeating: "Nickel (", count: 1_500) + "Nickel" + String(repeating: ")", count: 1_500) + ": ++",
        "(((Nickel))): +", String(repeating: "Nickel ", count: 100) + ": +",
    ])
    func concentrationInsideRefused(line: String) throws {
        expectRefused(line, at: 1)
    }

    @Test("an allergy is retracted only with a reason that is visible once cleaned; the stored reason is clean")
    func retractReason() throws {
        let id = try harness.database.addClient(name: "Retract", conditions: [], note: nil, actor: "test")
        _ = try harness.database.recordIntakeReview(client: id, note: nil, actor: "test")  // history taken: nothing to report
        let allergy = try harness.database.addAllergy(
            client: id, target: .testAllergen(TestAllergenID(rawValue: "wool-alcohols")), enteredName: "wool alcohols",
            source: .dermatologist, note: nil, actor: "test", reading: .weakPositive
        )
        for invisible in [
            "", "  ", "\u{202E}", "\u{200B}\u{200B}", "\u{2028}\u{FEFF}\t", "\u{3164}", "\u{2800}", "\u{115F}\u{1160}", "\u{034F}",
            "\u{0301}", "\u{FFFC}", ".", "-- !",
        ] {
            #expect(throws: ClinicStoreError.self) { try harness.database.retractAllergy(allergy, reason: invisible, actor: "test") }
        }
        try harness.database.retractAllergy(allergy, reason: "wrong\u{202E} client\u{0}", actor: "test")
        let stored = try harness.database.read {
            try String.fetchOne($0, sql: "SELECT retractionReason FROM clientAllergy WHERE id = ?", arguments: [allergy])
        }
        #expect(stored == "wrong client")
    }
    @Test("no positive is dropped: a line that only looks like a heading, a '#' comment holding a positive, a number that may end the name", arguments: [
        ("Wool alcohols, result positive (++)\nNickel sulfate: -", 1), ("# EBS read D4\nWool alcohols; Reading ++\nNickel sulfate: -", 2),
        ("Fragrance mix I: Reading ++\nnickel sulfate: +", 1), ("# Fragrance mix I: positief\nnickel sulfate: -", 1),
        ("# Fragrance mix I: allergic reaction D4\nnickel sulfate: -", 1), ("# Fragrance mix I: \u{1F534}\nnickel sulfate: -", 1),
        ("# Fragrance mix I: weak-positive\nnickel sulfate: -", 1), ("#12 Fragrance mix I: weak-positive", 1),
        ("Fragrance mix\t2\t++", 1), ("Fragrance mix,2\t++", 1), ("FM I I: +", 1), ("Fragrance mix I I: +", 1),
        // A '#' comment naming an allergen with a value, or a positive in words the reading list lacks.
        ("#19 Fragrance mix I 8% pet: 2\nNickel sulfate: -", 1), ("# Positives: nickel sulfate, fragrance mix I\nNickel sulfate: -", 1),
        ("# Fragrance mix I: \u{5341}\nNickel sulfate: -", 1), ("# Fragrance mix I: pozitif\nNickel sulfate: -", 1),
        // A number set apart at the end; an empty part beside a slash; a second reading left as a trailing dash.
        ("Fragrance mix,2.: ++", 1), ("Fragrance mix, 2): ++", 1), ("Fragrance mix (2): ++", 1),
        ("Methylchloroisothiazolinone/: ++", 1), ("Nickel sulfate,-,++", 1), ("Nickel sulfate -\t++", 1),
        // Day columns of a data row are readings, never headings: a positive D2 with a D4 '0' is two readings.
        ("Allergen;D2;D4\nNickel sulfate;2+;0", 2), ("Nickel sulfate;1+;0\nwool alcohols: -", 1),
        ("Allergen\tD2\tD4\nCobalt chloride\t1+\t0", 2), ("Allergen;D3;D7\nNickel sulfate;2;0", 2), ("Fragrance mix II,2+,1+", 1),
        // A comment naming an allergen, whatever else it says.
        ("# Nickel sulfate*: 2\nwool alcohols: -", 1), ("# Nickel sulfate (D4): 2\nwool alcohols: -", 1),
        ("# Cinnamal/Linalool: 2\nwool alcohols: -", 1), ("# Nickel sulfate reactive at D4\nwool alcohols: -", 1),
        ("# reactive to nickel sulfate\nwool alcohols: -", 1), ("# nickel sulfate crescendo reading\nwool alcohols: -", 1),
        // A number without its unit before its vehicle that may end the name.
        ("Fragrance mix\t2\tpet\t++", 1), (String(repeating: "Nickel sulfate: -\n", count: 1_001), 1_001),
        // Lines longer than any report's (a quadratic scan once took 79 s).
        ("Nickel sulfate,1 " + String(repeating: "1", count: 16_000) + " ppm,++", 1),
    ])
    func nothingPositiveDropped(text: String, line: Int) throws {
        expectRefused(text, at: line)
    }

    @Test("an allergy to a test allergen avoids what its own names are on a label: Rosin for colophonium, Chlorhexidine")
    func ownNamesAvoided() throws {
        let report = try AllergyReportImport(text: "Rosin: ++\nChlorhexidine digluconate: +", source: "r.txt", taxonomy: taxonomy)
        #expect(report.lines[0].resolves_to == "Colophonium")
        #expect(report.lines[0].label_names.contains { $0.lowercased() == "rosin" }, "\(report.lines[0].label_names)")
        #expect(report.lines[1].label_names.contains { $0.lowercased() == "chlorhexidine" }, "\(report.lines[1].label_names)")
    }
}
