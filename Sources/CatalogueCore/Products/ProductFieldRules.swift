import Foundation

/// The rules a product's fields must meet before they enter the catalogue. Each returns the normalised value or a
/// reason a person can act on.
public enum ProductFieldRules {
    /// A price as an exact decimal string: "12.50", "12,50", "1,234.50" and "1.234,50" read right and come back as
    /// "12.50", "12.50", "1234.50", "1234.50" — the digits as written, never a floating-point number.
    public static func price(_ raw: String) -> Result<String, FieldProblem> {
        // The common case, "12.50": digits with at most one full stop, validated byte by byte.
        if let plain = plainAmount(raw) { return .success(plain) }
        var text = raw.filter { !$0.isWhitespace }
        let dots = text.filter { $0 == "." }.count
        let commas = text.filter { $0 == "," }.count
        if commas > 0 && dots > 0 {
            // The later separator is the decimal one.
            if text.lastIndex(of: ",")! > text.lastIndex(of: ".")! {
                text = text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
            } else {
                text = text.replacingOccurrences(of: ",", with: "")
            }
        } else if commas == 1, let comma = text.lastIndex(of: ","), text[text.index(after: comma)...].count <= 2 {
            text = text.replacingOccurrences(of: ",", with: ".")
        } else if commas > 0 {
            text = text.replacingOccurrences(of: ",", with: "")
        }
        let digitsAndDot = text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard !text.isEmpty, digitsAndDot, text.filter({ $0 == "." }).count <= 1, text.first != ".", text.last != "."
        else {
            return .failure(FieldProblem(code: "invalid-price", reason: "not a price: write an amount such as 12.50"))
        }
        if let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].count > 4 {
            return .failure(FieldProblem(code: "invalid-price", reason: "more than 4 decimal places"))
        }
        guard Decimal(string: text, locale: posix) != nil else {
            return .failure(FieldProblem(code: "invalid-price", reason: "not a price"))
        }
        return .success(text)
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// `raw` when it is digits with at most one inner full stop and at most 4 decimals, else `nil`.
    private static func plainAmount(_ raw: String) -> String? {
        var dot: Int?
        var count = 0
        for byte in raw.utf8 {
            if byte == UInt8(ascii: ".") {
                guard dot == nil, count > 0 else { return nil }
                dot = count
            } else if byte < 0x30 || byte > 0x39 {
                return nil
            }
            count += 1
        }
        guard count > 0, dot != count - 1 else { return nil }
        if let dot, count - dot - 1 > 4 { return nil }
        return raw
    }

    /// An ISO 4217 currency code: three letters, upper-cased.
    public static func currency(_ raw: String) -> Result<String, FieldProblem> {
        // The common case, three ASCII capitals, as it is.
        if raw.utf8.count == 3, raw.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            return .success(raw)
        }
        let code = raw.uppercased()
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return .failure(FieldProblem(code: "invalid-currency", reason: "not an ISO 4217 code such as GBP or EUR"))
        }
        return .success(code)
    }

    /// A GTIN-8, -12, -13 or -14 with a correct check digit.
    public static func gtin(_ raw: String) -> Result<String, FieldProblem> {
        // Digits only (spaces and dashes between them are dropped), counted first: the check weights run from the
        // right, 3 for the digit before the check digit, then 1, 3, 1…
        let isSeparator = { (byte: UInt8) in byte == 0x20 || byte == UInt8(ascii: "-") }
        var count = 0
        for byte in raw.utf8 where !isSeparator(byte) {
            guard byte >= 0x30 && byte <= 0x39 else {
                return .failure(FieldProblem(code: "invalid-gtin", reason: "a GTIN has 8, 12, 13 or 14 digits"))
            }
            count += 1
        }
        guard count == 8 || count == 12 || count == 13 || count == 14 else {
            return .failure(FieldProblem(code: "invalid-gtin", reason: "a GTIN has 8, 12, 13 or 14 digits"))
        }
        var sum = 0
        var check = 0
        var position = 0
        for byte in raw.utf8 where !isSeparator(byte) {
            let value = Int(byte - 0x30)
            let fromRight = count - 1 - position
            if fromRight == 0 { check = value } else { sum += value * (fromRight.isMultiple(of: 2) ? 1 : 3) }
            position += 1
        }
        guard (10 - sum % 10) % 10 == check else {
            return .failure(FieldProblem(code: "invalid-gtin", reason: "the check digit is wrong"))
        }
        return .success(count == raw.utf8.count ? raw : String(decoding: raw.utf8.filter { !isSeparator($0) }, as: UTF8.self))
    }

    /// A web address: http or https.
    public static func url(_ raw: String) -> Result<String, FieldProblem> {
        guard hasPrefixIgnoringCase(raw, "https://") || hasPrefixIgnoringCase(raw, "http://"), !raw.utf8.contains(0x20) else {
            return .failure(FieldProblem(code: "invalid-url", reason: "not an http(s) address"))
        }
        return .success(raw)
    }

    /// A supplier product code: present, at most 128 characters, no control characters.
    /// Whether `text` starts with the ASCII `prefix`, in any case, without lower-casing the whole text.
    private static func hasPrefixIgnoringCase(_ text: String, _ prefix: StaticString) -> Bool {
        let head = text.utf8.prefix(prefix.utf8CodeUnitCount)
        guard head.count == prefix.utf8CodeUnitCount else { return false }
        return prefix.withUTF8Buffer { expected in
            zip(head, expected).allSatisfy { byte, wanted in
                let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                return lower == wanted
            }
        }
    }

    public static func sku(_ raw: String) -> Result<String, FieldProblem> {
        guard !raw.isEmpty else { return .failure(FieldProblem(code: "missing-sku", reason: "the SKU is empty")) }
        // The common case: printable ASCII, one character per byte, no control character.
        if raw.utf8.count <= 128, raw.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return .success(raw) }
        guard raw.count <= 128 else {
            return .failure(FieldProblem(code: "invalid-sku", reason: "the SKU is longer than 128 characters"))
        }
        guard !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return .failure(FieldProblem(code: "invalid-sku", reason: "the SKU contains control characters"))
        }
        // An invisible character (a bidirectional override, a zero-width space) makes a key print as another one:
        // "AB\u{202E}C" reads "ABC" reversed, "A\u{200B}BC" looks like "ABC".
        guard !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .format }) else {
            return .failure(FieldProblem(
                code: "invalid-sku",
                reason: "the SKU contains invisible formatting characters (such as a bidirectional override or a zero-width space)"
            ))
        }
        return .success(raw)
    }
}

/// Why a field's value was refused.
public struct FieldProblem: Error, Sendable, Hashable {
    /// A stable code such as `invalid-price`.
    public var code: String
    /// Why, for a person.
    public var reason: String

    public init(code: String, reason: String) {
        self.code = code
        self.reason = reason
    }
}
