import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue

/// `oilcat client …`.
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Clients: conditions, diagnosed and reported allergies, reactions.",
        subcommands: [
            AddClientCommand.self, ListClientsCommand.self, ShowClientCommand.self, UpdateClientCommand.self,
            AllergyCommand.self, ReactionCommand.self, HistoryCommand.self,
        ]
    )
}

/// `oilcat client add --name N [--condition C …] [--note T] [--json]`.
struct AddClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a client and print the new id.",
        discussion: "Example: oilcat client add --name \"Ada Byron\" --condition psoriasis --condition sensitive-skin"
    )

    @Option(help: "The client's name.") var name: String
    @Option(help: "A condition: psoriasis, eczema, scar-tissue, sensitive-skin (repeat for several).") var condition: [String] = []
    @Option(help: "A note for the therapist.") var note: String?
    @Flag(name: .customLong("same-name"), help: "Add another person with the name of an existing client (refused without it).")
    var sameName = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard !name.allSatisfy(\.isWhitespace) else { throw UsageFailure(code: "CLI-CLIENT-NAME", message: "--name is empty") }
        let conditions = try ClinicLookup.conditions(condition, in: try global.taxonomy())
        let id = try await global.store().addClient(name: name, conditions: conditions, note: note, actor: Actor.current, sameName: sameName, at: Date())
        if output.json { return try Output.json(["id": id]) }
        Output.line("\(id)")
    }
}

/// `oilcat client list [TEXT] [--json]`.
struct ListClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List clients, optionally by name.")

    @Argument(help: "Part of a name.") var text: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let clients = try await global.store().clients(matching: text, limit: nil)
        if output.json { return try Output.json(clients) }
        guard !clients.isEmpty else { return Output.line("No clients yet; add one with 'oilcat client add --name …'.") }
        var table = TextTable("ID", "NAME", "CONDITIONS", "NOTE")
        for client in clients { table.add("\(client.id)", client.name, client.conditions.joined(separator: ", "), client.note ?? "") }
        Output.line(table.render())
    }
}

/// `oilcat client update <id> [--name] [--note] [--add-condition C] [--remove-condition C]`.
struct UpdateClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Change a client's name, note or conditions.")

    @Argument(help: "The client id.") var id: Int64
    @Option(help: "A new name.") var name: String?
    @Option(help: "A new note.") var note: String?
    @Option(help: "Add a condition (repeatable).") var addCondition: [String] = []
    @Option(help: "Remove a condition (repeatable).") var removeCondition: [String] = []
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let taxonomy = try global.taxonomy()
        try await global.store().updateClient(
            id: id, name: name, note: note, addConditions: try ClinicLookup.conditions(addCondition, in: taxonomy),
            removeConditions: try ClinicLookup.conditions(removeCondition, in: taxonomy), actor: Actor.current, at: Date()
        )
        Output.line("Updated client \(id)")
    }
}

