public import CatalogueCore
public import Foundation

/// Patch tests, their readings and corrections, and the client profile the suitability engine reads, shared by every
/// server on one database. A test pins the product's formulation in force when it was applied; nothing is edited or
/// deleted (a correction is an entry of its own), and every change writes its audit line in the same transaction.
public protocol PatchTestStore: Sendable {
    /// Applies a patch test of a product's current formulation (pinned) to a client; returns the test id.
    /// - Throws: ``ClinicStoreError`` `CLINIC-TIME-FUTURE`, `CLINIC-UNKNOWN-CLIENT`, `CLINIC-UNKNOWN-PRODUCT`,
    ///   `CLINIC-NO-FORMULATION`.
    func applyPatchTest(
        client: Int64, supplier: String, sku: String, site: String?, concentration: String?, carrier: String?, occluded: Bool,
        at appliedAt: Date, actor: String, now: Date
    ) async throws -> Int64

    /// Records a reaction the client reports to a product (no test): it blocks the product pending review. Returns
    /// the test id.
    /// - Throws: as ``applyPatchTest(client:supplier:sku:site:concentration:carrier:occluded:at:actor:now:)``.
    func recordReportedReaction(client: Int64, supplier: String, sku: String, at date: Date, note: String?, actor: String, now: Date) async throws -> Int64

    /// Records a reading; several per test. Returns the reading id.
    /// - Throws: ``ClinicStoreError`` `CLINIC-TIME-FUTURE`, `CLINIC-UNKNOWN-TEST`, `CLINIC-TEST-CORRECTED`,
    ///   `CLINIC-READING-BEFORE-APPLICATION`, `CLINIC-REPORTED-IS-NOT-A-READING`.
    func recordReading(test: Int64, result: PatchTestResult, at readAt: Date, relevance: Relevance?, actor: String, now: Date) async throws -> Int64

    /// A correction entry: the test (or one of its readings) refuted or entered in error.
    /// - Throws: ``ClinicStoreError`` `CLINIC-CORRECTION-KIND`, `CLINIC-CORRECTION-REASON`, `CLINIC-UNKNOWN-TEST`,
    ///   `CLINIC-UNKNOWN-READING`.
    func correctPatchTest(test: Int64, reading: Int64?, kind: String, reason: String, actor: String, now: Date) async throws

    /// The client, with conditions, allergies in force, patch tests in force (readings in force), medical-history
    /// entries in force and whether the intake was reviewed, for the engine; `nil` when there is no such client.
    func clientProfile(_ id: Int64) async throws -> ClientProfile?

    /// Every client's profile, by id: for checking a reformulation against all of them.
    func allClientProfiles() async throws -> [ClientProfile]

    /// Engine facts for one formulation version (current or not), or `nil`.
    func formulationFacts(_ formulation: Int64, taxonomy: Taxonomy) async throws -> ProductFacts?

    /// A client's patch tests (corrected ones included, marked), newest first.
    /// - Throws: ``ClinicStoreError`` `CLINIC-UNKNOWN-CLIENT`.
    func patchTestListings(client: Int64) async throws -> [PatchTestListing]

    /// One test, with its readings in force, or `nil`.
    func patchTestListing(_ test: Int64) async throws -> PatchTestListing?

    /// Tests in force whose outcome is still pending, applied at least `minimumHours` before `now`: the readings due,
    /// oldest first.
    func dueReadings(now: Date, minimumHours: Int) async throws -> [PatchTestListing]
}

/// A patch test as listed: the test, its readings in force, and whether the whole test was corrected.
public struct PatchTestListing: Sendable, Equatable {
    public var test: PatchTest
    public var clientID: Int64
    public var clientName: String
    /// Set when the whole test was refuted or entered in error (then it has no effect).
    public var correction: String?

    public init(test: PatchTest, clientID: Int64, clientName: String, correction: String?) {
        self.test = test
        self.clientID = clientID
        self.clientName = clientName
        self.correction = correction
    }

    /// Whether the test counts: not corrected, and its outcome still pending.
    public var isDue: Bool {
        guard correction == nil, case .pending = test.outcome else { return false }
        return true
    }
}

