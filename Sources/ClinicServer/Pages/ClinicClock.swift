import Foundation

/// Dates as the clinic reads them: in the clinic's time zone (`oilcat serve --time-zone`, the machine's zone by
/// default), "Mon 30 Nov, 10:00" for a moment and "30 November 2026" for a day.
struct ClinicClock: Sendable {
    let timeZone: TimeZone

    private func formatter(_ pattern: String, locale: String = "en_GB") -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: locale)
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        return formatter
    }

    /// "Mon 30 Nov, 10:00".
    func minute(_ date: Date) -> String { formatter("EEE d MMM, HH:mm").string(from: date) }

    /// "30 November 2026".
    func day(_ date: Date) -> String { formatter("d MMMM yyyy").string(from: date) }

    /// "2026-11-30T10:00", the value of a datetime-local field.
    func field(_ date: Date) -> String { formatter("yyyy-MM-dd'T'HH:mm", locale: "en_US_POSIX").string(from: date) }

    /// A datetime-local field's value ("2026-11-30T10:00", seconds optional) read in the clinic's zone.
    func parseField(_ text: String) -> Date? {
        for pattern in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            if let date = formatter(pattern, locale: "en_US_POSIX").date(from: text) { return date }
        }
        return nil
    }
}
