import GRDB

/// Two change counters beside the catalogue's revision, moved on by triggers in the transaction that makes the
/// change, so a reader that sees the new count also sees the change:
/// - `catalogueChange`: what a product's verdict is computed from changed — an import applied, a label alias taught;
///   it keys the stored suitability snapshot;
/// - `clinicChange`: anything a client's list could show changed — every audited change (readings, allergies, history,
///   aliases, suppliers), an applied import, a stock movement; it keys a server's cached lists.
///
/// They replace keys made of largest ids (`MAX(id)` of runs, audit lines, movements), which hold with one writer but
/// not with several servers on one PostgreSQL database, where a lower id can commit after a higher one has been read.
enum SchemaV14 {
    static func migrate(_ db: Database) throws {
        try db.alter(table: "catalogueRevision") { t in
            t.add(column: "catalogueChange", .integer).notNull().defaults(to: 0)
            t.add(column: "clinicChange", .integer).notNull().defaults(to: 0)
        }
        for statement in statements { try db.execute(sql: statement) }
    }

    static let statements = [
        """
        CREATE TRIGGER auditLog_clinicChange AFTER INSERT ON auditLog BEGIN
          UPDATE catalogueRevision SET clinicChange = clinicChange + 1 WHERE id = 1;
        END
        """,
        """
        CREATE TRIGGER stockMovement_clinicChange AFTER INSERT ON stockMovement BEGIN
          UPDATE catalogueRevision SET clinicChange = clinicChange + 1 WHERE id = 1;
        END
        """,
        """
        CREATE TRIGGER importRun_catalogueChange AFTER UPDATE OF status ON importRun
        WHEN NEW.status = 'succeeded' AND OLD.status IS NOT 'succeeded' BEGIN
          UPDATE catalogueRevision SET catalogueChange = catalogueChange + 1, clinicChange = clinicChange + 1 WHERE id = 1;
        END
        """,
        """
        CREATE TRIGGER importRun_insertedApplied AFTER INSERT ON importRun WHEN NEW.status = 'succeeded' BEGIN
          UPDATE catalogueRevision SET catalogueChange = catalogueChange + 1, clinicChange = clinicChange + 1 WHERE id = 1;
        END
        """,
        """
        CREATE TRIGGER labelAlias_insert_catalogueChange AFTER INSERT ON labelAlias BEGIN
          UPDATE catalogueRevision SET catalogueChange = catalogueChange + 1, clinicChange = clinicChange + 1 WHERE id = 1;
        END
        """,
        """
        CREATE TRIGGER labelAlias_update_catalogueChange AFTER UPDATE ON labelAlias BEGIN
          UPDATE catalogueRevision SET catalogueChange = catalogueChange + 1, clinicChange = clinicChange + 1 WHERE id = 1;
        END
        """,
        """
        CREATE TRIGGER labelAlias_delete_catalogueChange AFTER DELETE ON labelAlias BEGIN
          UPDATE catalogueRevision SET catalogueChange = catalogueChange + 1, clinicChange = clinicChange + 1 WHERE id = 1;
        END
        """,
    ]
}