/// `oilcat client show <id> [--json]`: conditions, allergies, patch tests, and the products blocked for them.
struct ShowClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a client: conditions, allergies, patch tests, and blocked products with reasons."
    )

    @Argument(help: "The client id.") var id: Int64
    @Option(help: "List at most this many blocked products with reasons (0 for all; the count is always exact).") var blockedLimit = 200
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (taxonomy, fingerprint, database) = try await global.clinicalCatalogue()
        let client = try await ClinicLookup.client(id, in: database)
        let report = try await ClientReport(
            client: client, taxonomy: taxonomy, fingerprint: fingerprint, database: database, blockedLimit: blockedLimit > 0 ? blockedLimit : nil
        )
        let blocked = report.blocked
        if output.json { return try Output.json(report) }
        var lines = ["\(report.name) (client \(report.id))"]
        if !report.treatment_notes.isEmpty {
            lines.append("  Treatment notes:")
            for note in report.treatment_notes { lines.append("    \(note.item_name): \(note.text) [\(note.source)]") }
        }
        let history = report.medical_history.filter(\.in_force)
        lines.append("  Medical history:" + (history.isEmpty ? " none recorded" : ""))
        for entry in history { lines.append("    " + entry.line) }
        lines.append("  Conditions: " + (report.conditions.isEmpty ? "none recorded" : client.conditions.compactMap { taxonomy.condition($0)?.name }.joined(separator: ", ")))
        lines.append("  Allergies:" + (report.allergies.isEmpty ? " none recorded" : ""))
        for allergy in report.allergies {
            let reading = allergy.reading.map { ", \($0)" } ?? ""
            lines.append("    #\(allergy.id) \(allergy.name) → \(allergy.resolvesTo) (\(allergy.source)\(reading), \(TimeArgument.show(allergy.recordedAt)))")
            if !allergy.avoid.isEmpty {
                lines.append("      avoid " + allergy.avoid.prefix(8).joined(separator: ", ") + (allergy.avoid.count > 8 ? ", …" : ""))
            }
            if let count = allergy.concernsProducts {
                lines.append(
                    count == 0 ? "      concerns no product of the catalogue"
                        : "      concerns \(count) product(s) of the catalogue: " + (allergy.concernsExamples ?? []).joined(separator: ", ")
                            + (count > (allergy.concernsExamples?.count ?? 0) ? ", …" : "")
                )
            }
        }
        if !report.testedNegative.isEmpty {
            lines.append("  Tested negative: " + report.testedNegative.map(\.name).joined(separator: ", "))
        }
        lines.append("  Patch tests:" + (report.patchTests.isEmpty ? " none" : ""))
        for test in report.patchTests { lines.append("    " + test.line) }
        lines.append("  Blocked products: \(report.blockedCount)")
        for product in blocked.prefix(25) {
            lines.append("    \(product.product) \(product.name)")
            for reason in product.reasons { lines.append("      \(reason)") }
        }
        if report.blockedCount > 25 { lines.append("    … and \(report.blockedCount - 25) more (--json --blocked-limit 0 for all)") }
        Output.line(lines.joined(separator: "\n"))
    }
}

/// `oilcat client allergy add|retract`.
struct AllergyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allergy", abstract: "Record or retract a diagnosed or client-reported allergy.",
        subcommands: [AddAllergyCommand.self, RetractAllergyCommand.self]
    )
}

