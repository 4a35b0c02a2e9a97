public import CatalogueCore

/// A clinic record that cannot be written as asked: an unknown client, product or test, or a reading that
/// contradicts the test.
public struct ClinicStoreError: CodedError, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
