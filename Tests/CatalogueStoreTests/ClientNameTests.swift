import CatalogueCore
import CatalogueStore
import Foundation
import Testing
import StoreInterface

@Suite("A client added twice")
struct ClientNameTests {
    @Test("a name another client has, letter case aside, is refused unless it is another person; nothing is written")
    func sameName() throws {
        let database = try CatalogueDatabase.inMemory()
        let first = try database.addClient(name: "Ada Byron", conditions: [], note: nil, actor: "test")
        for name in ["Ada Byron", "ada byron", "  ADA   BYRON "] {
            let error = #expect(throws: ClinicStoreError.self) {
                try database.addClient(name: name, conditions: [], note: nil, actor: "test")
            }
            #expect(error?.code == "CLINIC-CLIENT-EXISTS" && error?.message.contains("client \(first)") == true, "\(name)")
        }
        #expect(try database.clients(matching: "Ada").count == 1)
        let second = try database.addClient(name: "Ada Byron", conditions: [], note: nil, actor: "test", sameName: true)
        #expect(second != first)
        #expect(try database.clients(matching: "Ada").count == 2)
        // A hostile name is refused the same way and quoted as given.
        let hostile = "\u{202E}gnp.exe 👩🏽‍⚕️"
        _ = try database.addClient(name: hostile, conditions: [], note: nil, actor: "test")
        #expect(throws: ClinicStoreError.self) { try database.addClient(name: hostile, conditions: [], note: nil, actor: "test") }
    }
}