/// The rules of patch tests every backend applies.
public enum PatchTestRules {
    /// Refuses a time later than `now` (beyond ``PatchTest/clockSkewAllowance``): a test cannot be applied, read or
    /// reacted to in the future, and a future reading would finalise a test before the patch came off.
    /// - Throws: ``ClinicStoreError`` `CLINIC-TIME-FUTURE`.
    public static func refuseFuture(_ date: Date, now: Date, what: String) throws {
        guard date > now.addingTimeInterval(PatchTest.clockSkewAllowance) else { return }
        let stamp = ISO8601DateFormatter()
        throw ClinicStoreError(
            code: "CLINIC-TIME-FUTURE",
            message: "the \(what) time \(stamp.string(from: date)) is in the future (now \(stamp.string(from: now))); "
                + "record it when it happens, with a time no later than now"
        )
    }

    /// A test's site, concentration or carrier as stored: one clean line, `nil` when nothing is left.
    public static func detail(_ typed: String?) -> String? {
        typed.map { TextHygiene.singleLine($0).trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The site a reported reaction is stored with.
    public static func reportedSite(note: String?) -> String {
        detail(note).map { "reported: \($0)" } ?? "reported by the client"
    }

    /// Checks a correction's kind and cleans its reason.
    /// - Throws: ``ClinicStoreError`` `CLINIC-CORRECTION-KIND`, `CLINIC-CORRECTION-REASON`.
    public static func correction(kind: String, reason: String) throws -> String {
        guard ["refuted", "entered-in-error"].contains(kind) else {
            throw ClinicStoreError(code: "CLINIC-CORRECTION-KIND", message: "a correction is 'refuted' or 'entered-in-error'")
        }
        let reason = TextHygiene.multiLine(reason).trimmingWhitespace()
        guard !TextHygiene.isBlank(reason) else {
            throw ClinicStoreError(code: "CLINIC-CORRECTION-REASON", message: "say why the test or reading is corrected (--reason); nothing was recorded")
        }
        return reason
    }

    /// Checks a reading against its test (applied at `appliedAt`, corrected when `corrected`).
    /// - Throws: ``ClinicStoreError`` `CLINIC-TEST-CORRECTED`, `CLINIC-READING-BEFORE-APPLICATION`,
    ///   `CLINIC-REPORTED-IS-NOT-A-READING`.
    public static func checkReading(test: Int64, result: PatchTestResult, readAt: Date, appliedAt: Date, corrected: Bool) throws {
        if corrected {
            throw ClinicStoreError(code: "CLINIC-TEST-CORRECTED", message: "patch test \(test) was corrected (refuted or entered in error); apply a new test")
        }
        guard readAt >= appliedAt else {
            throw ClinicStoreError(
                code: "CLINIC-READING-BEFORE-APPLICATION", message: "the reading time is before the test was applied (\(appliedAt)); check --at"
            )
        }
        guard result != .reported else {
            throw ClinicStoreError(code: "CLINIC-REPORTED-IS-NOT-A-READING", message: "'reported' is for reactions the client reports: use 'oilcat client reaction add'")
        }
    }

    /// The refusal of a test id the database does not hold (`hint` adds where to look).
    public static func unknownTest(_ test: Int64, hint: Bool = true) -> ClinicStoreError {
        ClinicStoreError(
            code: "CLINIC-UNKNOWN-TEST", message: "no patch test \(test)" + (hint ? "; list them with 'oilcat patch-test list --client C'" : "")
        )
    }

    /// The refusal of a reading that is not the test's.
    public static func unknownReading(_ reading: Int64, test: Int64) -> ClinicStoreError {
        ClinicStoreError(code: "CLINIC-UNKNOWN-READING", message: "patch test \(test) has no reading \(reading)")
    }

    /// The refusal of a product without a formulation.
    public static func noFormulation(supplier: String, sku: String) -> ClinicStoreError {
        ClinicStoreError(code: "CLINIC-NO-FORMULATION", message: "product \(supplier):\(sku) has no formulation")
    }

    /// How a whole-test correction is shown: "refuted: <reason>".
    public static func correctionText(kind: String, reason: String) -> String { "\(kind): \(reason)" }

    /// A stored allergy line as the engine reads it; `nil` for a kind or source this version does not know. A reading
    /// this version cannot read is kept as an allergy (doubtful): an unknown value is never read as negative.
    public static func allergy(
        id: Int64, kind: String, target: String, enteredName: String, source: String, note: String?, recordedAt: Date, reading: String?
    ) -> ClientAllergy? {
        guard let target = AllergyTarget(kind: kind, id: target), let source = ClientAllergy.Source(rawValue: source) else { return nil }
        return ClientAllergy(
            id: id, target: target, enteredName: enteredName, source: source, note: note, recordedAt: recordedAt,
            reading: reading.map { PatchTestResult(input: $0) ?? .doubtful }
        )
    }
}
