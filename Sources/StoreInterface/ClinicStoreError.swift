public import CatalogueCore

/// A record that cannot be written as asked: an unknown client, product, user or test, a name that is taken, or a
/// reading that contradicts the test. Every backend throws the same codes for the same refusal.
public struct ClinicStoreError: CodedError, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
