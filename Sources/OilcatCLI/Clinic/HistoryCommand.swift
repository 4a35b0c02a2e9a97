import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue
import StoreInterface

/// `oilcat client history add|resolve|withdraw|list|items|review`: the client's medical history at intake.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "A client's medical history: items that change the oils (product rules) and the treatment (notes).",
        discussion: """
            Entries are never edited or deleted: a correction is a new entry (add --corrects N), resolving an item is a \
            new entry (resolve), and an entry recorded in error is withdrawn by a new entry (withdraw). Every change is \
            audited. 'oilcat client history items' lists what can be recorded.
            """,
        subcommands: [
            AddHistoryCommand.self, ResolveHistoryCommand.self, WithdrawHistoryCommand.self, ListHistoryCommand.self,
            HistoryItemsCommand.self, ReviewIntakeCommand.self,
        ]
    )

    /// The history item a person named, or a usage error listing the known ones.
    static func item(_ name: String, in taxonomy: Taxonomy) throws -> MedicalHistoryItem {
        guard let item = taxonomy.historyItem(named: name) else {
            let known = taxonomy.historyItems.map(\.id.rawValue).joined(separator: ", ")
            throw UsageFailure(
                code: "CLI-UNKNOWN-HISTORY-ITEM",
                message: "unknown history item '\(name)'; known items: \(known) (see 'oilcat client history items')"
            )
        }
        return item
    }

    static func source(_ text: String) throws -> MedicalHistoryEntry.Source {
        guard let source = MedicalHistoryEntry.Source(rawValue: text) else {
            let known = MedicalHistoryEntry.Source.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageFailure(code: "CLI-HISTORY-SOURCE", message: "--source must be one of: \(known)")
        }
        return source
    }
}

/// `oilcat client history add --client C --item I [--since DATE] [--source S] [--note T] [--corrects N]`.
struct AddHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Record a history item (or a correction of an entry) and print the new entry's id.",
        discussion: """
            Examples:
              oilcat client history add --client 3 --item pregnancy --since 2026-05-01 --source client-reported
              oilcat client history add --client 3 --item anticoagulants --source gp-letter --note "warfarin 5 mg"
              oilcat client history add --client 3 --item diabetes --corrects 7     (entry 7 named the wrong item)
            """
    )

    @Option(help: "The client id.") var client: Int64
    @Option(help: "The history item: an id, name or synonym (see 'oilcat client history items').") var item: String
    @Option(help: "Since when, as a date (2026-05-01).") var since: String?
    @Option(help: "Who says so: client-reported, gp-letter, specialist-letter, prescription, therapist-observed.")
    var source = "client-reported"
    @Option(help: "A note for the therapist.") var note: String?
    @Option(help: "The entry this one corrects (it stays, marked superseded).") var corrects: Int64?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let taxonomy = try global.taxonomy()
        let item = try HistoryCommand.item(self.item, in: taxonomy)
        let source = try HistoryCommand.source(source)
        let id = try await global.store().addHistoryEntry(
            client: client, item: item.id, since: since, source: source, note: note, corrects: corrects, actor: Actor.current, at: Date()
        )
        if output.json { return try Output.json(["id": "\(id)", "item": item.id.rawValue]) }
        Output.line("Recorded history entry \(id): \(item.name)" + (corrects.map { " (replaces entry \($0))" } ?? ""))
    }
}

