/// The compliance tables: legal holds, the deletion mark on recordings, and the audit chain.
///
/// `legal_holds` rows name a recording or a party's E.164 number, never both. A recording with
/// `deletion_marked_at` set is being deleted by a retention or erasure run. `audit_log` is the
/// hash chain (``AuditChain``): `seq` from 1 without gaps, `details` a JSON object of strings
/// with sorted keys, `prev_hash` and `hash` lowercase hex SHA-256.
enum SQLiteComplianceSchema {
    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(
            "compliance-v1",
            sql: """
                CREATE TABLE legal_holds (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    recording_id TEXT,
                    phone TEXT,
                    reason TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    created_by TEXT NOT NULL,
                    CHECK ((recording_id IS NULL) != (phone IS NULL))
                );
                CREATE INDEX legal_holds_recording ON legal_holds (recording_id) WHERE recording_id IS NOT NULL;
                CREATE INDEX legal_holds_phone ON legal_holds (phone) WHERE phone IS NOT NULL;

                ALTER TABLE recordings ADD COLUMN deletion_marked_at INTEGER;
                ALTER TABLE recordings ADD COLUMN deletion_reason TEXT;
                CREATE INDEX recordings_deletion ON recordings (deletion_marked_at) WHERE deletion_marked_at IS NOT NULL;

                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    action TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    recording_id TEXT,
                    details TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX audit_log_at ON audit_log (at);
                CREATE INDEX audit_log_recording ON audit_log (recording_id) WHERE recording_id IS NOT NULL;
                CREATE INDEX audit_log_action ON audit_log (action, at);
                """)
    ]
}
