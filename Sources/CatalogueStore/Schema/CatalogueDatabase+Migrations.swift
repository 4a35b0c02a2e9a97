import GRDB

extension CatalogueDatabase {
    /// Every migration, in order. Released migrations are never edited: a change is a new migration.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-catalogue-and-clinic", migrate: SchemaV1.create)
        migrator.registerMigration("v2-users-and-sessions", migrate: SchemaV2.create)
        migrator.registerMigration("v3-lean-import-indexes", migrate: SchemaV3.migrate)
        migrator.registerMigration("v4-sign-in-security", migrate: SchemaV4.migrate)
        migrator.registerMigration("v5-percents-per-ingredient", migrate: SchemaV5.migrate)
        migrator.registerMigration("v6-label-aliases", migrate: SchemaV6.create)
        migrator.registerMigration("v7-stale-products", migrate: SchemaV7.migrate)
        migrator.registerMigration("v9-medical-history", migrate: SchemaV9.create)
        migrator.registerMigration("v10-test-allergens", migrate: SchemaV10.migrate)
        migrator.registerMigration("v11-plain-product-ids", migrate: SchemaV11.migrate)
        migrator.registerMigration("v12-catalogue-revision", migrate: SchemaV12.create)
        migrator.registerMigration("v13-clean-stock-locations", migrate: SchemaV13.migrate)
        migrator.registerMigration("v14-change-counters", migrate: SchemaV14.migrate)
        return migrator
    }

    /// The names of every migration this version knows, in order.
    public static var migrationNames: [String] { migrator.migrations }

    /// Brings the database to the current schema. A database written by a newer version is refused untouched.
    public func migrate() throws(StoreError) {
        do {
            let migrator = Self.migrator
            // Up to date (the common case): read-only, so opening never waits for a running import's write lock.
            let (superseded, complete) = try writer.read { db in
                (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
            }
            if superseded {
                throw StoreError(
                    kind: .newerSchema, path: path,
                    detail: "was written by a newer OilCatalogue; upgrade this program before using it"
                )
            }
            if complete { return }
            try migrator.migrate(writer)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(kind: .migrationFailed, path: path, detail: Self.explain(error))
        } catch {
            throw StoreError(kind: .migrationFailed, path: path, detail: "\(error)")
        }
    }

    /// The migrations already applied, in order.
    public func appliedMigrations() throws -> [String] {
        try read { try Self.migrator.appliedMigrations($0) }
    }
}
