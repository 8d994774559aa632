/// The catalog's tables: `calls` (indexed by `start_time` and `telephony_session_id`),
/// `recordings` (by `state` and `call_id`) and `files` (unique `relative_path`, unique
/// `(recording_id, role)`, which also serves lookups by recording), and the pipeline's named
/// watermarks. Timestamps are milliseconds since 1970, like the queue's.
enum SQLiteCatalogSchema {
    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(
            "archive-v1-catalog",
            sql: """
                    CREATE TABLE calls (
                        id TEXT PRIMARY KEY NOT NULL,
                        session_id TEXT,
                        telephony_session_id TEXT,
                        start_time INTEGER NOT NULL,
                        duration_seconds INTEGER,
                        direction TEXT,
                        from_number TEXT,
                        from_name TEXT,
                        to_number TEXT,
                        to_name TEXT,
                        result TEXT,
                        qualification TEXT NOT NULL DEFAULT 'unknown'
                            CHECK (qualification IN ('accepted', 'voicemail', 'blocked', 'missed', 'unknown')),
                        deciding_leg INTEGER,
                        record_json TEXT NOT NULL,
                        first_seen_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE INDEX calls_start_time ON calls (start_time);
                    CREATE INDEX calls_telephony_session ON calls (telephony_session_id);

                    CREATE TABLE recordings (
                        id TEXT PRIMARY KEY NOT NULL,
                        call_id TEXT NOT NULL REFERENCES calls (id),
                        content_uri TEXT NOT NULL,
                        recording_type TEXT,
                        expected_duration_seconds INTEGER,
                        state TEXT NOT NULL DEFAULT 'pending'
                            CHECK (state IN ('pending', 'downloaded', 'archived', 'failed')),
                        content_type TEXT,
                        received_bytes INTEGER,
                        received_sha256 TEXT,
                        tmp_path TEXT,
                        last_error TEXT,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE INDEX recordings_state ON recordings (state);
                    CREATE INDEX recordings_call ON recordings (call_id);

                    CREATE TABLE files (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
                        role TEXT NOT NULL CHECK (role IN ('audio', 'original', 'sidecar')),
                        relative_path TEXT NOT NULL UNIQUE,
                        bytes INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        format TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        UNIQUE (recording_id, role)
                    );
                """),
        // The name is that of the first release, whose call-log sync kept its window end here.
        SQLiteMigration(
            "archive-v2-duration-exact",
            sql: "ALTER TABLE recordings ADD COLUMN expected_duration_exact INTEGER"),
        SQLiteMigration(
            "pipeline-v1-sync-state",
            sql: "CREATE TABLE sync_state (name TEXT PRIMARY KEY, last_window_end INTEGER NOT NULL) WITHOUT ROWID"),
    ]
}
