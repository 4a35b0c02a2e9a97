import Foundation

/// A calendar day written as "2026-11-03": the form stock dates are stored in.
public enum CalendarDay {
    /// The canonical "yyyy-MM-dd" of `text`, or `nil` when it is not a real day (2026-02-31 is refused, not rolled
    /// over). Years before 1583 are refused: the Gregorian calendar had not begun, and calendars disagree about them.
    public static func canonical(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard parts.count == 3, parts[0].count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigit) }),
            let year = Int(parts[0]), year >= 1583, let month = Int(parts[1]), let day = Int(parts[2]),
            let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
            calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day)
        else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}

extension Character {
    /// 0–9, and no other script's digits.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
