/// An error that a person can act on: a stable code for scripts and support, and a message that says what went
/// wrong, where, and what to do.
///
/// Every error the project throws at its edges conforms, so the CLI and the server print the same text.
public protocol CodedError: Error, CustomStringConvertible, Sendable {
    /// A stable identifier such as `CAT-TAXONOMY-REF`; never reworded once released.
    var code: String { get }
    /// One line for a person: what is wrong, where, and what to do.
    var message: String { get }
}

extension CodedError {
    public var description: String { "\(message) [\(code)]" }
}
