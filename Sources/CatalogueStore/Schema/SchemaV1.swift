import GRDB

/// The first schema: suppliers and their import runs, products with versioned formulations, clients, patch tests,
/// stock and the audit log.
///
/// Conventions: ids are integers except reference and supplier ids (text); times are UTC `datetime`; money is
/// text holding a decimal ("12.50"), never a floating-point number; reference-catalogue ids (ingredients,
/// allergens, properties, conditions) are text, resolved against the taxonomy at read time, so a taxonomy update
/// reaches every stored product.
enum SchemaV1 {
    static func create(_ db: Database) throws {
        try createSuppliers(db)
        try createImports(db)
        try createProducts(db)
        try createClinic(db)
        try createStock(db)
        try createSnapshot(db)
        try createAuditLog(db)
    }

    private static func createSuppliers(_ db: Database) throws {
        try db.create(table: "supplier") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull()
            t.column("format", .text).notNull()
            t.column("mapping", .text)  // the mapping configuration, as JSON, for mapped formats
            t.column("source", .text)  // a path or URL to fetch the feed from
            t.column("currency", .text)  // ISO 4217 code for feeds whose prices carry none (Shopify)
            t.column("etag", .text)  // conditional GET state of the last fetch
            t.column("lastModified", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
    }

    private static func createProducts(_ db: Database) throws {
        try db.create(table: "product") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("supplier", onDelete: .restrict).notNull()
            t.column("sku", .text).notNull()
            t.column("name", .text).notNull()
            t.column("brand", .text)
            t.column("description", .text)
            t.column("price", .text)
            t.column("currency", .text)
            t.column("availability", .text)
            t.column("productType", .text)
            t.column("size", .text)
            t.column("gtin", .text)
            t.column("url", .text)
            t.column("tags", .text)  // JSON array
            t.column("status", .text).notNull().defaults(to: "active")
                .check { ["active", "discontinued"].contains($0) }
            t.column("contentHash", .text).notNull()
            t.column("currentFormulationId", .integer)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
            t.column("discontinuedAt", .datetime)
            t.uniqueKey(["supplierId", "sku"])
        }
        // A formulation version: the ingredient list as printed, and what it resolved to, as one immutable
        // document (`resolution`, a ResolvedFormulation in JSON). The id columns are space-delimited
        // (" jojoba-oil lavender-oil ") so search can match whole ids with LIKE.
        try db.create(table: "formulation") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("product", onDelete: .cascade).notNull()
            t.column("version", .integer).notNull()
            t.column("ingredientText", .text)  // NULL when the feed gave no ingredient list
            t.column("ingredientHash", .text).notNull()
            t.column("resolution", .text).notNull()
            t.column("ingredientIds", .text).notNull()
            t.column("allergenIds", .text).notNull()
            t.column("propertyIds", .text).notNull()
            t.column("unresolvedCount", .integer).notNull()
            // For the suitability engine without decoding the document: names that did not resolve, separated by
            // U+001F, and stated percentages (" jojoba-oil=70 lavender-oil=2 ").
            t.column("unresolvedNames", .text).notNull().defaults(to: "")
            t.column("percents", .text).notNull().defaults(to: " ")
            t.column("importRunId", .integer).references("importRun", onDelete: .setNull)
            t.column("createdAt", .datetime).notNull()
            t.uniqueKey(["productId", "version"])
        }
    }

    private static func createImports(_ db: Database) throws {
        try db.create(table: "importRun") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("supplierId", .text).notNull().indexed().references("supplier", onDelete: .cascade)
            t.column("status", .text).notNull()
                .check { ["running", "succeeded", "failed", "unchanged", "dry-run"].contains($0) }
            t.column("dryRun", .boolean).notNull().defaults(to: false)
            t.column("source", .text).notNull()
            t.column("format", .text)
            t.column("feedSHA256", .text)
            // What else decides the result: importer, mapping and taxonomy. An unchanged feed with an unchanged
            // fingerprint is not parsed again.
            t.column("fingerprint", .text)
            t.column("feedKind", .text)
            t.column("archivePath", .text)
            t.column("bytes", .integer)
            t.column("recordsRead", .integer).notNull().defaults(to: 0)
            t.column("added", .integer).notNull().defaults(to: 0)
            t.column("changed", .integer).notNull().defaults(to: 0)
            t.column("unchanged", .integer).notNull().defaults(to: 0)
            t.column("removed", .integer).notNull().defaults(to: 0)
            t.column("rejected", .integer).notNull().defaults(to: 0)
            t.column("report", .text)  // the full report as JSON, kept even when the data was rolled back
            t.column("error", .text)
            t.column("startedAt", .datetime).notNull()
            t.column("finishedAt", .datetime)
        }
        // One row per supplier while a run holds it: a second run finds the row and says who holds the lock.
        try db.create(table: "importLock") { t in
            t.primaryKey("supplierId", .text)
            t.column("runId", .integer).notNull()
            t.column("holder", .text).notNull()  // host and process id
            t.column("acquiredAt", .datetime).notNull()
        }
    }

    private static func createClinic(_ db: Database) throws {
        try db.create(table: "client") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull()
            t.column("note", .text)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
        }
        try db.create(table: "clientCondition") { t in
            t.belongsTo("client", onDelete: .cascade).notNull()
            t.column("conditionId", .text).notNull()
            t.primaryKey(["clientId", "conditionId"])
        }
        // An externally diagnosed allergen or a client-reported reaction, resolved against the taxonomy.
        try db.create(table: "clientAllergy") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("client", onDelete: .cascade).notNull()
            t.column("kind", .text).notNull()
                .check { ["ingredient", "allergen", "cross-reactivity-group", "food-allergen-class"].contains($0) }
            t.column("targetId", .text).notNull()
            t.column("enteredName", .text).notNull()
            t.column("source", .text).notNull().check { ["dermatologist", "client-reported"].contains($0) }
            t.column("note", .text)
            t.column("recordedBy", .text).notNull()
            t.column("recordedAt", .datetime).notNull()
            t.column("retractedAt", .datetime)  // set only by a correction entry, never by an edit
            t.column("retractionReason", .text)
        }
        try db.create(table: "patchTest") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("client", onDelete: .cascade).notNull()
            t.belongsTo("product", onDelete: .restrict).notNull()
            t.belongsTo("formulation", onDelete: .restrict).notNull()
            t.column("site", .text)
            t.column("concentration", .text)
            t.column("carrier", .text)
            t.column("occluded", .boolean).notNull().defaults(to: false)
            t.column("appliedAt", .datetime).notNull()
            t.column("recordedBy", .text).notNull()
            t.column("createdAt", .datetime).notNull()
        }
        try db.create(table: "patchTestReading") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("patchTest", onDelete: .cascade).notNull()
            t.column("readAt", .datetime).notNull()
            t.column("result", .text).notNull()
                .check { ["negative", "doubtful", "+", "++", "+++", "irritant", "reported"].contains($0) }
            t.column("relevance", .text).check { ["current", "past", "unknown"].contains($0) }
            t.column("recordedBy", .text).notNull()
            t.column("createdAt", .datetime).notNull()
        }
        // Corrections are new entries: a test or a reading refuted or entered in error, never edited.
        try db.create(table: "patchTestCorrection") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("patchTest", onDelete: .cascade).notNull()
            t.belongsTo("patchTestReading", onDelete: .cascade)
            t.column("kind", .text).notNull().check { ["refuted", "entered-in-error"].contains($0) }
            t.column("reason", .text).notNull()
            t.column("recordedBy", .text).notNull()
            t.column("createdAt", .datetime).notNull()
        }
    }

    private static func createStock(_ db: Database) throws {
        try db.create(table: "stockLot") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("location", .text).notNull()
            t.belongsTo("product", onDelete: .restrict).notNull()
            t.column("batch", .text).notNull().defaults(to: "")
            t.column("quantity", .double).notNull().defaults(to: 0)
            t.column("reorderLevel", .double)  // low stock at or below this (1 when unset)
            t.column("expires", .date)
            t.column("opened", .date)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
            t.uniqueKey(["location", "productId", "batch"])
        }
        try db.create(table: "stockMovement") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("stockLot", onDelete: .cascade).notNull()
            t.column("kind", .text).notNull().check { ["receive", "adjust", "set"].contains($0) }
            t.column("delta", .double).notNull()
            t.column("quantityAfter", .double).notNull()
            t.column("recordedBy", .text).notNull()
            t.column("at", .datetime).notNull()
        }
    }

    /// A cache of every active product's suitability facts as plain bits (see SuitabilitySnapshot), rebuilt when
    /// stale. Never the source of truth.
    static func createSnapshot(_ db: Database) throws {
        try db.create(table: "suitabilitySnapshot") { t in
            t.primaryKey("id", .integer).check { $0 == 1 }
            t.column("stamp", .text).notNull()
            t.column("data", .blob).notNull()
        }
    }

    private static func createAuditLog(_ db: Database) throws {
        try db.create(table: "auditLog") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("at", .datetime).notNull()
            t.column("actor", .text).notNull()
            t.column("action", .text).notNull()
            t.column("entity", .text).notNull()
            t.column("entityId", .text)
            t.column("detail", .text)  // JSON
        }
        // Append-only: the database itself refuses to change or remove history.
        try db.execute(
            sql: """
                CREATE TRIGGER auditLog_noUpdate BEFORE UPDATE ON auditLog
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER auditLog_noDelete BEFORE DELETE ON auditLog
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """
        )
    }
}
