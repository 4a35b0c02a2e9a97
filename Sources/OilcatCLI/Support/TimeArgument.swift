import CatalogueCore
import Foundation

/// Reads `--at` times: "2026-11-03T10:00:00Z", "2026-11-03T10:00", "2026-11-03 10:00" (local time) or
/// "2026-11-03" (midnight, local time).
enum TimeArgument {
    static func parse(_ text: String?, option: String = "--at") throws -> Date {
        guard let text else { return Date() }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        if let date = iso.date(from: text) { return date }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .current
        for pattern in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            formatter.dateFormat = pattern
            if let date = formatter.date(from: text) { return date }
        }
        throw UsageFailure(
            code: "CLI-TIME",
            message: "\(option) '\(text)' is not a time; write 2026-11-03T10:00, 2026-11-03 10:00 or 2026-11-03 (local time), or ISO 8601 with a zone"
        )
    }

    /// A day for stock dates: "2026-11-03".
    static func day(_ text: String?, option: String) throws -> String? {
        guard let text else { return nil }
        guard let day = CalendarDay.canonical(text) else {
            throw UsageFailure(code: "CLI-DATE", message: "\(option) '\(text)' is not a date; write 2026-11-03")
        }
        return day
    }

    /// "2026-11-03 10:00" in local time, for people.
    static func show(_ date: Date) -> String { DateText.short(date) }
}
