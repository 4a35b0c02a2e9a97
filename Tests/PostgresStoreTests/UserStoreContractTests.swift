import Foundation
import StoreInterface
import Testing

/// Users and API tokens behave the same on every backend.
@Suite("User store contract")
struct UserStoreContractTests {
    static let hash = "$2b$04$abcdefghijklmnopqrstuuS0m3Fak3HashF0rT3st1ngOnlyXXXXXXX"

    @Test("names are checked and compared by their key; the list is in name order; credentials are found by any spelling of the name", arguments: Backend.available)
    func names(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            #expect(try await store.hasAdmin() == false)
            let jose = try await store.addUser(name: "  José ", role: .therapist, passwordHash: Self.hash, actor: "test")
            for taken in ["JOSÉ", "Jose\u{0301}", "josé"] {
                await #expect(throws: ClinicStoreError.self) {
                    try await store.addUser(name: taken, role: .therapist, passwordHash: Self.hash, actor: "test")
                }
            }
            let mixed = await #expect(throws: ClinicStoreError.self) {
                try await store.addUser(name: "\u{0430}dmin", role: .admin, passwordHash: Self.hash, actor: "test")
            }
            #expect(mixed?.code == "USER-NAME")
            // One character may carry any number of marks: the name is refused, not stored past what an index holds.
            let heavy = await #expect(throws: ClinicStoreError.self) {
                try await store.addUser(name: "a" + String(repeating: "\u{301}\u{302}", count: 2_000), role: .admin, passwordHash: Self.hash, actor: "test")
            }
            #expect(heavy?.code == "USER-NAME")
            let taken = await #expect(throws: ClinicStoreError.self) {
                try await store.addUser(name: "JOSÉ", role: .admin, passwordHash: Self.hash, actor: "test")
            }
            #expect(taken?.code == "USER-EXISTS")
            // A right-to-left override is removed, not kept to disguise the name; hostile text is stored as given.
            let disguised = try await store.addUser(name: "\u{202E}nimda", role: .admin, passwordHash: Self.hash, actor: "test")
            let quoted = try await store.addUser(name: "o'brien\"; DROP TABLE \"user\";--", role: .reception, passwordHash: Self.hash, actor: "test")
            _ = try await store.addUser(name: "Мария", role: .reception, passwordHash: Self.hash, actor: "test")
            _ = try await store.addUser(name: "bob", role: .therapist, passwordHash: Self.hash, actor: "test")
            _ = try await store.addUser(name: "Zed", role: .therapist, passwordHash: Self.hash, actor: "test")

            #expect(try await store.user(id: disguised)?.name == "nimda")
            #expect(try await store.user(id: quoted)?.name == "o'brien\"; DROP TABLE \"user\";--")
            #expect(try await store.hasAdmin())
            // ASCII letters without case, then everything else by its bytes: the same order on both backends.
            #expect(try await store.users().map(\.name) == ["bob", "José", "nimda", "o'brien\"; DROP TABLE \"user\";--", "Zed", "Мария"])
            let found = try #require(try await store.userCredentials(name: "JOSE\u{0301}"))
            #expect(found.user.id == jose && found.user.name == "José" && found.user.role == .therapist && found.passwordHash == Self.hash)
            #expect(try await store.userCredentials(id: jose)?.user == found.user)
            #expect(try await store.userCredentials(name: "nobody") == nil)
            #expect(try await store.user(id: 999_999) == nil)
        }
    }

    @Test("two servers adding one name at once: exactly one succeeds", arguments: Backend.available)
    func parallelAdds(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let results = await atOnce(12) { index in
                _ = try await store.addUser(name: index.isMultiple(of: 2) ? "Ana" : "ANA", role: .therapist, passwordHash: Self.hash, actor: "test")
            }
            #expect(results.filter { $0 == "done" }.count == 1)
            #expect(results.filter { $0 == "USER-EXISTS" }.count == 11)
            #expect(try await store.users().count == 1)
        }
    }

    @Test("a new password or disabling ends the user's sessions and tokens for good; a new password clears their failed sign-ins", arguments: Backend.available)
    func endingAccess(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let now = Date()
            let maria = try await store.addUser(name: "maria", role: .therapist, passwordHash: Self.hash, actor: "test", at: now)
            let other = try await store.addUser(name: "ines", role: .admin, passwordHash: Self.hash, actor: "test", at: now)
            try await store.storeSession(keyHash: "maria-1", user: maria, value: Data("{}".utf8), expiresAt: nil, now: now)
            try await store.storeSession(keyHash: "ines-1", user: other, value: Data("{}".utf8), expiresAt: nil, now: now)
            let token = try await store.addAPIToken(user: maria, label: "nightly <script>", tokenHash: "hash-1", actor: "test", at: now)
            #expect(try await store.user(tokenHash: "hash-1")?.id == maria)
            #expect(try await store.admitSignIn(name: "maria", address: "192.0.2.1", limits: SignInLimits(), now: now) == .admitted)

            try await store.setPasswordHash(user: maria, passwordHash: "new-hash", actor: "test", at: now)
            #expect(try await store.userCredentials(id: maria)?.passwordHash == "new-hash")
            #expect(try await store.session(keyHash: "maria-1", idle: nil, now: now) == nil)
            #expect(try await store.session(keyHash: "ines-1", idle: nil, now: now) != nil)
            #expect(try await store.user(tokenHash: "hash-1") == nil)
            let listed = try await store.apiTokens(user: maria)
            #expect(listed.map(\.id) == [token] && listed.map(\.label) == ["nightly <script>"] && listed.map(\.revoked) == [true])
            #expect(try await store.signInFailureCount(name: "maria", window: SignInLimits().window, now: now) == 0)

            // Disabled: out at once; enabled again: the old token stays revoked, a new one works.
            _ = try await store.addAPIToken(user: maria, label: "second", tokenHash: "hash-2", actor: "test", at: now)
            try await store.storeSession(keyHash: "maria-2", user: maria, value: Data("{}".utf8), expiresAt: nil, now: now)
            try await store.setUserDisabled(maria, disabled: true, actor: "test", at: now)
            #expect(try await store.user(id: maria)?.disabled == true)
            #expect(try await store.session(keyHash: "maria-2", idle: nil, now: now) == nil)
            #expect(try await store.user(tokenHash: "hash-2") == nil)
            try await store.setUserDisabled(maria, disabled: false, actor: "test", at: now)
            #expect(try await store.user(id: maria)?.disabled == false)
            #expect(try await store.user(tokenHash: "hash-2") == nil)
            _ = try await store.addAPIToken(user: maria, label: "third", tokenHash: "hash-3", actor: "test", at: now)
            #expect(try await store.user(tokenHash: "hash-3")?.name == "maria")

            for unknown in [
                { try await store.setPasswordHash(user: 999_999, passwordHash: "x", actor: "test", at: now) },
                { try await store.setUserDisabled(999_999, disabled: true, actor: "test", at: now) },
                { _ = try await store.addAPIToken(user: 999_999, label: "x", tokenHash: "x", actor: "test", at: now) },
            ] as [@Sendable () async throws -> Void] {
                let error = await #expect(throws: ClinicStoreError.self) { try await unknown() }
                #expect(error?.code == "USER-UNKNOWN")
            }
        }
    }

    @Test("a revoked token stops at once and cannot be revoked twice; tokens are listed oldest first, per user or all", arguments: Backend.available)
    func tokens(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let now = Date()
            let ana = try await store.addUser(name: "ana", role: .reception, passwordHash: Self.hash, actor: "test", at: now)
            let ben = try await store.addUser(name: "ben", role: .admin, passwordHash: Self.hash, actor: "test", at: now)
            let first = try await store.addAPIToken(user: ana, label: "till", tokenHash: "a-1", actor: "test", at: now)
            let second = try await store.addAPIToken(user: ben, label: "backup", tokenHash: "b-1", actor: "test", at: now)
            let third = try await store.addAPIToken(user: ana, label: "label\u{0}with\u{1B}[31mcontrols", tokenHash: "a-2", actor: "test", at: now)
            #expect(try await store.apiTokens().map(\.id) == [first, second, third])
            // A label is one clean line, as every name a person types: no control or invisible character is kept.
            #expect(try await store.apiTokens(user: ana).map(\.label) == ["till", "labelwith[31mcontrols"])
            #expect(try await store.user(tokenHash: "a-1")?.role == .reception)
            try await store.revokeAPIToken(first, actor: "test", at: now)
            #expect(try await store.user(tokenHash: "a-1") == nil)
            #expect(try await store.user(tokenHash: "a-2")?.id == ana)
            let twice = await #expect(throws: ClinicStoreError.self) { try await store.revokeAPIToken(first, actor: "test", at: now) }
            #expect(twice?.code == "TOKEN-UNKNOWN")
            #expect(try await store.apiTokens(user: ana).map(\.revoked) == [true, false])
        }
    }
}
