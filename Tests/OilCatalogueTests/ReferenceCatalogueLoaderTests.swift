import CatalogueCore
import Foundation
import OilCatalogue
import Testing

/// Each test copies the repository's catalogue, breaks one file, and checks the error names file, line, entry
/// and field in one line.
@Suite("Loading a broken reference catalogue")
struct ReferenceCatalogueLoaderTests {
    final class BrokenCopy {
        let folder: URL

        init() throws {
            folder = FileManager.default.temporaryDirectory.appending(path: "oilcat-catalogue-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: RepositoryCatalogue.folder, to: folder)
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        func edit(_ relativePath: String, _ change: (String) -> String) throws {
            let url = folder.appending(path: relativePath)
            let text = try String(contentsOf: url, encoding: .utf8)
            let changed = change(text)
            precondition(changed != text, "the edit changed nothing")
            try changed.write(to: url, atomically: true, encoding: .utf8)
        }

        func line(of needle: String, in relativePath: String) throws -> Int {
            let text = try String(contentsOf: folder.appending(path: relativePath), encoding: .utf8)
            let lines = text.components(separatedBy: "\n")
            return try #require(lines.firstIndex { $0.contains(needle) }) + 1
        }

        func loadError() -> ReferenceCatalogueError? {
            #expect(throws: ReferenceCatalogueError.self) { try ReferenceCatalogueLoader.load(from: folder) }
        }
    }

    @Test("an unknown value names file, line, entry and field, and lists what is allowed")
    func unknownKind() throws {
        let copy = try BrokenCopy()
        let file = "taxonomy/ingredients/carriers.yaml"
        try copy.edit(file) { $0.replacingOccurrences(of: "    kind: carrier\n    inci: Simmondsia", with: "    kind: oil\n    inci: Simmondsia") }
        let error = try #require(copy.loadError())
        #expect(error.file.hasSuffix(file))
        #expect(error.line == (try copy.line(of: "kind: oil", in: file)))
        #expect(error.entry == "jojoba-oil")
        #expect(error.field == "kind")
        #expect(error.problem.contains("unknown value 'oil'"))
        #expect(error.problem.contains("essential-oil"))
        #expect(!error.description.contains("\n"))
    }

    @Test("a YAML syntax error gives the file and line")
    func syntaxError() throws {
        let copy = try BrokenCopy()
        try copy.edit("taxonomy/allergens.yaml") { $0.replacingOccurrences(of: "{id: coumarin,", with: "{id: coumarin, [") }
        let error = try #require(copy.loadError())
        #expect(error.file.hasSuffix("allergens.yaml"))
        #expect(error.line == (try copy.line(of: "{id: coumarin, [", in: "taxonomy/allergens.yaml")))
        #expect(error.problem.contains("YAML syntax error"))
    }

    @Test("a misspelt field is refused rather than ignored")
    func unknownField() throws {
        let copy = try BrokenCopy()
        try copy.edit("taxonomy/ingredients/essential-oils.yaml") {
            $0.replacingOccurrences(of: "    euGroups: [\"Lavandula Oil/Extract\"]\n    botanicalName: Lavandula angustifolia", with: "    euGroup: [\"Lavandula Oil/Extract\"]\n    botanicalName: Lavandula angustifolia")
        }
        let error = try #require(copy.loadError())
        #expect(error.entry == "lavender-oil")
        #expect(error.field == "euGroup")
        #expect(error.problem.contains("unknown field"))
    }

    @Test("a missing required field is named")
    func missingField() throws {
        let copy = try BrokenCopy()
        try copy.edit("taxonomy/ingredients/bases.yaml") { $0.replacingOccurrences(of: "    inci: Glycerin\n", with: "") }
        let error = try #require(copy.loadError())
        #expect(error.entry == "glycerin")
        #expect(error.field == "inci")
        #expect(error.problem == "missing required field")
    }

    @Test("a wrong type is named")
    func wrongType() throws {
        let copy = try BrokenCopy()
        try copy.edit("taxonomy/conditions.yaml") { $0.replacingOccurrences(of: "patchTestRequired: false", with: "patchTestRequired: maybe") }
        let error = try #require(copy.loadError())
        #expect(error.entry == "scar-tissue")
        #expect(error.field == "patchTestRequired")
        #expect(error.problem.contains("true or false"))
    }

    @Test("a broken cross-reference names the file and entry that hold it")
    func brokenReference() throws {
        let copy = try BrokenCopy()
        try copy.edit("taxonomy/properties.yaml") { $0.replacingOccurrences(of: "{ingredient: ginger-oil,", with: "{ingredient: ginger,") }
        let error = try #require(copy.loadError())
        #expect(error.file.hasSuffix("properties.yaml"))
        #expect(error.entry == "warming")
        #expect(error.field == "ingredients")
        #expect(error.problem.contains("'ginger' is not an ingredient id"))
        #expect(error.line == (try copy.line(of: "- id: warming", in: "taxonomy/properties.yaml")))
    }

    @Test("a missing file is named")
    func missingFile() throws {
        let copy = try BrokenCopy()
        try FileManager.default.removeItem(at: copy.folder.appending(path: "taxonomy/cross-reactivity.yaml"))
        let error = try #require(copy.loadError())
        #expect(error.file.hasSuffix("cross-reactivity.yaml"))
        #expect(error.problem.contains("cannot read the file"))
    }

    @Test("a file that is not UTF-8 is refused")
    func notUTF8() throws {
        let copy = try BrokenCopy()
        try Data([0x69, 0x64, 0x3A, 0xFF, 0xFE, 0x0A]).write(to: copy.folder.appending(path: "taxonomy/conditions.yaml"))
        let error = try #require(copy.loadError())
        #expect(error.problem.contains("UTF-8"))
    }

    @Test("a folder where a file belongs is refused with the file named, never a crash")
    func folderInsteadOfFile() throws {
        let copy = try BrokenCopy()
        let inventory = copy.folder.appending(path: "inventory/cosing-inventory.tsv")
        try FileManager.default.removeItem(at: inventory)
        try FileManager.default.createDirectory(at: inventory, withIntermediateDirectories: false)
        let error = try #require(copy.loadError())
        #expect(error.file.hasSuffix("cosing-inventory.tsv"))
        #expect(error.problem.contains("cannot read the inventory file"))

        let other = try BrokenCopy()
        let yaml = other.folder.appending(path: "taxonomy/conditions.yaml")
        try FileManager.default.removeItem(at: yaml)
        try FileManager.default.createDirectory(at: yaml, withIntermediateDirectories: false)
        let yamlError = try #require(other.loadError())
        #expect(yamlError.file.hasSuffix("conditions.yaml"))
    }

    @Test("a copy of the same data has the same content fingerprint; an edit changes it")
    func contentFingerprint() throws {
        let first = try BrokenCopy()
        let second = try BrokenCopy()
        let (_, one) = try ReferenceCatalogueLoader.loadWithFingerprint(from: first.folder)
        let (_, two) = try ReferenceCatalogueLoader.loadWithFingerprint(from: second.folder)
        #expect(one == two, "two copies of the same files are the same reference data")
        #expect(ReferenceCatalogueLoader.fingerprint(of: first.folder) != ReferenceCatalogueLoader.fingerprint(of: second.folder))
        try second.edit("taxonomy/properties.yaml") { $0 + "\n# edited\n" }
        #expect(try ReferenceCatalogueLoader.loadWithFingerprint(from: second.folder).fingerprint != one)
        // The inventory is part of it, whole.
        let inventory = first.folder.appending(path: "inventory/cosing-inventory.tsv")
        try (try String(contentsOf: inventory, encoding: .utf8) + "zzz test\tZZZ TEST\t\t\t\t\n").write(to: inventory, atomically: true, encoding: .utf8)
        #expect(ReferenceCatalogueLoader.contentFingerprint(
            of: first.folder, fileFingerprint: ReferenceCatalogueLoader.fingerprint(of: first.folder)
        ) != one)
    }
}
