import CatalogueCore

/// The rules for a user name: NFC, no controls or invisible characters, 1 to 100 characters, one script, and
/// compared without regard to case ("José" and "JOSÉ" are one user).
public enum UserName {
    /// The name as stored.
    /// - Throws: ``ClinicStoreError`` `USER-NAME` when it is empty, too long or mixes scripts.
    public static func validated(_ name: String) throws -> String {
        let clean = TextHygiene.singleLine(name).trimmingWhitespace()
        // Bytes too: one character can carry any number of combining marks.
        guard !clean.isEmpty, clean.count <= 100, clean.utf8.count <= 400 else {
            throw ClinicStoreError(code: "USER-NAME", message: "a user name is 1 to 100 characters")
        }
        if let scripts = mixedScripts(clean) {
            throw ClinicStoreError(
                code: "USER-NAME",
                message: "a user name may not mix \(scripts.0) and \(scripts.1) letters (look-alike letters pass for another user); use one script"
            )
        }
        return clean
    }

    /// The key two names are compared by: NFC, then lower case.
    public static func key(_ name: String) -> String { UserNameKey.of(name) }

    /// The first two scripts a name mixes among those whose letters pass for one another (Latin, Greek, Cyrillic,
    /// Armenian, Cherokee), or `nil`.
    static func mixedScripts(_ name: String) -> (String, String)? {
        var seen: String?
        for scalar in name.unicodeScalars where scalar.properties.isAlphabetic {
            guard let script = confusableScript(scalar) else { continue }
            if let first = seen, first != script { return (first, script) }
            seen = script
        }
        return nil
    }

    private static func confusableScript(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xAA, 0xBA, 0xC0...0x24F, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xFF21...0xFF3A,
            0xFF41...0xFF5A:
            "Latin"
        case 0x370...0x3FF, 0x1F00...0x1FFF:
            "Greek"
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F:
            "Cyrillic"
        case 0x531...0x58F:
            "Armenian"
        case 0x13A0...0x13FF, 0xAB70...0xABBF:
            "Cherokee"
        default:
            nil
        }
    }
}
