/// The message a page shows after a form succeeded. A redirect carries only its code (and at most a number), never
/// text: a crafted link can choose among these messages, not write its own.
enum Notice: String, CaseIterable, Sendable {
    case clientAdded = "client-added"
    case clientUpdated = "client-updated"
    case testRecorded = "test-recorded"
    case readingRecorded = "reading-recorded"
    case testCorrected = "test-corrected"
    case reactionRecorded = "reaction-recorded"
    case reportRecorded = "report-recorded"
    case allergyRetracted = "allergy-retracted"
    case importStarted = "import-done"
    case importNotStarted = "import-not-started"
    case userAdded = "user-added"
    case userDisabled = "user-disabled"
    case userEnabled = "user-enabled"
    case tokenRevoked = "token-revoked"
    case stockSaved = "stock-saved"
    case passwordChanged = "password-changed"
    case passwordReset = "password-reset"
    case signInsCleared = "sign-ins-cleared"
    case historyRecorded = "history-recorded"
    case historyResolved = "history-resolved"
    case historyWithdrawn = "history-withdrawn"
    case intakeReviewed = "intake-reviewed"

    /// The text shown; `number` is the test or run the notice is about.
    func message(number: Int64?) -> String {
        let n = number.map(String.init) ?? ""
        switch self {
        case .clientAdded: return "Client added."
        case .clientUpdated: return "Client saved."
        case .testRecorded: return number == nil ? "Patch test recorded. Read it at 48 h and again at 72–96 h." : "Patch test \(n) recorded. Read it at 48 h and again at 72–96 h."
        case .readingRecorded: return number == nil ? "Reading recorded." : "Reading recorded on test \(n)."
        case .testCorrected: return number == nil ? "Correction recorded." : "Correction of test \(n) recorded; the test or reading no longer counts."
        case .reactionRecorded: return "Reaction recorded: the product is blocked for this client until a therapist reviews it."
        case .reportRecorded: return number == nil ? "Patch-test report recorded." : "Patch-test report recorded: \(n) line(s)."
        case .allergyRetracted:
            return (number == nil ? "Allergy retracted" : "Allergy \(n) retracted")
                + ": it no longer counts; the entry and the reason stay in the audit log."
        case .importStarted: return "The import ran: its report is below."
        case .importNotStarted: return "The import did not start."
        case .userAdded: return "User added."
        case .userDisabled: return "User disabled: their sessions and tokens stopped working now."
        case .userEnabled: return "User enabled. They sign in anew; earlier sessions and tokens stay ended."
        case .tokenRevoked: return "Token revoked."
        case .stockSaved: return "Stock saved."
        case .passwordChanged: return "Password changed. Every other session and API token of yours has ended."
        case .passwordReset: return "Password reset: the user's sessions and tokens have ended."
        case .signInsCleared: return "Failed sign-ins cleared: the user can sign in again at once."
        case .historyRecorded: return number == nil ? "History entry recorded." : "History entry \(n) recorded."
        case .historyResolved: return number == nil ? "History entry resolved." : "History entry \(n) resolved."
        case .historyWithdrawn: return number == nil ? "History entry withdrawn." : "History entry \(n) withdrawn."
        case .intakeReviewed: return "Intake reviewed today."
        }
    }

    /// The notice a page's query asks for (`notice=CODE[&n=NUMBER]`), or `nil` for an unknown code.
    static func from(_ query: FormFields) -> String? {
        guard let code = query["notice"], let notice = Notice(rawValue: code) else { return nil }
        let number = query["n"].flatMap { Int64($0) }.flatMap { $0 > 0 ? $0 : nil }
        return notice.message(number: number)
    }

    /// The query that asks for this notice.
    func query(number: Int64? = nil) -> String {
        "notice=" + rawValue + (number.map { "&n=\($0)" } ?? "")
    }
}