/// `oilcat client history resolve (--entry N | --client C --item I) [--on DATE] [--note T]`.
struct ResolveHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Record that a history item no longer applies (a new entry; the old one stays).",
        discussion: """
            Examples:
              oilcat client history resolve --entry 4 --on 2026-11-20
              oilcat client history resolve --client 3 --item pregnancy
            """
    )

    @Option(help: "The entry to resolve.") var entry: Int64?
    @Option(help: "The client, with --item, instead of --entry.") var client: Int64?
    @Option(help: "The item whose current entry to resolve, with --client.") var item: String?
    @Option(help: "The day it ended (default today).") var on: String?
    @Option(help: "A note.") var note: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let database = try await global.store()
        let target: Int64
        switch (entry, client, item) {
        case (let entry?, nil, nil):
            target = entry
        case (nil, let client?, let name?):
            let item = try HistoryCommand.item(name, in: try global.taxonomy())
            let current = try await database.historyListings(client: client).filter {
                $0.inForce && $0.entry.status == .current && $0.entry.item == item.id
            }
            guard let found = current.last else {
                throw UsageFailure(code: "CLI-HISTORY-NOT-CURRENT", message: "client \(client) has no current entry for \(item.name)")
            }
            target = found.entry.id
        default:
            throw UsageFailure(code: "CLI-HISTORY-TARGET", message: "give --entry N, or --client C with --item I")
        }
        let id = try await database.resolveHistoryEntry(target, on: on, note: note, actor: Actor.current, at: Date())
        if output.json { return try Output.json(["id": id, "resolves": target]) }
        Output.line("Recorded history entry \(id): entry \(target) resolved")
    }
}

/// `oilcat client history withdraw --entry N --reason T`.
struct WithdrawHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Withdraw an entry recorded in error (a new entry; the old one stays for the audit).",
        discussion: "Example: oilcat client history withdraw --entry 4 --reason \"recorded on the wrong client\""
    )

    @Option(help: "The entry recorded in error.") var entry: Int64
    @Option(help: "Why.") var reason: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let id = try await global.store().withdrawHistoryEntry(entry, reason: reason, actor: Actor.current, at: Date())
        Output.line("Recorded history entry \(id): entry \(entry) withdrawn")
    }
}

/// `oilcat client history list --client C [--all] [--json]`.
struct ListHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a client's history entries in force and their treatment notes (--all: every entry).",
        discussion: "Example: oilcat client history list --client 3 --all"
    )

    @Option(help: "The client id.") var client: Int64
    @Flag(help: "Also list superseded entries (corrected, resolved or withdrawn).") var all = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let taxonomy = try global.taxonomy()
        let database = try await global.store()
        let profile = try await ClinicLookup.client(client, in: database)
        let entries = try await database.historyListings(client: client).filter { all || $0.inForce }
            .map { MedicalHistoryJSON($0, taxonomy: taxonomy) }
        let notes = TreatmentNoteJSON.notes(for: profile, taxonomy: taxonomy)
        if output.json {
            struct Listing: Encodable {
                var client: Int64
                var entries: [MedicalHistoryJSON]
                var treatment_notes: [TreatmentNoteJSON]
            }
            return try Output.json(Listing(client: client, entries: entries, treatment_notes: notes))
        }
        var lines = ["Medical history of \(profile.name) (client \(client)):"]
        if entries.isEmpty { lines.append("  none recorded") }
        for entry in entries { lines.append("  " + entry.line) }
        if !notes.isEmpty {
            lines.append("Treatment notes:")
            for note in notes { lines.append("  \(note.item_name): \(note.text) [\(note.source)]") }
        }
        Output.line(lines.joined(separator: "\n"))
    }
}

/// `oilcat client history items [--json]`: the reference items.
struct HistoryItemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items", abstract: "List the history items that can be recorded, with their rules and notes."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let items = try global.taxonomy().historyItems
        if output.json { return try Output.json(items) }
        var lines: [String] = []
        for item in items {
            lines.append("\(item.id) — \(item.name)" + (item.synonyms.isEmpty ? "" : " (also: \(item.synonyms.joined(separator: ", ")))"))
            for rule in item.productRules {
                lines.append("    \(rule.effect.rawValue)\(rule.maxPercent.map { " \($0) %" } ?? ""): \(rule.text) [\(rule.source)]")
            }
            for note in item.treatmentNotes { lines.append("    note: \(note.text) [\(note.source)]") }
        }
        Output.line(lines.joined(separator: "\n"))
    }
}

/// `oilcat client history review --client C [--note T]`: the therapist reviewed the intake.
struct ReviewIntakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Record that the client's medical history was reviewed with them today."
    )

    @Option(help: "The client id.") var client: Int64
    @Option(help: "A note.") var note: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let id = try await global.store().recordIntakeReview(client: client, note: note, actor: Actor.current, at: Date())
        Output.line("Recorded intake review \(id) for client \(client)")
    }
}
