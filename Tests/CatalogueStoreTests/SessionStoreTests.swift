import CatalogueStore
import Foundation
import Testing

/// Browser sessions' last use: read without writing, brought forward later only from what was read.
@Suite("Session last use")
struct SessionStoreTests {
    @Test("a late touch moves the last use on only if nothing changed it meanwhile, and never revives an ended session")
    func lateTouch() throws {
        let database = try CatalogueDatabase.inMemory()
        let user = try database.addUser(name: "therapist", role: .therapist, passwordHash: "x", actor: "test")
        let start = Date().addingTimeInterval(-3_600)
        try database.storeSession(keyHash: "k", user: user, value: Data("{}".utf8), expiresAt: nil, now: start)

        // Read two minutes later: due, not written.
        let first = try #require(try database.sessionValue(keyHash: "k", idle: 1_800, now: start + 120, maintaining: false))
        #expect(first.maintenance)
        #expect(try database.sessionValue(keyHash: "k", idle: 1_800, now: start + 1_801, maintaining: false) == nil)

        // Written late, from what was read: the session lives on.
        try database.touchSession(keyHash: "k", from: first.lastUse, now: start + 120)
        #expect(try database.sessionValue(keyHash: "k", idle: 1_800, now: start + 1_801, maintaining: false) != nil)

        // A second late touch from the same read changes nothing: the last use moved on since.
        let second = try #require(try database.sessionValue(keyHash: "k", idle: 1_800, now: start + 600, maintaining: false))
        try database.touchSession(keyHash: "k", from: first.lastUse, now: start + 600)
        #expect(try database.sessionValue(keyHash: "k", idle: 1_800, now: start + 1_921, maintaining: false) == nil)

        // Ended in between (signed out): the touch brings nothing back.
        try database.removeSession(keyHash: "k")
        try database.touchSession(keyHash: "k", from: second.lastUse, now: start + 600)
        #expect(try database.sessionValue(keyHash: "k", now: start + 600) == nil)

        // Timed out before the touch was written (it waited behind an import): the touch brings nothing back.
        try database.storeSession(keyHash: "k2", user: user, value: Data("{}".utf8), expiresAt: nil, now: start)
        let late = try #require(try database.sessionValue(keyHash: "k2", idle: 1_800, now: start + 120, maintaining: false))
        try database.touchSession(keyHash: "k2", from: late.lastUse, now: start + 120, idle: 1_800)
        #expect(try database.sessionValue(keyHash: "k2", idle: 1_800, now: start + 1_801, maintaining: false) == nil)
    }
}
