import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue
import StoreInterface

/// `oilcat patch-test …`.
struct PatchTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patch-test",
        abstract: "Apply patch tests, record readings, list them and what is due, correct them.",
        subcommands: [ApplyPatchTestCommand.self, ReadPatchTestCommand.self, ListPatchTestsCommand.self, CorrectPatchTestCommand.self]
    )
}

extension PatchTestJSON {
    var line: String {
        let readingText = readings.isEmpty ? "no readings" : readings.map { "\($0.notation) at \($0.hours) h" }.joined(separator: ", ")
        var text = "#\(id) \(product) v\(formulationVersion) \(productName), applied \(TimeArgument.show(appliedAt)) (\(hoursSinceApplication) h ago): \(outcome.uppercased()) — \(readingText)"
        if let correction { text += " [\(correction); no effect]" }
        return text
    }
}

/// `oilcat patch-test apply --client C --product S:SKU [--site S] [--concentration 2%] [--carrier …] [--occluded] [--at T]`.
struct ApplyPatchTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Apply a patch test of a product's current formulation; prints the test id.",
        discussion: "Example: oilcat patch-test apply --client 3 --product naturalis:NAT-CALM-100 --site 'inner forearm' --concentration 2% --occluded"
    )

    @Option(help: "The client id.") var client: Int64
    @Option(help: "The product as supplier:sku.") var product: String
    @Option(help: "Where on the body.") var site: String?
    @Option(help: "The concentration tested, such as 2%.") var concentration: String?
    @Option(help: "The carrier it was diluted in.") var carrier: String?
    @Flag(help: "The patch was occluded.") var occluded = false
    @Option(help: "When it was applied (default now).") var at: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (supplier, sku) = try ClinicLookup.product(product)
        let applied = try TimeArgument.parse(at)
        guard applied <= Date().addingTimeInterval(300) else {
            throw UsageFailure(code: "CLI-TIME-FUTURE", message: "--at is in the future; a test is recorded when it is applied")
        }
        let id = try await global.store().applyPatchTest(
            client: client, supplier: supplier, sku: sku, site: site, concentration: concentration, carrier: carrier,
            occluded: occluded, at: applied, actor: Actor.current, now: Date()
        )
        if output.json { return try Output.json(["id": id]) }
        Output.line("\(id)")
    }
}

/// `oilcat patch-test read <test-id> --result R [--at T] [--relevance current|past|unknown]`.
struct ReadPatchTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read", abstract: "Record a reading: negative, doubtful, +, ++, +++ or irritant.",
        discussion: "A negative reading before 48 h does not finalise the test. Example: oilcat patch-test read 12 --result ++ --relevance current"
    )

    @Argument(help: "The test id.") var test: Int64
    @Option(help: "negative, doubtful, +, ++, +++ or irritant.") var result: String
    @Option(help: "When it was read (default now).") var at: String?
    @Option(help: "current, past or unknown.") var relevance: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard let result = PatchTestResult(input: result), result != .reported else {
            throw UsageFailure(code: "CLI-RESULT", message: "--result must be " + PatchTestResult.expectedReading(refusing: result))
        }
        var relevanceValue: Relevance?
        if let relevance {
            guard let value = Relevance(rawValue: relevance) else {
                throw UsageFailure(code: "CLI-RELEVANCE", message: "--relevance must be current, past or unknown")
            }
            relevanceValue = value
        }
        let database = try await global.store()
        let readAt = try TimeArgument.parse(at)
        let reading = try await database.recordReading(test: test, result: result, at: readAt, relevance: relevanceValue, actor: Actor.current, now: Date())
        let listing = try await database.patchTestListing(test)
        let hours = listing.map { $0.test.hours(at: readAt) } ?? 0
        let outcome = listing.map { PatchTestJSON($0).outcome } ?? "pending"
        if output.json { return try Output.json(["reading": "\(reading)", "hours": "\(hours)", "outcome": outcome]) }
        var text = "Recorded \(result.notation) at \(hours) h on test \(test): outcome \(outcome.uppercased())"
        if result == .negative && hours < PatchTest.finalAfterHours { text += " (a negative before \(PatchTest.finalAfterHours) h is not final; read again)" }
        Output.line(text)
    }
}

/// `oilcat patch-test list --client C | --due [--json]`.
struct ListPatchTestsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "A client's patch tests, or the readings due now across clients (--due)."
    )

    @Option(help: "The client id.") var client: Int64?
    @Flag(help: "Tests applied 24 h or more ago that are not finally read: reception's day list.") var due = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (client != nil) != due else { throw ValidationError("give either --client C or --due") }
    }

    func run() async throws {
        let database = try await global.store()
        let listings: [PatchTestListing]
        if due {
            listings = try await database.dueReadings(now: Date(), minimumHours: 24)
        } else if let client {
            listings = try await database.patchTestListings(client: client)
        } else {
            throw UsageFailure(code: "CLI-USAGE", message: "give --client C or --due")
        }
        let tests = listings.map { PatchTestJSON($0) }
        if output.json { return try Output.json(tests) }
        guard !tests.isEmpty else { return Output.line(due ? "No readings due." : "No patch tests.") }
        for test in tests {
            Output.line((due ? "\(test.clientName) (client \(test.client)): " : "") + test.line)
        }
    }
}

/// `oilcat patch-test correct <test-id> [--reading R] --kind refuted|entered-in-error --reason T`.
struct CorrectPatchTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct", abstract: "Correct a test or one reading (refuted, entered in error): a new entry, never an edit."
    )

    @Argument(help: "The test id.") var test: Int64
    @Option(help: "Only this reading.") var reading: Int64?
    @Option(help: "refuted or entered-in-error.") var kind: String
    @Option(help: "Why.") var reason: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.store().correctPatchTest(test: test, reading: reading, kind: kind, reason: reason, actor: Actor.current, now: Date())
        Output.line("Recorded the correction of test \(test)\(reading.map { " reading \($0)" } ?? "")")
    }
}