/// `oilcat client allergy add --client C (--allergen NAME [--reading R] | --report FILE) --source S [--note T]`.
struct AddAllergyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Record an allergy, or a whole patch-test report; names must resolve through the taxonomy.",
        discussion: """
            The allergen may be a patch-test allergen as a report names it (wool alcohols, fragrance mix I, MCI/MI, \
            nickel sulfate), an ingredient (lavender), an EU fragrance allergen (linalool, Lavandula Oil/Extract), a \
            cross-reactivity group (Compositae mix) or a food-allergen class (tree nuts).

            --report FILE records a dermatologist's report: one allergen a line with its reading \
            ("fragrance mix I: ++", "nickel sulfate: +", "wool alcohols: negative"; CSV and tab-separated lines too). \
            A negative reading is recorded as tested-negative evidence, not an allergy. If any line is unreadable or \
            names nothing known, nothing of the report is recorded. Format: Docs/Suitability.md.

            Examples:
              oilcat client allergy add --client 3 --allergen linalool --source dermatologist
              oilcat client allergy add --client 3 --report patch-test-2026-11.txt --source dermatologist
            """
    )

    @Option(help: "The client id.") var client: Int64
    @Option(help: "What the client is allergic to.") var allergen: String?
    @Option(help: "The patch-test reading for --allergen: +, ++, +++, ?+, IR or negative.") var reading: String?
    @Option(help: "A patch-test report file: one 'allergen: reading' a line.") var report: String?
    @Option(help: "dermatologist or client-reported.") var source: String
    @Option(help: "A note (the test report, the reaction).") var note: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard let source = ClientAllergy.Source(rawValue: source) else {
            throw UsageFailure(code: "CLI-ALLERGY-SOURCE", message: "--source must be dermatologist or client-reported")
        }
        switch (allergen, report) {
        case (_?, _?), (nil, nil):
            throw UsageFailure(code: "CLI-ALLERGY-INPUT", message: "give either --allergen NAME or --report FILE")
        case (let allergen?, nil):
            try await addOne(allergen, source: source)
        case (nil, let file?):
            try await addReport(file, source: source)
        }
    }

    private func addOne(_ allergen: String, source: ClientAllergy.Source) async throws {
        let taxonomy = try global.taxonomy()
        var parsedReading: PatchTestResult?
        if let reading {
            guard case .some(let value?) = AllergyReport.reading(named: reading) else {
                throw UsageFailure(code: "CLI-ALLERGY-READING", message: "--reading must be +, ++, +++, ?+, IR or negative")
            }
            parsedReading = value
        }
        // The same reading of the name as a report line: numbering and concentration left out, a reading or note
        // inside the name refused, and one allergen only.
        let target: AllergyTarget
        switch AllergenName.read(allergen).flatMap({ AllergyReportImport.target(for: $0, taxonomy: taxonomy) }) {
        case .success(let value): target = value
        case .failure(let problem): throw UsageFailure(code: "CLI-UNKNOWN-ALLERGEN", message: problem.text)
        }
        let id = try await global.store().addAllergy(
            client: client, target: target, enteredName: allergen, source: source, note: note, actor: Actor.current, reading: parsedReading, at: Date()
        )
        if output.json { return try Output.json(["id": "\(id)", "resolvesTo": taxonomy.name(of: target), "kind": target.kind]) }
        let what = parsedReading == .negative ? "tested-negative evidence" : "allergy"
        Output.line("Recorded \(what) \(id): \(allergen) → \(taxonomy.name(of: target)) (\(target.kind))")
    }

    /// A report file's text: UTF-8, or UTF-16 with its byte-order mark (a spreadsheet's "Unicode text").
    static func reportText(_ file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw UsageFailure(code: "CLI-REPORT-FILE", message: "cannot read '\(file)'; check the path")
        }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]), let text = String(data: data, encoding: .utf16) {
            return text
        }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw UsageFailure(
                code: "CLI-REPORT-FILE",
                message: "'\(file)' is not UTF-8 text; save it as UTF-8 (\"CSV UTF-8\" in a spreadsheet) and run the command again"
            )
        }
        return text
    }

    private func addReport(_ file: String, source: ClientAllergy.Source) async throws {
        let taxonomy = try global.taxonomy()
        let text = try Self.reportText(file)
        let report = try AllergyReportImport(text: text, source: file, taxonomy: taxonomy)
        let ids = try await report.record(client: client, source: source, note: note, database: global.store(), actor: Actor.current)
        if output.json { return try Output.json(report) }
        var lines = ["Recorded \(ids.count) line(s) of \(file) for client \(client):"]
        for line in report.lines {
            let names = line.label_names.isEmpty ? "concerns no label name" : "avoid " + line.label_names.prefix(6).joined(separator: ", ")
                + (line.label_names.count > 6 ? ", …" : "")
            let detail = line.recorded_as == "allergy" ? names : line.recorded_as
            lines.append("  \(line.line): \(line.name) \(line.reading) → \(line.resolves_to) (\(line.kind)): \(detail)")
        }
        Output.line(lines.joined(separator: "\n"))
    }
}

/// `oilcat client allergy retract <id> --reason T`.
struct RetractAllergyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retract", abstract: "Retract an allergy entered in error (kept for the audit).")

    @Argument(help: "The allergy id.") var id: Int64
    @Option(help: "Why.") var reason: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.store().retractAllergy(id, reason: reason, actor: Actor.current, at: Date())
        Output.line("Retracted allergy \(id)")
    }
}

/// `oilcat client reaction add --client C --product S:SKU [--at T] [--note T]`.
struct ReactionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reaction", abstract: "Record a reaction the client reports to a product (blocks it pending review).",
        subcommands: [AddReactionCommand.self]
    )
}

struct AddReactionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Record a client-reported reaction to a product.")

    @Option(help: "The client id.") var client: Int64
    @Option(help: "The product as supplier:sku.") var product: String
    @Option(help: "When it happened (default now).") var at: String?
    @Option(help: "What happened.") var note: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (supplier, sku) = try ClinicLookup.product(product)
        let id = try await global.store().recordReportedReaction(
            client: client, supplier: supplier, sku: sku, at: try TimeArgument.parse(at), note: note, actor: Actor.current, now: Date()
        )
        if output.json { return try Output.json(["id": id]) }
        Output.line("\(id)")
    }
}
