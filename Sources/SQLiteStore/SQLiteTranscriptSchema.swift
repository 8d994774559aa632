/// Transcripts, their segments and the full-text index over them, plus digit-only phone columns
/// on calls for the search filters.
///
/// Segment ids are `(call start in seconds) << 20 | n`: ordered by call time, so a date filter
/// is a rowid range the FTS5 index answers without reading every match (the "common word with a
/// narrow filter" case). The FTS5 table keeps external content (`transcript_segments`) and is
/// kept in step by triggers, inside every transaction that changes a segment.
enum SQLiteTranscriptSchema {
    /// Room for this many segments per second of call start times.
    static let segmentsPerSecond: Int64 = 1 << 20

    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(
            "transcripts-v1",
            sql: """
                CREATE TABLE transcripts (
                    recording_id TEXT PRIMARY KEY NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'available', 'unavailable', 'none')),
                    reason TEXT,
                    source TEXT CHECK (source IN ('ringsense', 'ai')),
                    version_ms INTEGER,
                    language TEXT,
                    speakers TEXT,
                    insights TEXT,
                    redactions TEXT,
                    relative_path TEXT UNIQUE,
                    bytes INTEGER,
                    sha256 TEXT,
                    ai_job_id TEXT,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX transcripts_state ON transcripts (state);

                CREATE TABLE transcript_segments (
                    id INTEGER PRIMARY KEY,
                    recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    speaker_id TEXT,
                    speaker_name TEXT,
                    speaker_role TEXT,
                    start_s REAL NOT NULL,
                    end_s REAL NOT NULL,
                    text TEXT NOT NULL,
                    words TEXT
                );
                CREATE UNIQUE INDEX transcript_segments_recording ON transcript_segments (recording_id, seq);

                CREATE VIRTUAL TABLE transcript_fts USING fts5(
                    text, content = 'transcript_segments', content_rowid = 'id',
                    tokenize = 'unicode61 remove_diacritics 2'
                );
                CREATE TRIGGER transcript_segments_ai AFTER INSERT ON transcript_segments BEGIN
                    INSERT INTO transcript_fts (rowid, text) VALUES (new.id, new.text);
                END;
                CREATE TRIGGER transcript_segments_ad AFTER DELETE ON transcript_segments BEGIN
                    INSERT INTO transcript_fts (transcript_fts, rowid, text) VALUES ('delete', old.id, old.text);
                END;
                CREATE TRIGGER transcript_segments_au AFTER UPDATE ON transcript_segments BEGIN
                    INSERT INTO transcript_fts (transcript_fts, rowid, text) VALUES ('delete', old.id, old.text);
                    INSERT INTO transcript_fts (rowid, text) VALUES (new.id, new.text);
                END;

                ALTER TABLE calls ADD COLUMN from_digits TEXT;
                ALTER TABLE calls ADD COLUMN to_digits TEXT;
                UPDATE calls SET from_digits = nullif(replace(from_number, '+', ''), ''),
                    to_digits = nullif(replace(to_number, '+', ''), '');
                CREATE INDEX calls_from_digits ON calls (from_digits);
                CREATE INDEX calls_to_digits ON calls (to_digits);
                CREATE INDEX calls_direction_start ON calls (direction, start_time);
                """)
    ]
}
