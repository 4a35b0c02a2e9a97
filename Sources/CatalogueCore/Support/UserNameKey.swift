/// The key user names are compared by: one line, NFC (Swift compares and stores strings canonically), trimmed,
/// then lower case — "José" and " JOSÉ" are one user. Every store keys users and sign-in attempts by it.
public enum UserNameKey {
    public static func of(_ name: String) -> String {
        TextHygiene.singleLine(name).trimmingWhitespace().lowercased()
    }
}
