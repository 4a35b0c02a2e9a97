public import CatalogueCore

/// A file or folder the program needs cannot be found or made.
public struct LocationError: CodedError, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
