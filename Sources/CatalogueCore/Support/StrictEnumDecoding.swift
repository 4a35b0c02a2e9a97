/// Decodes string-backed enums with an error that lists the accepted spellings, so a typo in a reference file
/// says what it should have been.
protocol StrictlyDecodedEnum: RawRepresentable, CaseIterable, Decodable where RawValue == String {}

extension StrictlyDecodedEnum {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            let allowed = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "unknown value '\(raw)'; expected one of: \(allowed)"
            )
        }
        self = value
    }
}
